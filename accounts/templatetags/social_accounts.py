"""What the Connected accounts page shows of each connection, without asking the provider."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django import template

from config.social import PROVIDER_NAMES

register = template.Library()


@register.filter
def provider_name(account: SocialAccount) -> str:
    """The provider's name, also for one no longer configured (its app gone from settings)."""
    return PROVIDER_NAMES.get(account.provider, account.provider.replace("_", " ").title())


@register.filter
def provider_address(account: SocialAccount) -> str:
    """The e-mail address the provider gave for the account, if it gave one."""
    data = account.extra_data if isinstance(account.extra_data, dict) else {}
    for claims in (data.get("userinfo"), data.get("id_token"), data):
        if isinstance(claims, dict) and isinstance(claims.get("email"), str):
            return claims["email"]
    return ""
