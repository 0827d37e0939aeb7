"""The edit history in the browser: an edit shown as a diff, axe-core clean in both colours."""

from __future__ import annotations

from playwright.sync_api import expect

from forum.services import post_edit
from tests.factories import make_thread


def test_the_history_shows_an_edit_as_a_diff_and_passes_axe(page, transactional_db, axe):
    thread = make_thread(
        title="How do you estimate a fixed price job?",
        body="We quote a fixed price.\n\nThen we add ten percent.",
    )
    question = thread.posts.get()
    post_edit(
        post=question,
        editor=question.author,
        body="We quote a capped price.\n\nThen we add ten percent and a risk register.",
        title="How do you estimate a capped price job?",
    )
    page.goto(f"/posts/{question.pk}/history/")
    changes = page.get_by_role("group", name="Changes to the text")
    expect(changes.locator("ins").first).to_contain_text("capped")
    expect(changes.locator("del").first).to_contain_text("fixed")
    # Screen readers are told in words which is which.
    expect(changes.locator("ins").first).to_contain_text("[inserted: capped]")
    expect(changes.locator("del").first).to_contain_text("[deleted: fixed]")
    page.get_by_text("This version as published").first.click()
    expect(page.locator("details[open] .prose").first).to_contain_text("We quote a capped price.")
    assert axe.check(page, "Edit history with a diff").blocking == []
