"""The error pages, reached the way people reach them, styled, accessible and narrow enough.

403, 404 and 429 come from the site's own views. 500 and 503 come from a view that fails:
any error gives the 500 page, a database that cannot be reached gives the 503 page, and both
are rendered without the database or the context processors.
"""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.template import loader
from django.test import Client
from playwright.sync_api import expect

from tests.factories import UserFactory, make_thread

PHONE = {"width": 375, "height": 740}


def looks_like_an_error_page(page, code: int, title: str) -> None:
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".error-page__code")).to_have_text(f"Error {code}")
    # The stylesheet applied: the card's coloured top border, the main link as a button.
    card = page.locator(".error-page")
    assert card.evaluate("el => getComputedStyle(el).borderTopWidth") == "4px"
    link = page.locator(".error-page__links a").first
    assert link.evaluate("el => el.getBoundingClientRect().height") >= 44
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_role("link", name="Skip to content")).to_have_count(1)


@pytest.fixture
def phone(new_page):
    return new_page(viewport=PHONE)


def test_missing_page(phone, transactional_db, axe, browser_events):
    response = phone.goto("/threads/999/no-such-thread/")
    assert response.status == 404
    looks_like_an_error_page(phone, 404, "We could not find that page")
    expect(phone.get_by_role("link", name="Browse by tag")).to_be_visible()
    assert axe.check(phone, "404 Not found").blocking == []
    browser_events.clear()  # the browser logs the 404 status itself


def test_forbidden_page(phone, transactional_db, axe, log_in_as, browser_events):
    thread = make_thread()
    log_in_as(phone, UserFactory())
    response = phone.goto(f"/posts/{thread.posts.get().pk}/edit/")
    assert response.status == 403
    looks_like_an_error_page(phone, 403, "You cannot do that here")
    assert axe.check(phone, "403 Forbidden").blocking == []
    browser_events.clear()


def test_too_many_requests_page(phone, transactional_db, axe, browser_events):
    # Five requests for one address are allowed a minute (allauth's limit); a sixth is not.
    client = Client()
    for _ in range(5):
        client.post("/accounts/password/reset/", {"email": "forgetful@example.com"})
    phone.goto("/accounts/password/reset/")
    phone.get_by_label("E-mail address").fill("forgetful@example.com")
    phone.get_by_role("button", name="Send").click()
    looks_like_an_error_page(phone, 429, "Slow down a little")
    assert axe.check(phone, "429 Too many requests").blocking == []
    browser_events.clear()


@pytest.mark.parametrize(
    ("error", "status", "title"),
    [
        (RuntimeError("a bug"), 500, "Something went wrong on our side"),
        (OperationalError("connection refused"), 503, "The forum is back in a moment"),
    ],
    ids=["bug", "database-down"],
)
def test_server_failure_pages(
    error, status, title, phone, transactional_db, axe, monkeypatch, browser_events
):
    def fail():
        raise error

    monkeypatch.setattr("forum.views.tags_with_thread_counts", fail)
    response = phone.goto("/tags/")
    assert response.status == status
    looks_like_an_error_page(phone, status, title)
    assert axe.check(phone, f"{status} {title}").blocking == []
    browser_events.clear()


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_failure_pages_need_no_database_and_no_request(name):
    # No database fixture here: any query would fail the test ("Database access not allowed").
    html = loader.get_template(name).render()
    assert "<h1>" in html and "/static/css/site.css" in html
