"""Sign-in providers (LinkedIn, Microsoft, Google) read from the environment.

Each is an app of allauth's generic OpenID Connect provider: one code path for all three,
each found through its discovery document at `<server URL>/.well-known/openid-configuration`.
A provider is offered only when both its client id and its secret are set; one without the
other stops the start, since a half-configured provider would otherwise silently vanish. A
server address must use https, except on a loopback address (a test provider on this machine):
the client secret and the member's tokens travel to it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_str, env_url

WEB_SCHEMES = frozenset({"http", "https"})


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class SignInProvider:
    provider_id: str  # in the callback address: /accounts/oidc/<provider_id>/login/callback/
    name: str
    env_prefix: str
    server_url: str  # the issuer; its discovery document is under /.well-known/
    # PKCE on the authorisation request. LinkedIn's token endpoint refuses it.
    pkce: bool


SIGN_IN_PROVIDERS = (
    SignInProvider("linkedin", "LinkedIn", "LINKEDIN", "https://www.linkedin.com/oauth", False),
    SignInProvider(
        # "common": work, school and personal Microsoft accounts. Its issuer names the
        # member's tenant ({tenantid}); accounts/oidc.py checks it against the token's tid.
        "microsoft",
        "Microsoft",
        "MICROSOFT",
        "https://login.microsoftonline.com/common/v2.0",
        True,
    ),
    SignInProvider("google", "Google", "GOOGLE", "https://accounts.google.com", True),
)

PROVIDER_NAMES = {provider.provider_id: provider.name for provider in SIGN_IN_PROVIDERS}


def openid_connect_apps() -> list[dict]:
    """allauth's APPS entries for the providers whose client id and secret are both set."""
    apps = []
    for provider in SIGN_IN_PROVIDERS:
        client_id = env_str(f"{provider.env_prefix}_CLIENT_ID").strip()
        secret = env_str(f"{provider.env_prefix}_CLIENT_SECRET").strip()
        if not client_id and not secret:
            continue
        if not (client_id and secret):
            missing = "SECRET" if client_id else "ID"
            raise ImproperlyConfigured(
                f"{provider.env_prefix}_CLIENT_{missing} must be set too, or neither, to offer "
                f"sign-in with {provider.name}."
            )
        server_url = env_url(
            f"{provider.env_prefix}_SERVER_URL", provider.server_url, schemes=WEB_SCHEMES
        ).rstrip("/")
        parts = urlsplit(server_url)
        if parts.scheme != "https" and not is_loopback(parts.hostname or ""):
            raise ImproperlyConfigured(
                f"{provider.env_prefix}_SERVER_URL must start with https:// (plain http is "
                f"allowed only on a loopback address such as 127.0.0.1), got {server_url!r}."
            )
        apps.append(
            {
                "provider_id": provider.provider_id,
                "name": provider.name,
                "client_id": client_id,
                "secret": secret,
                "settings": {
                    "server_url": server_url,
                    "oauth_pkce_enabled": env_bool(f"{provider.env_prefix}_PKCE", provider.pkce),
                },
            }
        )
    return apps
