"""Security headers and cookie flags, seen through real requests."""

import pytest

from tests.factories import UserFactory, make_thread


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def pages(db):
    member = UserFactory(username="headers")
    thread = make_thread(author=member, tags=("Estimating",))
    return [
        "/",
        thread.get_absolute_url(),
        "/tags/",
        "/tags/estimating/",
        "/search/?q=estimate",
        f"/members/{member.username}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/healthz",
        "/no-such-page/",
    ]


def test_every_page_sends_a_strict_content_security_policy(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["img-src"] == ["'self'", "data:"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["form-action"] == ["'self'"], url
        assert directives["base-uri"] == ["'none'"], url
        assert directives["object-src"] == ["'none'"], url
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url


def test_every_page_sends_the_browser_hardening_headers(client, pages):
    for url in pages:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        permissions = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in permissions, url


def test_error_pages_carry_the_headers_too(client, db):
    response = client.post("/accounts/login/", {"login": "x" * 2_000_000, "password": "x"})
    assert response.status_code == 400
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_csrf_cookie_is_httponly_and_samesite_lax(client, db):
    response = client.get("/accounts/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_session_cookie_from_a_real_login_is_httponly_and_samesite_lax(client, db):
    UserFactory(username="cookiemonster")
    response = client.post(
        "/accounts/login/", {"login": "cookiemonster", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
