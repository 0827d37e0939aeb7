"""Every URL refuses a POST without a CSRF token, and accepts one with it.

The URL list is read from the URL configuration, so new views are covered as they are added.
A view that must take cross-site POSTs (the one-click unsubscribe of RFC 8058) goes in
CSRF_EXEMPT_URL_NAMES with the reason.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from tests.factories import UserFactory

# URL names that may accept a POST without a token, each with its reason.
CSRF_EXEMPT_URL_NAMES: dict[str, str] = {
    "notifications:unsubscribe": (
        "RFC 8058 one-click unsubscribe: mail clients POST without a token; the signed token "
        "in the URL is the proof"
    ),
}
EXPIRED_FORM_PAGE = "This form has expired"
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _concrete(pattern) -> str | None:
    """A pattern as a path: parameters get a stand-in value, since the CSRF check runs before
    the view looks anything up. None for a regular expression with groups (admin, allauth)."""
    if isinstance(pattern, RegexPattern):
        text = str(pattern).lstrip("^").rstrip("$").removesuffix("\\Z")
        return None if re.search(r"[(\[\\.*+?|{]", text) else text
    return _PARAMETER.sub(lambda m: "1" if m["converter"] == "int" else "x", str(pattern))


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        segment = _concrete(entry.pattern)
        if segment is None:
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + segment, inner)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + segment, f"{namespace}{entry.name or ''}"


# Routes written as regular expressions with groups, filled in by hand.
REGEX_ROUTES = ["/accounts/confirm-email/abc123/", "/accounts/password/reset/key/1-abc123/"]


def concrete_urls() -> list[tuple[str, str]]:
    by_hand = {(url, resolve(url).view_name) for url in REGEX_ROUTES}
    return sorted(set(_walk(get_resolver().url_patterns)) | by_hand)


URLS = concrete_urls()


def test_the_url_walk_finds_the_forum_accounts_and_admin_urls():
    names = {name for _, name in URLS}
    assert {"forum:thread_list", "forum:thread_detail", "account_login", "account_signup"} <= names
    assert any(url.startswith("/admin/") for url, _ in URLS)
    assert {"account_reset_password_from_key"} <= names
    assert len(URLS) > 30


@pytest.fixture
def csrf_client(db) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="csrfmember"))
    return client


@pytest.mark.parametrize(("url", "name"), URLS, ids=[url for url, _ in URLS])
def test_post_without_csrf_token_is_refused(csrf_client, url, name):
    if name in CSRF_EXEMPT_URL_NAMES:
        pytest.skip(CSRF_EXEMPT_URL_NAMES[name])
    response = csrf_client.post(url, {"body": "text", "login": "x"})
    assert response.status_code == 403, f"{url} ({name}) took a POST without a CSRF token"
    assert EXPIRED_FORM_PAGE in response.content.decode()


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/accounts/logout/"])
def test_visitor_post_without_token_gets_the_expired_form_page(db, url):
    response = Client(enforce_csrf_checks=True).post(url, {"login": "x", "password": "y"})
    assert response.status_code == 403
    assert EXPIRED_FORM_PAGE in response.content.decode()


def test_post_with_the_token_from_the_form_is_accepted(db):
    UserFactory(username="tokenholder")
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = client.post(
        "/accounts/login/",
        {"login": "tokenholder", "password": "correct-horse-battery", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
