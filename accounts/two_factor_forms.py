"""allauth.mfa's code forms with the forum's limits (settings.MFA_FORMS).

A wrong authenticator or recovery code counts as a failed log-in, under the same keys and
limits as a wrong password (accounts/adapter.py: per account and address, per address) and
per account from any address (LOGIN_CODE_FAILURES_PER_ACCOUNT). allauth's own counting rides
on its "login_failed" rate limit, which settings switch off in favour of ours.

A code from an authenticator app works once: allauth remembers it in the cache, and we claim
it again in the shared limit store (Redis, or the database without it), so a replay is
refused even by another app server or after a restart.
"""

from __future__ import annotations

from allauth.core import context
from allauth.core.internal.cryptokit import normalize_user_code
from allauth.mfa import app_settings
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.totp import forms as totp_forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.adapter import _login_failure_keys
from limits.counters import LimitReached, limits_take


def code_failure_limits(request, user) -> tuple:
    pair_key, address_key = _login_failure_keys(request, {"username": user.username})
    return (
        (pair_key, settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS),
        (address_key, settings.LOGIN_FAILURES_PER_ADDRESS),
        (f"login-failed:code-account:{user.pk}", settings.LOGIN_CODE_FAILURES_PER_ACCOUNT),
    )


def too_many_attempts(wait: int) -> ValidationError:
    minutes = max(1, -(-wait // 60))
    return ValidationError(
        ngettext(
            "Too many wrong codes or passwords. Try again in %(minutes)d minute. If the wrong "
            "ones were not yours, change your password.",
            "Too many wrong codes or passwords. Try again in %(minutes)d minutes. If the "
            "wrong ones were not yours, change your password.",
            minutes,
        )
        % {"minutes": minutes},
        code="too_many_login_attempts",
    )


def incorrect_code() -> ValidationError:
    return ValidationError(
        _("That code is not right, or was already used. Enter the code your app shows now."),
        code="incorrect_code",
    )


def totp_code_claim(user, code: str) -> bool:
    """Marks the app's code as used for the member; False when it was used already."""
    window = app_settings.TOTP_PERIOD * (2 * app_settings.TOTP_TOLERANCE + 1)
    key = f"mfa-totp-used:{user.pk}:{normalize_user_code(code)}"
    try:
        limits_take((key, [(1, window)]))
    except LimitReached:
        return False
    return True


def _code_field(field, label: str) -> None:
    field.label = label
    # Digits on a phone's keyboard; browsers and password managers may fill it in.
    field.widget.attrs = {
        "autocomplete": "one-time-code",
        "inputmode": "numeric",
        "autocapitalize": "off",
        "spellcheck": "false",
        "maxlength": "20",
    }


def _in_our_words(clean_code) -> str:
    """allauth's check of a code, with our wording for a wrong code; anything else (allauth's
    own limit, when an operator turns it on) says what it says."""
    try:
        return clean_code()
    except ValidationError as error:
        if getattr(error, "code", None) == "incorrect_code":
            raise incorrect_code() from None
        raise


class _CountsFailures:
    """clean_code for the log-in step and for confirming it is you with a code."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], _("Code from your app, or a recovery code"))

    def clean_code(self) -> str:
        try:
            attempt = limits_take(*code_failure_limits(context.request, self.user))
        except LimitReached as reached:
            raise too_many_attempts(reached.wait) from None
        code = _in_our_words(super().clean_code)
        if self.authenticator.type == Authenticator.Type.TOTP and not totp_code_claim(
            self.user, code
        ):
            raise incorrect_code()
        # A right code gives its attempt back, as a right password does.
        attempt.release()
        return code


class AuthenticateForm(_CountsFailures, mfa_forms.AuthenticateForm):
    pass


class ReauthenticateForm(_CountsFailures, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    """The code typed to turn the app on is used up too: it cannot log in a moment later."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], _("Code from your app"))

    def clean_code(self) -> str:
        code = _in_our_words(super().clean_code)
        if not totp_code_claim(self.user, code):
            raise incorrect_code()
        return code
