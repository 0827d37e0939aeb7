"""Writing in Chromium: the Markdown toolbar and its shortcuts, quoting a selected passage, and
drafts kept while typing and on leaving, all by keyboard; and the same forms without
JavaScript (no toolbar, a link to the formatting help, "Save draft")."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from forum.models import Thread
from forum.services import post_reply
from tests.factories import ForumFactory, UserFactory, make_thread
from writing.models import ASK_KEY, Draft, reply_key

TOOLBAR_BUTTONS = [
    "Bold",
    "Italic",
    "Link",
    "Bulleted list",
    "Numbered list",
    "Quote",
    "Code",
    "Table",
    "Image",
]


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


def test_the_toolbar_and_its_shortcuts_by_keyboard_alone(page, writer, log_in_as, axe):
    log_in_as(page, writer)
    page.goto("/threads/new/")
    toolbar = page.get_by_role("toolbar", name="Formatting")
    expect(toolbar.get_by_role("button")).to_have_count(len(TOOLBAR_BUTTONS))
    for name in TOOLBAR_BUTTONS:
        expect(toolbar.get_by_role("button", name=name, exact=True)).to_have_attribute(
            "type", "button"
        )
    body = page.get_by_role("textbox", name="Your question")

    # Shortcuts in the text: the word before the cursor, selected with Shift+Ctrl+Left.
    page.get_by_role("textbox", name="Title").focus()
    page.keyboard.press("Tab")  # the body's help text, with its link
    expect(page.get_by_role("link", name="Formatting help")).to_be_focused()
    page.keyboard.press("Tab")  # the toolbar is one tab stop ...
    expect(toolbar.get_by_role("button", name="Bold")).to_be_focused()
    page.keyboard.press("Tab")  # ... and the text comes next
    expect(body).to_be_focused()
    page.keyboard.type("Weekly status")
    page.keyboard.press("Shift+Control+ArrowLeft")
    page.keyboard.press("Control+b")
    expect(body).to_have_value("Weekly **status**")
    page.keyboard.press("End")
    page.keyboard.type(" report")
    page.keyboard.press("Shift+Control+ArrowLeft")
    page.keyboard.press("Control+i")
    expect(body).to_have_value("Weekly **status** *report*")
    page.keyboard.press("End")
    page.keyboard.type(" on the wiki")
    page.keyboard.press("Shift+Control+ArrowLeft")
    page.keyboard.press("Control+k")
    page.keyboard.type("example.com/wiki")  # the cursor waits after https://
    expect(body).to_have_value("Weekly **status** *report* on the [wiki](https://example.com/wiki)")

    # The buttons: Shift+Tab back to the toolbar, arrows to a button, Enter.
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("End")
    expect(toolbar.get_by_role("button", name="Image")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")  # Table
    expect(body).to_be_focused()
    expect(body).to_have_value(
        "Weekly **status** *report* on the [wiki](https://example.com/wiki)\n\n"
        "| Column | Column |\n|---|---|\n| Cell | Cell |"
    )
    # The live preview follows what the toolbar wrote.
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("td")).to_have_text(["Cell", "Cell"])
    expect(preview.locator("strong")).to_have_text("status")

    written = body.input_value() + "\n\n"
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Risks")
    for name, result in (
        ("Code", "`Risks`"),
        ("Quote", "> Risks"),
        ("Numbered list", "1. Risks"),
        ("Bulleted list", "- Risks"),
    ):
        page.keyboard.press("Shift+Home")
        page.keyboard.press("Shift+Tab")  # the toolbar, on the button used last
        button = toolbar.get_by_role("button", name=name, exact=True)
        page.keyboard.press("ArrowLeft")
        expect(button).to_be_focused()
        page.keyboard.press("Space")
        expect(body).to_have_value(written + result)
        page.keyboard.press("Control+z")  # undone as typing is
        expect(body).to_have_value(written + "Risks")
        page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Home")  # Bold ...
    page.keyboard.press("ArrowLeft")  # ... wraps round to Image
    expect(toolbar.get_by_role("button", name="Image")).to_be_focused()
    page.keyboard.press("Enter")
    expect(body).to_have_value(
        "Weekly **status** *report* on the [wiki](https://example.com/wiki)\n\n"
        "| Column | Column |\n|---|---|\n| Cell | Cell |\n\n![Risks](https://)"
    )
    assert axe.check(page, "Ask: toolbar in use").blocking == []


def test_lists_quotes_and_code_from_the_toolbar(page, writer, log_in_as):
    thread = make_thread(title="Where the reply box has a toolbar")
    log_in_as(page, writer)
    page.goto(f"/threads/{thread.pk}/reply/")
    body = page.get_by_role("textbox", name="Your reply")
    toolbar = page.get_by_role("toolbar", name="Formatting")
    for name, expected in (
        ("Bulleted list", "- Scope\n- Budget"),
        ("Numbered list", "1. Scope\n2. Budget"),
        ("Quote", "> Scope\n> Budget"),
        ("Code", "```\nScope\nBudget\n```"),
    ):
        body.fill("Scope\nBudget")
        body.press("Control+a")
        toolbar.get_by_role("button", name=name, exact=True).click()
        expect(body).to_have_value(expected)


def test_quote_a_selected_passage_into_the_reply_box_by_keyboard(page, writer, log_in_as, axe):
    author = UserFactory(display_name="Grace [PMO] Hopper")
    thread = make_thread(title="How small should a release be?", author=author)
    reply = post_reply(
        author=author,
        thread=thread,
        body="Keep the scope small.\n\nShip every week, even when it hurts.",
    )
    log_in_as(page, writer)
    page.goto(thread.get_absolute_url())
    reply_box = page.get_by_role("textbox", name="Your reply")
    reply_box.fill("Agreed with the first point.")
    quote = page.get_by_role("button", name="Quote the selected passage in your reply")
    expect(quote).to_have_count(0)

    # The member's selection, "Ship every week" in the reply, as caret browsing (F7) makes it
    # from the keyboard: the focus in the post's text, the passage selected.
    page.evaluate(
        """(id) => {
            const body = document.querySelector(`#post-${id} .post__body`);
            body.focus();
            const text = body.querySelector("p:last-child").firstChild;
            document.getSelection().setBaseAndExtent(text, 0, text, "Ship every week".length);
        }""",
        reply.pk,
    )
    expect(quote).to_be_visible()
    expect(quote).to_have_text("Quote")
    page.keyboard.press("Tab")  # the button comes next after the post's text
    expect(quote).to_be_focused()
    assert page.evaluate("() => document.getSelection().toString()") == "Ship every week"
    page.keyboard.press("Enter")

    expect(reply_box).to_be_focused()
    expect(reply_box).to_have_value(
        "Agreed with the first point.\n\n"
        f"[Grace \\[PMO\\] Hopper wrote](/content/{reply.pk}/):\n> Ship every week\n\n"
    )
    expect(quote).to_be_hidden()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("blockquote")).to_have_text("Ship every week")
    expect(preview.get_by_role("link", name="Grace [PMO] Hopper wrote")).to_have_attribute(
        "href", f"/content/{reply.pk}/"
    )
    assert axe.check(page, "Thread: quoting a passage").blocking == []

    # Text outside any post offers nothing to quote.
    page.evaluate(
        """() => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector("h1"));
            document.getSelection().removeAllRanges();
            document.getSelection().addRange(range);
        }"""
    )
    expect(quote).to_be_hidden()


def test_tab_goes_from_a_pointer_selection_to_the_quote_button(page, writer, log_in_as):
    thread = make_thread(title="Tabbing to the quote button", body="Plain words to select here.")
    log_in_as(page, writer)
    page.goto(thread.get_absolute_url())
    body = page.locator(".post__body").first
    box = body.bounding_box()
    # A selection made with the pointer: drag across the first words.
    page.mouse.move(box["x"] + 2, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + 80, box["y"] + 8, steps=5)
    page.mouse.up()
    page.keyboard.press("Tab")
    quote = page.get_by_role("button", name="Quote the selected passage in your reply")
    expect(quote).to_be_focused()


def test_a_reply_is_kept_while_typing_and_restored_after_a_reload(page, writer, log_in_as, axe):
    thread = make_thread(title="A reply written over several visits")
    log_in_as(page, writer)
    page.goto(thread.get_absolute_url())
    box = page.get_by_role("textbox", name="Your reply")
    box.press_sequentially("The first half of my reply")
    expect(page.locator(".draft-status")).to_contain_text("Draft saved at", timeout=12_000)
    assert Draft.objects.get(member=writer).values["body"] == "The first half of my reply"

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
    assert Draft.objects.get().values["body"] == "Saved on request"


def test_without_javascript_no_toolbar_a_help_link_and_save_draft_still_work(
    page_without_js, writer, log_in_as
):
    page = page_without_js
    thread = make_thread(title="Writing with scripts turned off")
    log_in_as(page, writer)
    page.goto(thread.get_absolute_url())
    expect(page.get_by_role("toolbar")).to_have_count(0)
    help_link = page.get_by_role("link", name="Formatting help")
    expect(help_link).to_have_attribute("href", "/help/formatting/")

    page.get_by_role("textbox", name="Your reply").fill("Kept without any script")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_text("Draft restored")).to_be_visible()
    assert Draft.objects.get().target == reply_key(thread.pk)
    page.goto(thread.get_absolute_url())
    expect(page.get_by_role("textbox", name="Your reply")).to_have_value("Kept without any script")

    page.goto("/help/formatting/")
    expect(page.get_by_role("heading", name="Formatting help", level=1)).to_be_visible()
