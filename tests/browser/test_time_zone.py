"""The browser's time zone, offered to a member who has not chosen one: on a 375 px phone, in a
browser set to Asia/Tokyo, with the keyboard; without script nothing changes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import expect

from accounts.models import User
from forum.models import Post, Thread
from tests.factories import UserFactory, make_thread

PHONE = {"width": 375, "height": 740}
ASKED_AT = datetime(2026, 3, 3, 5, 5, tzinfo=UTC)  # 14:05 in Tokyo


def a_thread() -> Thread:
    thread = make_thread(title="Who owns the risk register?")
    Post.objects.filter(thread=thread, number=1).update(created_at=ASKED_AT)
    Thread.objects.filter(pk=thread.pk).update(created_at=ASKED_AT, last_activity_at=ASKED_AT)
    return thread


def test_a_member_in_tokyo_is_offered_their_zone_and_says_yes(
    new_page, transactional_db, log_in_as, axe
):
    thread = a_thread()
    member = UserFactory(username="kenji_tokyo")
    page = new_page(timezone_id="Asia/Tokyo", viewport=PHONE)
    log_in_as(page, member)
    page.goto(thread.get_absolute_url())

    offer = page.get_by_role("region", name="Show times in Asia/Tokyo?")
    expect(offer).to_be_visible()
    asked = page.locator(".facts time").first
    expect(asked).to_have_attribute("title", "3 Mar 2026, 05:05 (UTC)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe.check(page, "time zone offer (phone)").blocking == []
    member.refresh_from_db()
    assert member.time_zone == ""  # offered, never set by itself

    # With the keyboard: the "Yes" button takes focus and is pressed.
    yes = offer.get_by_role("button", name="Yes")
    yes.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Times are now shown in Asia/Tokyo.")).to_be_visible()
    assert page.url.endswith(thread.get_absolute_url())
    expect(page.locator(".facts time").first).to_have_attribute(
        "title", "3 Mar 2026, 14:05 (Asia/Tokyo)"
    )
    expect(page.get_by_role("region", name=re.compile("Show times in"))).to_have_count(0)
    assert User.objects.get(pk=member.pk).time_zone == "Asia/Tokyo"
    assert axe.check(page, "thread page in the member's zone (phone)").blocking == []


def test_no_dismisses_the_offer_for_good(new_page, transactional_db, log_in_as):
    member = UserFactory(username="kenji_says_no")
    make_thread(title="Anything to read")
    page = new_page(timezone_id="Asia/Tokyo", viewport=PHONE)
    log_in_as(page, member)
    page.goto("/")

    page.get_by_role("region", name="Show times in Asia/Tokyo?").get_by_role(
        "button", name="No"
    ).click()

    expect(page.get_by_text("Times stay in UTC.")).to_be_visible()
    page.goto("/forums/")
    expect(page.locator(".time-zone-offer")).to_have_count(0)
    member.refresh_from_db()
    assert member.time_zone == "" and member.time_zone_declined


def test_without_script_nothing_is_offered_and_nothing_changes(
    new_page, transactional_db, log_in_as
):
    member = UserFactory(username="no_script_member")
    thread = a_thread()
    page = new_page(js=False, timezone_id="Asia/Tokyo", viewport=PHONE)
    log_in_as(page, member)
    page.goto(thread.get_absolute_url())

    expect(page.locator(".time-zone-offer")).to_be_hidden()
    expect(page.locator(".facts time").first).to_have_attribute("title", "3 Mar 2026, 05:05 (UTC)")
    member.refresh_from_db()
    assert member.time_zone == ""


def test_a_browser_in_utc_is_offered_nothing(new_page, transactional_db, log_in_as):
    member = UserFactory(username="utc_browser")
    make_thread(title="Nothing to offer here")
    page = new_page(timezone_id="UTC")
    log_in_as(page, member)
    page.goto("/")
    expect(page.locator(".time-zone-offer")).to_be_hidden()
