"""Outcomes and the confidentiality guard in Chromium: the guard's warning while typing (with
JavaScript) and after sending (without), "Post anyway" either way, and axe-core on the pages
that show them, at desktop and phone widths."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.services import watch_list_save
from forum.models import OUTCOME_NUMBER, OutcomeReminder, Post, Thread
from forum.outcomes import outcome_post
from forum.services import post_reply
from tests.factories import ForumFactory, UserFactory, make_thread

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
CONFIDENTIAL = "Their PM is jane@globex.com.\n\nWe signed the NDA last week."


@pytest.fixture
def writer(transactional_db):
    member = UserFactory(
        username="wanda_writer",
        display_name="Wanda Writer",
        date_joined=timezone.now() - timedelta(days=60),
    )
    watch_list_save(user=member, names=["Globex"])
    ForumFactory(name="Project Management", slug="project-management")
    return member


@pytest.fixture
def decided(transactional_db):
    """A thread with replies and its outcome, and another whose asker has been reminded."""
    asker = UserFactory(username="noor_asker", display_name="Noor Haddad")
    thread = make_thread(
        title="Fixed price or time and materials for a vague client?",
        author=asker,
        tags=("Contracts", "Estimating"),
        created_at=timezone.now() - timedelta(days=20),
    )
    for n in range(3):
        post_reply(author=UserFactory(), thread=thread, body=f"Advice number {n + 1}.")
    Post.objects.filter(author=asker).update(created_at=timezone.now() - timedelta(days=20))
    outcome_post(
        thread=thread,
        author=asker,
        body="We chose **time and materials** for discovery, then a fixed price.\n\n"
        "Six weeks in: on plan, one change request paid without an argument.",
    )
    waiting = make_thread(title="Should our PMO run a lessons-learned library?", author=asker)
    post_reply(author=UserFactory(), thread=waiting, body="Yes, but keep it short.")
    # Its reminder went out (the reply's fan-out made it, due in some days).
    OutcomeReminder.objects.filter(thread=waiting).update(due_at=None, asked_at=timezone.now())
    # Written a while ago: the asker may post at once (the posting limits).
    Post.objects.filter(author=asker).update(created_at=timezone.now() - timedelta(hours=1))
    return {"asker": asker, "thread": Thread.objects.get(pk=thread.pk), "waiting": waiting}


def test_the_guard_warns_while_typing_and_posts_anyway_when_asked(new_page, writer, log_in_as, axe):
    page = new_page(viewport=DESKTOP)
    log_in_as(page, writer)
    page.goto("/threads/new/")
    page.fill("#id_title", "How do we hand over a portal to the client's team?")
    body = page.get_by_role("textbox", name="Your question")

    body.fill(CONFIDENTIAL)

    warning = page.locator("[data-guard]")
    expect(warning).to_be_visible()
    expect(warning.locator("li")).to_have_text(
        [
            "Line 1: an e-mail address, “jane@globex.com”",
            "Line 1: a name on your watch list, “globex”",
            "Line 3: a word that marks something as confidential, “NDA”",
        ]
    )
    expect(page.get_by_role("status").filter(has_text="may be confidential")).to_have_count(1)
    assert axe.check(page, "Ask, the guard's live warning").blocking == []
    # The watch list itself never reached the page.
    assert "Globex" not in page.content().replace("globex", "")

    body.fill("We hand over with a runbook and two weeks of shadowing.")
    expect(warning).to_be_hidden()
    body.fill(CONFIDENTIAL)
    expect(warning).to_be_visible()
    warning.get_by_role("link", name="Edit").click()
    expect(body).to_be_focused()
    page.fill("#id_tags", "Contracts")
    warning.get_by_role("button", name="Post anyway").click()

    expect(page.locator("h1")).to_have_text("How do we hand over a portal to the client's team?")
    assert Thread.objects.get().posts.get(number=1).body.replace("\r\n", "\n") == CONFIDENTIAL


def test_without_javascript_the_server_warns_and_keeps_the_text(
    new_page, writer, log_in_as, browser_events
):
    thread = make_thread(title="Client asks for our staff CVs: normal?")
    page = new_page(js=False, viewport=PHONE)
    log_in_as(page, writer)
    page.goto(thread.get_absolute_url())
    page.fill("textarea[name=body]", CONFIDENTIAL)
    page.get_by_role("button", name="Post your reply").click()

    warning = page.get_by_role("alert").filter(has_text="this may be confidential")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Line 1: an e-mail address, “jane@globex.com”")
    expect(page.locator("textarea[name=body]")).to_have_value(CONFIDENTIAL)
    assert thread.posts.count() == 1
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]

    warning.get_by_role("button", name="Post anyway").click()

    expect(page.locator(".post").last).to_contain_text("We signed the NDA last week.")
    assert thread.posts.count() == 2


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_outcome_pages_pass_axe_at_both_widths(new_page, decided, log_in_as, axe, viewport):
    page = new_page(viewport=viewport)
    thread, asker = decided["thread"], decided["asker"]
    width = viewport["width"]

    page.goto(thread.get_absolute_url())
    outcome = page.get_by_role("region", name="Outcome")
    expect(outcome).to_contain_text("time and materials")
    expect(outcome.locator("article")).to_have_count(1)
    assert axe.check(page, f"Thread with its outcome ({width} px)").blocking == []
    page.goto("/tags/contracts/?outcome=yes")
    expect(page.get_by_role("link", name="With an outcome (1)")).to_have_attribute(
        "aria-current", "true"
    )
    assert axe.check(page, f"Tag page, with an outcome ({width} px)").blocking == []
    page.goto("/tags/")
    assert axe.check(page, f"Tag index with outcome counts ({width} px)").blocking == []

    log_in_as(page, asker)
    page.goto(decided["waiting"].get_absolute_url())
    prompt = page.get_by_role("region", name="What did you decide, and how did it go?")
    expect(prompt.get_by_role("button", name="Don't ask again")).to_be_visible()
    assert axe.check(page, f"Thread, the asker's prompt ({width} px)").blocking == []
    prompt.get_by_role("link", name="Post the outcome").click()
    expect(page.locator("h1")).to_have_text("What did you decide, and how did it go?")
    assert axe.check(page, f"Outcome form ({width} px)").blocking == []
    page.get_by_role("textbox", name="What did you decide").fill("We started one: ten entries.")
    page.get_by_role("button", name="Post the outcome").click()
    expect(page.get_by_role("region", name="Outcome")).to_contain_text("ten entries")
    assert Post.objects.filter(thread=decided["waiting"], number=OUTCOME_NUMBER).exists()

    page.goto("/accounts/watch-list/")
    assert axe.check(page, f"Confidentiality watch list ({width} px)").blocking == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_the_servers_warning_page_passes_axe(new_page, writer, log_in_as, axe):
    thread = make_thread(title="Who signs off a change request on a retainer?")
    page = new_page(viewport=DESKTOP)
    log_in_as(page, writer)
    page.goto(f"/threads/{thread.pk}/reply/")
    page.fill("textarea[name=body]", "Ask Globex for the signed PO 4500012345 first.")
    page.get_by_role("button", name="Post your reply").click()

    warning = page.locator("[data-guard]")
    expect(warning).to_contain_text("a contract or purchase-order number, “PO 4500012345”")
    expect(warning).to_contain_text("a name on your watch list, “Globex”")
    assert axe.check(page, "Reply, the guard's warning after sending").blocking == []
    assert thread.posts.count() == 1
