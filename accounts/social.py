"""Sign-in with a provider (allauth.socialaccount): what this site does differently.

- Apps come only from settings (config/social.py reads the environment), so listing the
  providers on a page costs no query and an app added in the admin does nothing.
- What a provider says about a person (name, headline, suggested username) is a suggestion
  for the first sign-in's form, cleaned by the rules of the profile form first: a hostile
  name is shortened and stripped, or dropped, never stored as sent.
- An address the provider vouches for that already belongs to an account here stops the
  sign-in with a page that says to log in and connect the provider from Settings: a
  provider never gets anyone into an existing account (no takeover by address).
"""

from __future__ import annotations

import logging
import unicodedata

from allauth.account.internal.emailkit import valid_email_or_none
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount import app_settings
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.forms import ProfileForm
from accounts.models import User
from accounts.validators import INVISIBLE_CONTROLS, tidy_line, validate_username

logger = logging.getLogger(__name__)

# Characters the profile form refuses in a line: taken out of a provider's text rather than
# refusing the sign-in over them.
_NAME_ONLY_REFUSED = frozenset("<>")


def profile_line_from_provider(value: object, field_name: str) -> str:
    """A provider's display name or headline as the profile form would accept it, or "".

    Controls and invisible characters are taken out, the rest tidied and cut to the field's
    length, then the profile form's own field (with its validators) has the last word."""
    if not isinstance(value, str):
        return ""
    field = ProfileForm.base_fields[field_name]
    kept = "".join(
        char
        for char in value
        if char not in INVISIBLE_CONTROLS
        and unicodedata.category(char) != "Cc"
        and not (field_name == "display_name" and char in _NAME_ONLY_REFUSED)
    )
    text = tidy_line(kept)[: field.max_length].strip()
    try:
        return field.clean(text)
    except ValidationError:
        return ""


def username_from_provider(value: object) -> str:
    """A suggested username, if the provider's fits the site's rules; else none."""
    if not isinstance(value, str):
        return ""
    suggestion = value.strip().lower()
    try:
        validate_username(suggestion)
    except ValidationError:
        return ""
    return suggestion


def vouched_addresses(sociallogin: SocialLogin) -> list[str]:
    return [address.email for address in sociallogin.email_addresses if address.verified]


def address_has_account(emails: list[str]) -> bool:
    query = Q()
    for email in emails:
        query |= Q(email__iexact=email)
    return bool(emails) and (
        EmailAddress.objects.filter(query).exists() or User.objects.filter(query).exists()
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "email_taken": _(
            "An account already uses this e-mail address. Log in to it first, then connect "
            "%s under Connected accounts in your settings."
        ),
        "no_password": _(
            "This is your only way to log in: your account has no password. Set a password "
            "first (Password, in your settings), then you can disconnect it."
        ),
        "no_verified_email": _(
            "This is your only way to log in, and none of your e-mail addresses is confirmed, "
            "so a password could not be reset either. Confirm an address first, then you can "
            "disconnect it."
        ),
        "disconnect_last": _("This is your only way to log in, so it cannot be disconnected."),
        "connected_other": _(
            "That account at the provider is already connected to another member's account here."
        ),
    }

    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id=None
    ) -> list[SocialApp]:
        apps = []
        for provider_key, config in app_settings.PROVIDERS.items():
            for entry in config.get("APPS", []):
                app = SocialApp(
                    provider=provider_key,
                    provider_id=entry.get("provider_id", ""),
                    name=entry.get("name", ""),
                    client_id=entry["client_id"],
                    secret=entry.get("secret", ""),
                    settings=dict(entry.get("settings", {})),
                )
                if provider and provider not in (app.provider, app.provider_id):
                    continue
                if client_id and app.client_id != client_id:
                    continue
                apps.append(app)
        return apps

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict):
        user = sociallogin.user
        email = data.get("email")
        user.username = username_from_provider(data.get("username"))
        user.email = (valid_email_or_none(email) if isinstance(email, str) else None) or ""
        user.display_name = profile_line_from_provider(data.get("name"), "display_name")
        user.headline = profile_line_from_provider(data.get("headline"), "headline")
        return user

    def get_signup_form_initial_data(self, sociallogin: SocialLogin) -> dict:
        initial = super().get_signup_form_initial_data(sociallogin)
        initial["display_name"] = sociallogin.user.display_name
        initial["headline"] = sociallogin.user.headline
        return initial

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.is_existing or sociallogin.state.get("process") == AuthProcess.CONNECT:
            return
        # Only an address the provider vouches for: an unconfirmed one goes on to the form,
        # where a taken address is handled as on the join page (a mail to the address, the
        # same page either way), so this page never tells a stranger an address is known.
        vouched = vouched_addresses(sociallogin)
        if address_has_account(vouched):
            raise ImmediateHttpResponse(
                render(
                    request,
                    "socialaccount/account_exists.html",
                    {"provider": sociallogin.provider, "email": vouched[0]},
                    status=409,
                )
            )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        # What went wrong, for the operator; the member sees a page saying nothing was saved.
        logger.warning(
            "Sign-in with %s refused: %s%s",
            getattr(provider, "sub_id", provider),
            error or "error",
            f" ({type(exception).__name__}: {exception})" if exception else "",
        )
