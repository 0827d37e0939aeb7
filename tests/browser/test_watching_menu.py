"""The watching menus on a 375 px phone, by keyboard only: the thread's and the tag's levels
chosen with the arrow keys (sent as chosen, said in the status line, the page not reloaded),
and without JavaScript with the Save button; axe-core clean, nothing wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from notifications.models import Subscription, TagFollow
from tests.factories import UserFactory, make_quiet_thread

PHONE = {"width": 375, "height": 812}
WIDER_THAN_THE_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def reader(transactional_db):
    return UserFactory(username="wanjiru_k", display_name="Wanjiru Kamau")


def test_a_thread_is_watched_tracked_and_muted_by_keyboard(page, reader, log_in_as, axe):
    thread = make_quiet_thread(title="How do you report a slipping milestone?")
    page.set_viewport_size(PHONE)
    log_in_as(page, reader)
    page.goto(thread.get_absolute_url())
    menu = page.get_by_role("region", name="Notifications")
    levels = menu.get_by_role("group", name="How closely you follow this thread")
    expect(levels.get_by_role("radio", name="Normal")).to_be_checked()
    expect(menu.get_by_role("button", name="Save")).to_be_hidden()  # each choice is sent
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    assert axe.check(page, "Thread page, watching menu (375 px)").blocking == []
    page.evaluate("() => { window.stillTheSamePage = true; }")

    # Into the group at its checked choice, then the arrows.
    levels.get_by_role("radio", name="Normal").focus()
    page.keyboard.press("ArrowUp")
    expect(levels.get_by_role("radio", name="Tracking")).to_be_checked()
    expect(menu.get_by_role("status")).to_have_text(
        "You are tracking this thread: every reply, by notice only."
    )
    assert Subscription.objects.get(user=reader, thread=thread).level == "tracking"

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # past Normal to Muted: only the last choice is sent
    expect(levels.get_by_role("radio", name="Muted")).to_be_checked()
    expect(menu.get_by_role("status")).to_have_text(
        "You muted this thread: nothing from it, and it leaves your lists."
    )
    assert Subscription.objects.get(user=reader, thread=thread).level == "muted"
    assert page.evaluate("() => window.stillTheSamePage === true")
    expect(levels.get_by_role("radio", name="Muted")).to_be_focused()

    # The muted thread has left the member's list, and is still there by its address.
    page.goto("/")
    expect(page.get_by_role("link", name=thread.title)).to_have_count(0)
    page.goto(thread.get_absolute_url())
    expect(
        page.get_by_role("region", name="Notifications").get_by_role("radio", name="Muted")
    ).to_be_checked()


def test_without_javascript_the_save_button_sets_the_level(page_without_js, reader, log_in_as):
    page = page_without_js
    thread = make_quiet_thread(title="Which status colours do clients trust?")
    page.set_viewport_size(PHONE)
    log_in_as(page, reader)
    page.goto(thread.get_absolute_url())
    menu = page.get_by_role("region", name="Notifications")
    menu.get_by_role("radio", name="Normal").focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(menu.get_by_role("radio", name="Watching")).to_be_checked()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("button", name="Save")).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{thread.get_absolute_url()}")
    expect(
        page.get_by_role("region", name="Notifications").get_by_role("radio", name="Watching")
    ).to_be_checked()
    expect(page.locator(".messages")).to_contain_text("You are watching this thread")
    assert Subscription.objects.get(user=reader, thread=thread).level == "watching"


def test_a_tag_is_watched_by_keyboard_on_its_page(page, reader, log_in_as, axe):
    make_quiet_thread(title="Estimating a migration", tags=("Estimating",))
    page.set_viewport_size(PHONE)
    log_in_as(page, reader)
    page.goto("/tags/estimating/")
    levels = page.get_by_role("group", name="How closely you follow this tag")
    expect(levels.get_by_role("radio", name="Normal")).to_be_checked()
    levels.get_by_role("radio", name="Normal").focus()
    page.keyboard.press("ArrowUp")
    expect(levels.get_by_role("radio", name="Watching first post")).to_be_checked()
    expect(page.get_by_role("status").filter(has_text="new questions in Estimating")).to_have_count(
        1
    )
    assert TagFollow.objects.get(user=reader).level == "first_post"
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    assert axe.check(page, "Tag page, watching menu (375 px)").blocking == []
