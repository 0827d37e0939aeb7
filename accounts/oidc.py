"""allauth's OpenID Connect provider, stricter in four ways.

1. Every ID token's signature is checked against the provider's published keys. allauth skips
   the check when the token came straight from the token endpoint (OpenID Connect allows that
   over TLS); checking costs one request for the keys and means a token that was altered
   anywhere, or a server address overridden to plain HTTP, is refused all the same.
2. A Microsoft "common" issuer ("https://login.microsoftonline.com/{tenantid}/v2.0") is
   compared with the token's own tenant (its "tid" claim), as Microsoft documents, so one app
   serves every tenant without accepting tokens from another issuer.
3. What a provider sends is made safe to keep: claims with NUL characters (which PostgreSQL
   cannot store) are cleaned, e-mail addresses longer than a database column are left out,
   and a reply with no usable subject is a refused sign-in (a page), not a server error.
4. allauth takes who the member is from the userinfo answer; its "sub" must be the verified
   ID token's "sub" (OpenID Connect Core 1.0, section 5.3.2), or the sign-in is refused.

The callback address is built from SITE_URL, never from the request's Host header, so it is
exactly the address registered with each provider.
"""

from __future__ import annotations

from typing import Any

from allauth.core.internal.deferred import jwt
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect import provider as oidc_provider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

TENANT_PLACEHOLDER = "{tenantid}"
EMAIL_MAX_LENGTH = 254  # allauth's EmailAddress.email


def without_nul(value: Any) -> Any:
    """The same JSON-like value with NUL characters taken out of every string."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


def expected_issuer(issuer: str, id_token: str) -> str:
    """The discovery document's issuer, with a tenant placeholder filled from the token."""
    if TENANT_PLACEHOLDER not in issuer:
        return issuer
    try:
        tenant = jwt.decode(id_token, options={"verify_signature": False}).get("tid")
    except jwt.PyJWTError as error:
        raise OAuth2Error("Invalid id_token") from error
    if not isinstance(tenant, str) or not tenant or "/" in tenant:
        raise OAuth2Error("The id_token names no tenant")
    return issuer.replace(TENANT_PLACEHOLDER, tenant)


class OpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=expected_issuer(self.openid_config["issuer"], id_token),
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )

    def get_callback_url(self, request: HttpRequest, app) -> str:
        path = reverse("openid_connect_callback", kwargs={"provider_id": self.provider_id})
        return settings.SITE_URL + path


class OpenIDConnectProvider(oidc_provider.OpenIDConnectProvider):
    oauth2_adapter_class = OpenIDConnectAdapter
    # allauth finds a provider's URLs in its package: the log-in view stays allauth's.
    package = "allauth.socialaccount.providers.openid_connect"

    def sociallogin_from_response(self, request: HttpRequest, response):
        userinfo, id_token = response.get("userinfo"), response.get("id_token")
        both = isinstance(userinfo, dict) and isinstance(id_token, dict)
        if both and userinfo.get("sub") != id_token.get("sub"):
            # The userinfo answer is about someone other than the signed ID token.
            raise ProviderException("The userinfo answer is about another account")
        try:
            return super().sociallogin_from_response(request, without_nul(response))
        except (KeyError, TypeError, ValueError, ImproperlyConfigured) as error:
            # No "sub", or one too long for the column: the provider's answer is unusable.
            raise ProviderException("The provider's answer names no usable account") from error

    def extract_common_fields(self, data) -> dict:
        fields = super().extract_common_fields(data)
        # Not a standard claim: a provider that sends one (LinkedIn's profile has a headline)
        # fills the member's headline; otherwise it stays blank.
        fields["headline"] = oidc_provider._pick_data(data).get("headline")
        email = fields.get("email")
        if not isinstance(email, str) or len(email) > EMAIL_MAX_LENGTH:
            fields["email"] = None
        return fields

    def extract_email_addresses(self, data) -> list:
        return [
            address
            for address in super().extract_email_addresses(data)
            if isinstance(address.email, str) and len(address.email) <= EMAIL_MAX_LENGTH
        ]


def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The provider sends the member back here (same address as allauth's own view, which
    this one replaces: config/urls.py resolves it first)."""
    try:
        view = OAuth2CallbackView.adapter_view(OpenIDConnectAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
