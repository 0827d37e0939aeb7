"""Which providers are offered, and how: from the environment, as POST forms, at a fixed cost.

None of these tests talks to a provider (the flows are in test_sign_in_flow.py)."""

from __future__ import annotations

import re
from pathlib import Path

import jwt
import pytest
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from accounts.oidc import expected_issuer
from accounts.social import profile_line_from_provider
from config.social import SIGN_IN_PROVIDERS, openid_connect_apps
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
VARIABLES = ("CLIENT_ID", "CLIENT_SECRET", "SERVER_URL", "PKCE")


@pytest.fixture
def no_providers_in_environment(monkeypatch):
    for provider in SIGN_IN_PROVIDERS:
        for variable in VARIABLES:
            monkeypatch.delenv(f"{provider.env_prefix}_{variable}", raising=False)


@pytest.fixture
def all_three(no_providers_in_environment, monkeypatch, settings):
    """All three providers configured as an operator would; nothing here contacts them."""
    for provider in SIGN_IN_PROVIDERS:
        monkeypatch.setenv(f"{provider.env_prefix}_CLIENT_ID", f"{provider.provider_id}-id")
        monkeypatch.setenv(f"{provider.env_prefix}_CLIENT_SECRET", "a-secret")
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": openid_connect_apps(),
        }
    }


@pytest.fixture
def none_configured(no_providers_in_environment, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {**settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": []}
    }


def test_a_provider_is_offered_only_when_its_id_and_secret_are_both_set(
    no_providers_in_environment, monkeypatch
):
    assert openid_connect_apps() == []

    monkeypatch.setenv("GOOGLE_CLIENT_ID", "google-id")
    with pytest.raises(ImproperlyConfigured, match="GOOGLE_CLIENT_SECRET must be set too"):
        openid_connect_apps()

    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", "google-secret")
    [google] = openid_connect_apps()
    assert google["provider_id"] == "google"
    assert (google["client_id"], google["secret"]) == ("google-id", "google-secret")
    assert google["settings"] == {
        "server_url": "https://accounts.google.com",
        "oauth_pkce_enabled": True,
    }


def test_each_providers_server_defaults_to_the_real_one_and_can_be_overridden(
    no_providers_in_environment, monkeypatch
):
    for provider in SIGN_IN_PROVIDERS:
        monkeypatch.setenv(f"{provider.env_prefix}_CLIENT_ID", "id")
        monkeypatch.setenv(f"{provider.env_prefix}_CLIENT_SECRET", "secret")
    servers = {app["provider_id"]: app["settings"] for app in openid_connect_apps()}
    assert servers == {
        "linkedin": {"server_url": "https://www.linkedin.com/oauth", "oauth_pkce_enabled": False},
        "microsoft": {
            "server_url": "https://login.microsoftonline.com/common/v2.0",
            "oauth_pkce_enabled": True,
        },
        "google": {"server_url": "https://accounts.google.com", "oauth_pkce_enabled": True},
    }

    monkeypatch.setenv("MICROSOFT_SERVER_URL", "https://login.microsoftonline.com/consumers/v2.0/")
    microsoft = next(app for app in openid_connect_apps() if app["provider_id"] == "microsoft")
    assert microsoft["settings"]["server_url"] == "https://login.microsoftonline.com/consumers/v2.0"

    monkeypatch.setenv("LINKEDIN_SERVER_URL", "linkedin.com/oauth")
    with pytest.raises(ImproperlyConfigured, match="LINKEDIN_SERVER_URL"):
        openid_connect_apps()


@pytest.mark.parametrize(
    "server_url",
    ["http://www.linkedin.com/oauth", "http://10.0.0.5/o", "http://127.0.0.1.example/o"],
)
def test_a_server_url_over_plain_http_stops_the_start(
    no_providers_in_environment, monkeypatch, server_url
):
    monkeypatch.setenv("LINKEDIN_CLIENT_ID", "id")
    monkeypatch.setenv("LINKEDIN_CLIENT_SECRET", "secret")
    monkeypatch.setenv("LINKEDIN_SERVER_URL", server_url)

    with pytest.raises(ImproperlyConfigured, match="LINKEDIN_SERVER_URL must start with https://"):
        openid_connect_apps()


@pytest.mark.parametrize(
    "server_url", ["http://127.0.0.1:8001/o", "http://[::1]:8001/o", "http://localhost:8001/o"]
)
def test_a_server_url_over_plain_http_on_a_loopback_address_is_allowed(
    no_providers_in_environment, monkeypatch, server_url
):
    monkeypatch.setenv("LINKEDIN_CLIENT_ID", "id")
    monkeypatch.setenv("LINKEDIN_CLIENT_SECRET", "secret")
    monkeypatch.setenv("LINKEDIN_SERVER_URL", server_url)

    [app] = openid_connect_apps()
    assert app["settings"]["server_url"] == server_url


def test_every_providers_variables_are_documented_in_env_example():
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    wanted = {
        f"{provider.env_prefix}_{variable}"
        for provider in SIGN_IN_PROVIDERS
        for variable in VARIABLES
    }
    assert wanted - listed == set()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/accounts/login/", "/accounts/signup/"])
def test_without_configuration_no_provider_is_shown_or_reachable(none_configured, client, page):
    body = client.get(page).content.decode()

    assert "Continue with" not in body
    assert "/accounts/oidc/" not in body
    assert client.get("/accounts/oidc/linkedin/login/").status_code == 404
    assert client.post("/accounts/oidc/google/login/").status_code == 404
    assert client.get("/accounts/oidc/google/login/callback/?state=x&code=y").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/accounts/login/", "/accounts/signup/"])
def test_configured_providers_are_post_forms_with_csrf(
    all_three, page, django_assert_max_num_queries
):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    with django_assert_max_num_queries(3):
        body = client.get(page).content.decode()

    forms = re.findall(
        r'<form class="provider-form" method="post" action="([^"]+)">(.*?)</form>', body, re.S
    )
    # In alphabetical order, none put first.
    assert [action.split("?")[0] for action, _ in forms] == [
        "/accounts/oidc/google/login/",
        "/accounts/oidc/linkedin/login/",
        "/accounts/oidc/microsoft/login/",
    ]
    assert [re.search(r"<button[^>]*>(.*?)</button>", form).group(1) for _, form in forms] == [
        "Continue with Google",
        "Continue with LinkedIn",
        "Continue with Microsoft",
    ]
    assert all('name="csrfmiddlewaretoken"' in form for _, form in forms)
    # Without the token the sign-in does not start.
    assert client.post("/accounts/oidc/linkedin/login/?process=login").status_code == 403


@pytest.mark.django_db
def test_opening_a_sign_in_address_asks_before_leaving_the_site(all_three, client):
    page = client.get("/accounts/oidc/microsoft/login/?process=login")

    assert page.status_code == 200
    body = page.content.decode()
    assert "Continue with Microsoft" in body
    assert '<form class="form" method="post">' in body


@pytest.mark.django_db
def test_connected_accounts_page_offers_every_configured_provider(
    all_three, member_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        page = member_client.get("/accounts/3rdparty/")

    body = page.content.decode()
    assert 'aria-current="page">Connected accounts</a>' in body
    for name in ("LinkedIn", "Microsoft", "Google"):
        assert f"Connect {name}</button>" in body
    assert "No account is connected yet." in body


@pytest.mark.django_db
def test_connected_accounts_page_is_in_the_settings_menu(none_configured, member_client):
    body = member_client.get("/accounts/profile/").content.decode()

    assert '<a href="/accounts/3rdparty/">Connected accounts</a>' in body
    page = member_client.get("/accounts/3rdparty/").content.decode()
    assert "This site offers no sign-in with other services at the moment." in page


@pytest.mark.django_db
def test_a_connection_to_a_provider_no_longer_configured_still_lists_and_disconnects(
    none_configured, client
):
    from allauth.socialaccount.models import SocialAccount

    member = UserFactory()
    account = SocialAccount.objects.create(
        user=member, provider="linkedin", uid="42", extra_data={"userinfo": {"email": "a@b.org"}}
    )
    client.force_login(member)

    body = client.get("/accounts/3rdparty/").content.decode()
    assert "LinkedIn" in body and "a@b.org" in body

    # The member has a password, so the connection can go.
    done = client.post("/accounts/3rdparty/", {"account": account.pk}, follow=True)
    assert "Disconnected" in done.content.decode()
    assert not SocialAccount.objects.exists()
    [notice] = mail.outbox
    assert notice.subject == "[PM Forum] LinkedIn was disconnected from your account"


def test_a_microsoft_tenant_issuer_is_the_tokens_own_tenant():
    common = "https://login.microsoftonline.com/{tenantid}/v2.0"
    token = jwt.encode({"tid": "9188040d-6c67-4c5b-b112-36a304b66dad"}, "k" * 32)

    assert expected_issuer(common, token) == (
        "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"
    )
    assert expected_issuer("https://accounts.google.com", token) == "https://accounts.google.com"
    for claims in ({}, {"tid": ""}, {"tid": "a/b"}, {"tid": 7}):
        with pytest.raises(OAuth2Error):
            expected_issuer(common, jwt.encode(claims, "k" * 32))
    with pytest.raises(OAuth2Error):
        expected_issuer(common, "not a token")


@pytest.mark.parametrize(
    ("sent", "field", "kept"),
    [
        ("Ada Okafor", "display_name", "Ada Okafor"),
        ("  Ada \n\t Okafor  ", "display_name", "Ada Okafor"),
        ("<b>Ada</b>", "display_name", "bAda/b"),
        ("Ada\u202e\u200b\x00Okafor", "display_name", "AdaOkafor"),
        ("A" * 200, "display_name", "A" * 80),
        ("Deleted member", "display_name", ""),
        ("Admin", "display_name", ""),
        ("\u2800\u3164", "display_name", ""),
        (None, "display_name", ""),
        (["Ada"], "display_name", ""),
        ("Head <of> PMO", "headline", "Head <of> PMO"),
        ("Lead | " * 40, "headline", ("Lead | " * 40)[:120].strip()),
    ],
)
def test_a_providers_name_and_headline_pass_the_profile_forms_rules(sent, field, kept):
    assert profile_line_from_provider(sent, field) == kept


@pytest.mark.django_db
@pytest.mark.parametrize("reply", [{}, {"userinfo": {"name": "No subject"}}, {"sub": "x" * 300}])
def test_a_reply_naming_no_usable_account_is_a_refusal_not_an_error(all_three, reply):
    request = RequestFactory().get("/")
    provider = get_adapter().get_provider(request, "linkedin")

    with pytest.raises(ProviderException):
        provider.sociallogin_from_response(request, reply)
