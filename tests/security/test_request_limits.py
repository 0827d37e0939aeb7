"""Oversized request bodies get the forum's own 400 page, never a server error."""

import pytest
from django.conf import settings


@pytest.fixture
def login_url(db):
    return "/accounts/login/"


def test_request_body_limits_are_set_well_below_django_defaults():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 1_000_000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 200


def test_oversized_post_gets_the_styled_400_page(client, login_url):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(login_url, {"login": body, "password": "secret"})
    assert response.status_code == 400
    assert response.templates[0].name == "400.html"
    html = response.content.decode()
    assert "That request could not be handled" in html
    assert "/static/css/site.css" in html


def test_post_with_too_many_fields_gets_the_400_page(client, login_url):
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(login_url, fields)
    assert response.status_code == 400
    assert "That request could not be handled" in response.content.decode()


def test_a_post_just_under_the_limit_is_handled_normally(client, login_url):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 100)
    response = client.post(login_url, {"login": body, "password": "secret"})
    assert response.status_code == 200  # the login form again, with its error


@pytest.mark.parametrize(
    "url",
    ["/search/?q=%00", "/search/?q=a%00b", "/members/a%00b/", "/?sort=%00", "/tags/x%00/"],
)
def test_nul_characters_in_the_address_get_the_400_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "That request could not be handled" in response.content.decode()


@pytest.mark.parametrize(
    "cookie",
    [
        "sessionid=abc\x00def1234567890",  # a NUL as it is
        'sessionid="abc\\000def1234567890"',  # quoted, as a cookie library escapes it
        "sessionid=\x00",
    ],
)
def test_nul_character_in_the_session_cookie_is_no_session(client, db, cookie):
    from tests.factories import UserFactory

    member = UserFactory(display_name="Session Holder")
    client.force_login(member)
    assert "Session Holder" in client.get("/").content.decode()

    home = client.get("/", HTTP_COOKIE=cookie)
    asking = client.get("/threads/new/", HTTP_COOKIE=cookie)

    assert home.status_code == 200
    assert "Session Holder" not in home.content.decode()
    assert 'href="/accounts/login/' in home.content.decode()
    assert asking.status_code == 302
    assert asking["Location"].startswith("/accounts/login/")
