"""Claims from the tests' JSON file; ID tokens altered after signing for "tampered" clients;
userinfo answers about someone else for "other userinfo" clients."""

import base64
import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Validator(OAuth2Validator):
    # LinkedIn-like: a headline comes with the profile scope.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "headline": "profile"}

    def get_additional_claims(self, request):
        return dict(settings.CONFIG["people"][request.user.username]["claims"])

    def finalize_id_token(self, id_token, token, token_handler, request):
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if request.client.client_id not in settings.CONFIG["tampered_clients"]:
            return signed
        # Someone between the provider and the site changes who the token is about; the
        # signature, made over the original, no longer matches.
        header, payload, signature = signed.split(".")
        claims = json.loads(_unb64(payload))
        claims["sub"] = "someone-else"
        claims["email"] = "someone.else@example.net"
        return ".".join([header, _b64(json.dumps(claims).encode()), signature])

    def get_userinfo_claims(self, request):
        claims = super().get_userinfo_claims(request)
        if request.client.client_id in settings.CONFIG.get("other_userinfo_clients", []):
            # The signed ID token is about the member; the userinfo answer is not.
            claims["sub"] = "someone-else"
            claims["email"] = "someone.else@example.net"
        return claims
