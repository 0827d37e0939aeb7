"""Drafts in Chromium: kept while typing and on leaving the page, restored, discarded by
keyboard, deleted by posting; and "Save draft" without JavaScript."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from forum.models import Thread
from tests.factories import ForumFactory, UserFactory, make_thread
from writing.models import ASK_KEY, Draft, reply_key


def wait_for(check, seconds: float = 10.0):
    """What the server sees a moment after the page acted (a save the page sent by itself)."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


@pytest.fixture
def writer(transactional_db):
    ForumFactory(name="Project Management", slug="project-management")
    return UserFactory(username="wendy_writer", display_name="Wendy Writer")


def test_a_reply_is_kept_while_typing_and_restored_after_a_reload(page, writer, log_in_as, axe):
    thread = make_thread(title="A reply written over several visits")
    log_in_as(page, writer)
    page.goto(thread.get_absolute_url())
    box = page.get_by_role("textbox", name="Your reply")
    box.press_sequentially("The first half of my reply")
    expect(page.locator(".draft-status")).to_contain_text("Draft saved at", timeout=12_000)
    assert Draft.objects.get(member=writer).values == {"body": "The first half of my reply"}

    page.reload()
    expect(page.get_by_text("Draft restored")).to_be_visible()
    expect(box).to_have_value("The first half of my reply")
    assert axe.check(page, "Thread: a reply draft restored").blocking == []

    page.get_by_role("button", name="Discard this draft").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Draft discarded.")).to_be_visible()
    expect(box).to_have_value("")
    assert not Draft.objects.exists()


def test_leaving_the_page_saves_the_draft_and_posting_deletes_it(page, writer, log_in_as):
    log_in_as(page, writer)
    page.goto("/threads/new/")
    page.get_by_role("textbox", name="Title").fill("Status reports for a fixed-price client?")
    page.get_by_role("textbox", name="Your question").fill("Written just before leaving")
    page.get_by_role("link", name="Latest").click()  # well before the next periodic save

    draft = wait_for(lambda: Draft.objects.filter(member=writer, target=ASK_KEY).first())
    assert draft is not None
    assert draft.values["body"] == "Written just before leaving"
    assert draft.values["title"] == "Status reports for a fixed-price client?"
    page.reload()
    page.get_by_role("link", name="Drafts (1)").click()
    page.get_by_role("link", name="Question: “Status reports for a fixed-price client?”").click()
    expect(page.get_by_role("textbox", name="Your question")).to_have_value(
        "Written just before leaving"
    )

    page.get_by_role("combobox", name="Tags").fill("Estimating")
    page.get_by_role("button", name="Post your question").click()
    expect(page.locator("h1")).to_have_text("Status reports for a fixed-price client?")
    page.goto("/")  # leaving the posted form's page saved nothing again
    time.sleep(0.5)
    assert not Draft.objects.exists()
    assert Thread.objects.filter(author=writer).count() == 1


def test_save_draft_with_the_script_stays_on_the_page_and_says_so(page, writer, log_in_as):
    thread = make_thread(title="Saving a draft by the button")
    log_in_as(page, writer)
    page.goto(f"/threads/{thread.pk}/reply/")
    page.get_by_role("textbox", name="Your reply").fill("Saved on request")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").filter(has_text="Draft saved at")).to_have_count(1)
    expect(page).to_have_url(f"/threads/{thread.pk}/reply/")
    assert Draft.objects.get().values == {"body": "Saved on request"}


def test_without_javascript_save_draft_keeps_the_reply(page_without_js, writer, log_in_as):
    page = page_without_js
    thread = make_thread(title="Writing with scripts turned off")
    log_in_as(page, writer)
    page.goto(thread.get_absolute_url())
    page.get_by_role("textbox", name="Your reply").fill("Kept without any script")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_text("Draft restored")).to_be_visible()
    assert Draft.objects.get().target == reply_key(thread.pk)
    page.goto(thread.get_absolute_url())
    expect(page.get_by_role("textbox", name="Your reply")).to_have_value("Kept without any script")
