"""The page frame at desktop and phone widths: the header with a long name, the sidebar."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from playwright.sync_api import expect

from forum.services import post_reply
from moderation.services import thread_set_locked
from notifications.services import thread_subscribe
from tests.factories import UserFactory, make_moderator, make_thread
from writing.models import ASK_KEY, Draft, reply_key

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
LONG_NAME = "Maximiliana Oyelaran-Featherstonehaugh III"  # 42 characters

# The header's shown parts (and the account links'), each with its box, left to right.
BOXES = """(selector) => [...document.querySelector(selector).children]
    .filter((el) => el.getClientRects().length)
    .map((el) => {
        const box = el.getBoundingClientRect();
        const { top, bottom, left, right } = box;
        // Content drawn past its own box (a squeezed flex item) runs into its neighbour.
        const overflows = el.scrollWidth > Math.ceil(box.width) + 1;
        return { name: el.className, top, bottom, left, right, overflows };
    })"""


def assert_side_by_side(parts: list[dict], width: int) -> None:
    """On one row, none running into the next, none past the window's edge."""
    first_row_bottom = min(part["bottom"] for part in parts)
    assert all(part["top"] < first_row_bottom for part in parts), parts
    assert not [part for part in parts if part["overflows"]], parts
    for left, right in itertools.pairwise(parts):
        assert left["right"] <= right["left"] + 0.5, (left, right)
    assert max(part["right"] for part in parts) <= width, parts


@pytest.fixture
def long_named_moderator(transactional_db):
    member = UserFactory(username="long_named_member", display_name=LONG_NAME)
    make_moderator(member)
    return member


def give_drafts(member, count: int = 12) -> None:
    """Drafts enough for a two-digit "Drafts (12)" in the header."""
    Draft.objects.create(member=member, target=ASK_KEY, values={"body": "Half a question"})
    for n in range(count - 1):
        thread = make_thread(title=f"A thread with a draft reply {n}")
        Draft.objects.create(
            member=member, target=reply_key(thread.pk), thread=thread, values={"body": "Half"}
        )


def test_a_long_name_keeps_the_desktop_header_on_one_row(new_page, log_in_as, long_named_moderator):
    thread = make_thread(title="Where the header is looked at", replies=1)
    # The widest header: a moderator with unread notices and posts waiting for review.
    reporter = UserFactory()
    flag = Client()
    flag.force_login(reporter)
    flag.post(f"/posts/{thread.posts.get(number=2).pk}/flag/", {"reason": "spam"})
    thread_subscribe(user=long_named_moderator, thread=thread, seen_number=1)
    post_reply(author=reporter, thread=thread, body="A reply the moderator has not read")
    give_drafts(long_named_moderator)
    page = new_page(viewport=DESKTOP)
    log_in_as(page, long_named_moderator)
    for url in ("/", thread.get_absolute_url()):
        page.goto(url)
        assert_side_by_side(page.evaluate(BOXES, ".site-header__inner"), DESKTOP["width"])
        assert_side_by_side(page.evaluate(BOXES, ".account-nav"), DESKTOP["width"])
        expect(page.locator(".account-nav__queue .badge")).to_be_visible()
        expect(page.get_by_role("link", name="Drafts (12)")).to_be_visible()

        # Cut short with an ellipsis on screen; the whole name on hover and to screen readers.
        name = page.locator(".account-nav__member span").first
        assert name.evaluate("el => el.scrollWidth > el.clientWidth")
        assert name.evaluate("el => getComputedStyle(el).textOverflow") == "ellipsis"
        member_link = page.get_by_role("link", name=LONG_NAME)
        expect(member_link).to_have_attribute("title", LONG_NAME)


def test_a_long_name_leaves_the_phone_header_usable(new_page, log_in_as, long_named_moderator):
    give_drafts(long_named_moderator)
    page = new_page(viewport=PHONE)
    log_in_as(page, long_named_moderator)
    page.goto("/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    for name in ("Notifications", "Drafts (12)", "Settings"):
        link = page.get_by_role("link", name=name, exact=True)
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()


def test_the_sidebar_sits_beside_the_thread_on_a_desktop_and_below_it_on_a_phone(
    new_page, transactional_db
):
    thread = make_thread(title="Where does the sidebar go?", tags=("Estimating",), replies=2)
    make_thread(title="Another estimating question", tags=("Estimating",))
    page = new_page(viewport=DESKTOP)
    page.goto(thread.get_absolute_url())
    main = page.locator(".thread").bounding_box()
    aside = page.get_by_role("complementary", name="About this thread")
    expect(aside).to_contain_text("Another estimating question")
    box = aside.bounding_box()
    assert box["x"] >= main["x"] + main["width"]  # to the right, in what was empty space
    assert box["y"] < main["y"] + 200  # beside the question, not under the replies

    page.set_viewport_size(PHONE)
    main = page.locator(".thread").bounding_box()
    box = aside.bounding_box()
    assert box["y"] >= main["y"] + main["height"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_moderation_log_on_a_phone_scrolls_sideways_instead_of_breaking_words(
    new_page, log_in_as, long_named_moderator
):
    thread = make_thread(title="How do I reconcile estimate tools with the finance spreadsheets?")
    thread_set_locked(
        thread=thread,
        locked=True,
        moderator=long_named_moderator,
        reason="Answered in full; further replies repeat the accepted answer",
    )
    page = new_page(viewport=PHONE)
    log_in_as(page, long_named_moderator)
    page.goto("/moderation/log/")

    # One-word headings ("When", "Who", "What") each stay on one line.
    lines = page.locator(".log-table th").evaluate_all(
        """cells => cells.map((cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return range.getClientRects().length;
        })"""
    )
    assert set(lines) == {1}, lines
    table = page.locator(".log-table")
    assert table.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls in its box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
