"""A member's standing in the browser: the author card, the member page and the directory's
orders, on a phone and a desktop, without JavaScript, checked by axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from forum.models import Post
from forum.services import post_reply, post_toggle_accepted, post_toggle_helpful
from tests.factories import UserFactory, make_thread

WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def standing(transactional_db):
    answerer = UserFactory(
        username="a_rather_long_username_for_an_answerer",
        display_name="Bartholomew Fitzwilliam-Montgomery-Smythe",
        headline="Senior programme and portfolio management office lead, EMEA and APAC",
    )
    newcomer = UserFactory(username="newcomer", display_name="Nia Newcomer")
    thread = make_thread(
        title="How do you price a discovery phase?", tags=("Estimating", "Contracts")
    )
    reply = post_reply(author=answerer, thread=thread, body="Price it as its own small project.")
    post_reply(author=newcomer, thread=thread, body="Following this one.")
    for _ in range(12):
        post_toggle_helpful(post=Post.objects.get(pk=reply.pk), user=UserFactory())
    post_toggle_accepted(post=reply)
    return {"answerer": answerer, "thread": thread}


@pytest.mark.parametrize("width", WIDTHS)
def test_standing_reads_on_cards_member_page_and_directory(new_page, standing, axe, width):
    page = new_page(viewport=WIDTHS[width])
    answerer = standing["answerer"]

    page.goto(standing["thread"].get_absolute_url())
    card = page.locator(".post__header", has_text=answerer.name).locator(".author-card__standing")
    # Short for the eye; spelled out for a screen reader.
    expect(card.locator("[aria-hidden=true]")).to_have_text("12 helpful · 1 accepted")
    expect(card.locator("[aria-hidden=true]")).to_be_visible()
    expect(card.locator(".visually-hidden")).to_have_text(
        "12 helpful marks received, 1 accepted answer"
    )
    assert page.locator(".author-card__standing").count() == 1  # the newcomer's card says nothing
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    assert axe.check(page, f"Thread page with standing ({width})").blocking == []

    page.goto(answerer.get_absolute_url())
    expect(page.locator(".member-header__standing")).to_have_text(
        "12 helpful marks received · 1 accepted answer"
    )
    expect(page.get_by_role("heading", name="Best answers")).to_be_visible()
    page.get_by_role("link", name="Contracts").click()
    expect(page).to_have_url(re.compile(r"/tags/contracts/$"))
    page.go_back()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    assert axe.check(page, f"Member page with standing ({width})").blocking == []

    page.goto("/members/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    assert axe.check(page, f"Members by standing ({width})").blocking == []


def test_directory_orders_work_without_javascript_and_by_keyboard(new_page, standing):
    page = new_page(js=False, viewport=WIDTHS["phone"])
    page.goto("/members/")
    sorts = page.get_by_role("navigation", name="Sort members")
    sorts.get_by_role("link", name="Most accepted").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/members/?sort=accepted")
    first = page.locator(".member-list__name a").first
    expect(first).to_have_text(standing["answerer"].name)
    sorts.get_by_role("link", name="Name").click()
    expect(page.locator(".member-list__name a").first).to_have_text(standing["answerer"].name)
    expect(sorts.get_by_role("link", name="Name")).to_have_attribute("aria-current", "true")
