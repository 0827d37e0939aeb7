"""No URL of the forum sends a visitor to another site, whatever `next` or path it is given."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from tests.factories import UserFactory, make_thread
from tests.security.corpus import is_dangerous_url, page_problems

HOSTILE_NEXT = [
    "//evil.example",
    "//evil.example/path",
    "https://evil.example",
    "http://evil.example/",
    "HTTPS://evil.example",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "///evil.example",
    "////evil.example",
    " //evil.example",
    "\t//evil.example",
    "/%09/evil.example",
    "/%2F/evil.example",
    "https://testserver@evil.example",
    "https://evil.example\\@testserver",
    "javascript:alert(1)",
    "JavaScript:alert(1)//",
    "data:text/html,<script>alert(1)</script>",
]


def assert_on_site(response) -> None:
    """A redirect that stays on this site and uses a web scheme."""
    assert response.status_code in {301, 302, 303}, response.status_code
    location = response["Location"]
    assert not is_dangerous_url(location), location
    # Browsers drop tabs and newlines from URLs and read "\" as "/".
    as_browser_reads_it = re.sub(r"[\t\n\r]", "", location).strip().replace("\\", "/")
    target = urlsplit(urljoin("http://testserver/", as_browser_reads_it))
    assert target.scheme in {"http", "https"} and target.netloc == "testserver", location


@pytest.fixture
def member(db):
    return UserFactory(username="redirected")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_sends_the_member_off_site(client, member, target):
    response = client.post(
        "/accounts/login/",
        {"login": "redirected", "password": "correct-horse-battery", "next": target},
    )
    assert_on_site(response)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_query_string_next_is_ignored_when_off_site(client, member, target):
    url = "/accounts/login/?" + urlencode({"next": target})
    response = client.post(url, {"login": "redirected", "password": "correct-horse-battery"})
    assert_on_site(response)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_logout_never_sends_the_member_off_site(client, member, target):
    client.force_login(member)
    response = client.post("/accounts/logout/", {"next": target})
    assert_on_site(response)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_signup_never_sends_the_new_member_off_site(client, db, target):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "username": "newcomer",
            "password1": "a-long enough passphrase 42",
            "password2": "a-long enough passphrase 42",
            "next": target,
        },
    )
    assert_on_site(response)


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_account_pages_do_not_turn_next_into_a_dangerous_link(client, db, url, target):
    response = client.get(url + "?" + urlencode({"next": target}))
    assert response.status_code == 200
    assert page_problems(response.content.decode()) == []


@pytest.mark.parametrize(
    "path", ["//evil.example", "//evil.example/", "/\\evil.example", "///evil.example/x"]
)
def test_slash_appending_does_not_redirect_off_site(client, db, path):
    # PATH_INFO is set directly: the test client would read "//evil.example" as a host.
    response = client.get("/", PATH_INFO=path)
    if response.status_code in {301, 302}:
        assert_on_site(response)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("query", ["next=//evil.example", "page=1&url=https://evil.example"])
def test_thread_slug_and_content_redirects_stay_on_the_thread(client, db, query):
    thread = make_thread(title="Where do estimates go wrong?")
    response = client.get(f"/threads/{thread.pk}/wrong-slug/?{query}")
    assert_on_site(response)
    assert response["Location"].startswith(thread.get_absolute_url())

    question = thread.posts.get(number=1)
    response = client.get(f"/content/{question.pk}/?{query}")
    assert_on_site(response)
    assert response["Location"].startswith(thread.get_absolute_url())


@pytest.mark.parametrize("slug", ["%2F%2Fevil.example", "%5Cevil.example", "@evil.example"])
def test_thread_slug_redirect_ignores_what_is_in_the_slug(client, db, slug):
    thread = make_thread(title="Where do estimates go wrong?")
    response = client.get(f"/threads/{thread.pk}/{slug}/")
    if response.status_code == 404:  # a slug with "/" in it matches no route at all
        return
    assert_on_site(response)
    assert response["Location"] == thread.get_absolute_url()
