"""A real OpenID Connect provider on loopback for the sign-in tests, and a member's browser
that goes back and forth between it and the site.

The provider (tests/accounts/oidc_provider/) runs in a subprocess on a free 127.0.0.1 port with
its own temporary SQLite database, started once for the session and stopped at its end. The
site is the Django test client; its requests to the provider (discovery, token, keys,
userinfo) are real HTTP requests, and so are the member's (authorise, log in there).

The fixtures are imported by conftest.py here and by the browser tests of these pages.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
START_SECONDS = 60
REQUEST_SECONDS = 10
PASSWORD = "provider-password-1"
SITE_PROVIDERS = ("linkedin", "microsoft", "google")
TAMPERED_CLIENT = "tampered-client"
OTHER_USERINFO_CLIENT = "other-userinfo-client"

# The people the provider knows (fictional), with the claims it sends for each.
PEOPLE = {
    "ada": {
        "name": "Ada Okafor",
        "headline": "Programme manager | Public sector",
        "email": "ada.okafor@example.org",
        "email_verified": True,
    },
    "grace": {"name": "Grace Member", "email": "grace@example.org", "email_verified": True},
    "tomas": {"name": "Tomás Unverified", "email": "tomas@example.org", "email_verified": False},
    "nia": {"name": "Nia Connect", "email": "nia.elsewhere@example.org", "email_verified": True},
    "hostile": {
        "name": "<script>alert(1)</script>\u202e\x00\x07 Ada\u200b " + "x" * 500,
        "headline": "\x1b[31mHead\x00line\u2066 " + "Lead | " * 100,
        "email": "hostile@example.org",
        # Some providers send it as a string.
        "email_verified": "true",
    },
    "reserved": {"name": "Deleted member", "email": "reserved@example.org", "email_verified": True},
}


@dataclass
class Provider:
    url: str  # the issuer: discovery is at url + "/.well-known/openid-configuration"
    clients: dict[str, str]  # client id -> secret


def _read_line(stream, seconds: float) -> str:
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    return line[0] if line else ""


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory, django_test_environment) -> Provider:
    from django.conf import settings

    folder = tmp_path_factory.mktemp("oidc-provider")
    callbacks = [
        f"{settings.SITE_URL}/accounts/oidc/{provider_id}/login/callback/"
        for provider_id in SITE_PROVIDERS
    ]
    clients = {
        "linkedin-client": "linkedin-secret",
        "google-client": "google-secret",
        TAMPERED_CLIENT: "tampered-secret",
        OTHER_USERINFO_CLIENT: "other-userinfo-secret",
    }
    config = {
        "database": str(folder / "provider.sqlite3"),
        "people": {
            username: {"password": PASSWORD, "claims": claims}
            for username, claims in PEOPLE.items()
        },
        "clients": [
            {"client_id": client_id, "secret": secret, "redirect_uris": callbacks}
            for client_id, secret in clients.items()
        ],
        "tampered_clients": [TAMPERED_CLIENT],
        "other_userinfo_clients": [OTHER_USERINFO_CLIENT],
    }
    config_file = folder / "config.json"
    config_file.write_text(json.dumps(config))
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.accounts.oidc_provider.serve"],
        cwd=ROOT,
        env={"OIDC_PROVIDER_CONFIG": str(config_file), "PATH": "/usr/bin:/bin"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = _read_line(process.stdout, START_SECONDS)
        if not line.startswith("listening "):
            process.kill()
            raise RuntimeError(f"the test provider did not start: {process.stderr.read()}")
        yield Provider(url=f"http://127.0.0.1:{int(line.split()[1])}/o", clients=clients)
    finally:
        process.stdin.close()  # it stops by itself when its input closes ...
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()  # ... and is killed if it has not
            process.wait(timeout=5)


@pytest.fixture
def sign_in_providers(oidc_provider, settings, monkeypatch):
    """LinkedIn and Google, as the environment would configure them, at the test provider."""

    def configure(*, linkedin_client: str = "linkedin-client") -> None:
        from config.social import openid_connect_apps

        for name in ("LINKEDIN", "GOOGLE"):
            monkeypatch.setenv(f"{name}_SERVER_URL", oidc_provider.url)
        monkeypatch.setenv("LINKEDIN_CLIENT_ID", linkedin_client)
        monkeypatch.setenv("LINKEDIN_CLIENT_SECRET", oidc_provider.clients[linkedin_client])
        monkeypatch.setenv("GOOGLE_CLIENT_ID", "google-client")
        monkeypatch.setenv("GOOGLE_CLIENT_SECRET", oidc_provider.clients["google-client"])
        for name in ("MICROSOFT_CLIENT_ID", "MICROSOFT_CLIENT_SECRET"):
            monkeypatch.delenv(name, raising=False)
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
                "APPS": openid_connect_apps(),
            }
        }

    configure()
    return configure


class MemberBrowser:
    """One person's browser: the test client on the site, a requests session at the provider."""

    def __init__(self, client, site_url: str) -> None:
        self.client = client
        self.site_url = site_url
        self.provider = requests.Session()

    def start(self, page: str, provider_name: str):
        """Press "Continue with <provider>" (or "Connect <provider>") on a page of the site:
        the form's own action, posted; returns the site's answer (a redirect to the provider)."""
        body = self.client.get(page).content.decode()
        forms = re.findall(
            r'<form class="provider-form" method="post" action="([^"]+)">.*?</form>', body, re.S
        )
        [action] = [
            html.unescape(action)
            for action, form in zip(
                forms,
                re.findall(r'<form class="provider-form".*?</form>', body, re.S),
                strict=True,
            )
            if f"{provider_name}</button>" in form
        ]
        return self.client.post(action)

    def at_provider(self, url: str, username: str) -> str:
        """Follow the provider's redirects, logging in there as `username` when it asks;
        returns the address it sends the browser back to on the site."""
        for _ in range(10):
            response = self.provider.get(url, allow_redirects=False, timeout=REQUEST_SECONDS)
            if response.status_code == 200 and 'name="password"' in response.text:
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
                response = self.provider.post(
                    url,
                    data={
                        "csrfmiddlewaretoken": token.group(1),
                        "username": username,
                        "password": PASSWORD,
                    },
                    allow_redirects=False,
                    timeout=REQUEST_SECONDS,
                )
            assert response.status_code == 302, response.text[:2000]
            url = urljoin(url, response.headers["Location"])
            if url.startswith(self.site_url + "/"):
                return url
        raise AssertionError("the provider never sent the browser back")

    def back_at_site(self, url: str, **kwargs):
        parts = urlsplit(url)
        return self.client.get(f"{parts.path}?{parts.query}", **kwargs)

    def sign_in(
        self, *, username: str, provider_name: str = "LinkedIn", page: str = "/accounts/login/"
    ):
        """The whole round trip; returns the site's last page after following its redirects."""
        started = self.start(page, provider_name)
        assert started.status_code == 302, started.content.decode()[:2000]
        return self.back_at_site(self.at_provider(started["Location"], username), follow=True)


@pytest.fixture
def browser_for(settings):
    def make(client) -> MemberBrowser:
        return MemberBrowser(client, settings.SITE_URL)

    return make


@pytest.fixture
def member_browser(client, browser_for) -> MemberBrowser:
    return browser_for(client)
