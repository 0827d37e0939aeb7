from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from accounts.services import (
    CONFIRMATION_MAIL_INTERVAL,
    confirmation_mail_claim,
    confirmation_mail_sent,
)
from forum.cache_keys import member_list_changed
from limits.counters import LimitReached, limits_clear, limits_take


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def _login_failure_keys(request: HttpRequest, credentials: dict[str, Any]) -> tuple[str, str]:
    """The keys that count failed log-ins: the account (as typed) with the client's address,
    and the address alone."""
    login = str(credentials.get("email", credentials.get("username", ""))).lower()
    address = get_ip(request)  # allauth's: the trusted proxy setting, IPv6 by /64
    pair = hashlib.sha256(f"{login}\n{address}".encode()).hexdigest()
    return f"login-failed:account-address:{pair}", f"login-failed:address:{address}"


class AccountAdapter(DefaultAccountAdapter):
    """Links in account e-mail come from SITE_URL, never from the Host header of a request.

    ALLOWED_HOSTS may list several names (an internal one, a load balancer's); a reset link
    must always point at the public site.

    Failed log-ins are counted here rather than by allauth (whose "login_failed" limit is
    switched off in settings): per account and address, so a stranger's wrong passwords
    never lock the owner out of their own network, and per address; atomically, in Redis or,
    without it, in the database (limits/counters.py).
    """

    def authenticate(self, request: HttpRequest, **credentials: Any):
        pair_key, address_key = _login_failure_keys(request, credentials)
        try:
            # Taken before checking the password, so simultaneous guesses cannot all pass.
            attempt = limits_take(
                (pair_key, settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS),
                (address_key, settings.LOGIN_FAILURES_PER_ADDRESS),
            )
        except LimitReached:
            raise self.validation_error("too_many_login_attempts") from None
        user = super().authenticate(request, **credentials)
        if user is not None:
            # A success gives its attempt back rather than wiping the count, so a member who
            # knows one password cannot reset an attack on another from the same address.
            attempt.release()
        return user

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any):
        """After a password reset, the member's own failures from this address are forgotten."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        limits_clear(_login_failure_keys(request, credentials)[0])

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Our own names, so allauth's (built from the request) are never used by our templates.
        context = {
            **context,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "site_login_url": site_url(reverse("account_login")),
            "site_signup_url": site_url(reverse("account_signup")),
            "site_reset_url": site_url(reverse("account_reset_password")),
        }
        super().send_mail(template_prefix, email, context)

    def login(self, request: HttpRequest, user) -> None:
        # Django stamps last_login while logging the member in, so it is read first: the
        # welcome message (account/messages/logged_in.txt) tells a first visit from a return.
        user.first_log_in = user.last_login is None
        super().login(request, user)

    def should_send_confirmation_mail(
        self, request: HttpRequest, email_address, signup: bool
    ) -> bool:
        # Joining always sends its link. Logging in before confirming sends a new one only
        # when the last is a few minutes old; respond_email_verification_sent then says which.
        if signup:
            return True
        request.confirmation_mail_asked_for = email_address.email
        return confirmation_mail_claim(email=email_address.email) is None

    def send_confirmation_mail(self, request: HttpRequest, emailconfirmation, signup: bool) -> None:
        super().send_confirmation_mail(request, emailconfirmation, signup)
        request.confirmation_mail_went = True
        confirmation_mail_sent(email=emailconfirmation.email_address.email)

    def respond_email_verification_sent(self, request: HttpRequest, user) -> HttpResponseBase:
        # allauth's rate limit may also hold a link back after the claim; only a mail that
        # really went says "sent" (its own message), anything else says it did not.
        asked_for = getattr(request, "confirmation_mail_asked_for", None)
        if asked_for and not getattr(request, "confirmation_mail_went", False):
            self.add_message(
                request,
                messages.INFO,
                "account/messages/email_confirmation_not_sent.txt",
                {
                    "email": asked_for,
                    "minutes": int(CONFIRMATION_MAIL_INTERVAL.total_seconds() // 60),
                },
            )
        return super().respond_email_verification_sent(request, user)

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth hands over "<uidb36>-<key>" as one opaque string; its URL pattern splits it.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit)
        # A new member is counted in the member directory at once.
        transaction.on_commit(member_list_changed)
        return user
