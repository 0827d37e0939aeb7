"""Two-factor authentication: allauth.mfa does the work; this module holds what is ours.

- `MFAAdapter`: names the site in authenticator apps and on security keys.
- `needs_two_factor` and `two_factor_required_response`: moderators and staff must have an
  authenticator (an app or a security key) before moderating, when
  FORUM_REQUIRE_2FA_FOR_MODERATORS is on (the default).
- `totp_activate` and `totp_current_code`: give a member an authenticator app with a known
  secret (the demo content) and tell its current code (`manage.py totp_code`).
"""

from __future__ import annotations

from allauth.mfa import app_settings
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.signals import authenticator_added
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.services import other_sessions_end
from forum.permissions import holds_moderator_role

# The authenticators that are a second factor on their own; recovery codes only stand in.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


@receiver(authenticator_added)
def _end_other_sessions(sender, request, user, authenticator, **kwargs) -> None:
    """A second factor guards the account from now on, moderator powers included: a session
    opened elsewhere with the password alone (perhaps a stolen one) must not keep them."""
    if request is not None and authenticator.type in SECOND_FACTORS:
        other_sessions_end(request=request, user=user)


class MFAAdapter(DefaultMFAAdapter):
    def _get_site_name(self) -> str:
        # The site's name, not the Host header of the request, in apps and on keys.
        return settings.SITE_NAME


def has_two_factor(user) -> bool:
    """Whether the member has an authenticator app or a security key. Asked once per
    request (remembered on the user object), and only on the pages that need to know."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_two_factor"):
        user._has_two_factor = Authenticator.objects.filter(
            user_id=user.pk, type__in=SECOND_FACTORS
        ).exists()
    return user._has_two_factor


def needs_two_factor(user) -> bool:
    """A moderator or staff member who must set up two-factor authentication before using
    their powers. Costs nothing for other members (is_moderator is loaded with the member,
    accounts/backends.py) and one query for moderators on the pages that ask."""
    if not settings.FORUM_REQUIRE_2FA_FOR_MODERATORS:
        return False
    return holds_moderator_role(user) and not has_two_factor(user)


def two_factor_required_response(request: HttpRequest) -> HttpResponse | None:
    """What a moderator without two-factor authentication gets instead of a moderator page:
    a page opened (GET) sends them to the set-up page with a message saying why; an action
    (POST) gets a 403 page linking there, since a form's answer should not be a redirect
    that drops what was sent. None when the request may go on."""
    if not needs_two_factor(request.user):
        return None
    if request.method in ("GET", "HEAD"):
        messages.warning(request, required_message())
        return redirect("mfa_index")
    return render(request, "mfa/required.html", status=403)


def required_message() -> str:
    return _(
        "Moderators and staff must turn on two-factor authentication before using the "
        "moderation pages, moderator actions or the admin. Set up an authenticator app or a "
        "security key here, then go back."
    )


@transaction.atomic
def totp_activate(*, user, secret: str) -> Authenticator:
    """Give `user` an authenticator app with a known secret (base32), and recovery codes,
    as turning it on in the settings would (without the mail). Replaces an app they had."""
    Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).delete()
    authenticator = TOTP.activate(user, secret).instance
    if not Authenticator.objects.filter(
        user_id=user.pk, type=Authenticator.Type.RECOVERY_CODES
    ).exists():
        RecoveryCodes.activate(user)
    return authenticator


def totp_current_code(authenticator: Authenticator, *, at: float) -> str:
    """The code the member's authenticator app shows at the time `at` (a Unix timestamp),
    computed with allauth's own functions."""
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(at) // app_settings.TOTP_PERIOD))
