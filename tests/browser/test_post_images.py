"""Attaching images in Chromium: by the button with the keyboard alone, by dropping and pasting
onto the text, what the member hears when the server refuses, and the same without JavaScript."""

from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from forum.models import Post, PostImage
from tests.factories import established_member, make_thread

FILE_IN_PAGE = """([name, type, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type }));
  return transfer;
}"""


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def intercept_file_choosers(page) -> None:
    """Playwright turns on catching file choosers when the first listener is added, without
    waiting for the browser to confirm: a chooser opened right after could be missed."""
    page.on("filechooser", lambda chooser: None)
    page.goto("/")  # a round trip, by which the browser has the setting


def start_writing(page, log_in_as, address: str, words: str):
    """An established member on a page with a reply box, words typed, the preview answered
    (the test database takes one request at a time); returns the text box."""
    log_in_as(page, established_member())
    intercept_file_choosers(page)
    page.goto(address)
    text = page.get_by_role("textbox", name="Your reply")
    text.fill(words)
    expect(page.get_by_role("region", name="Preview")).to_contain_text(words.split()[-1])
    return text


def png(size=(400, 300), colour=(31, 95, 139)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


def chosen(content: bytes, name: str = "burn-up.png", mime: str = "image/png") -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def test_a_member_attaches_an_image_with_the_keyboard_and_it_shows_in_the_reply(
    page, transactional_db, log_in_as, axe
):
    thread = make_thread(title="How do you show progress on a fixed-price build?")
    text = start_writing(page, log_in_as, thread.get_absolute_url(), "Our chart after week 7:")
    preview = page.get_by_role("region", name="Preview")
    status = page.locator("[data-image-status]")

    # From the text, the next stop is the button; Enter opens the file chooser.
    text.press("Tab")
    expect(page.get_by_role("button", name="Add an image")).to_be_focused()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(chosen(png()))

    dialog = page.get_by_role("dialog", name="Describe the image")
    description = dialog.get_by_role("textbox", name="Description")
    expect(description).to_be_focused()
    expect(dialog.get_by_text("File: burn-up.png")).to_be_visible()
    expect(dialog.locator("img")).to_be_visible()  # a look at the picture, to describe it
    assert axe.check(page, "Reply box, describing an image").blocking == []
    page.keyboard.press("Enter")  # nothing typed yet
    expect(dialog.get_by_text("Please describe the image")).to_be_visible()
    expect(description).to_be_focused()
    page.keyboard.type("Burn-up chart: 60 of 90 points done")
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(status).to_have_text("Image added to your text: Burn-up chart: 60 of 90 points done.")
    expect(text).to_be_focused()
    expect(text).to_have_value(
        re.compile(
            r"^Our chart after week 7:\n\n"
            r"!\[Burn-up chart: 60 of 90 points done\]\(/media/post-images/[\w-]+\.png\)$"
        )
    )
    expect(preview.locator("img")).to_have_attribute("alt", "Burn-up chart: 60 of 90 points done")
    assert axe.check(page, "Reply box with an attached image").blocking == []

    for _ in range(10):  # to the Post button, by keyboard
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Post your reply":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#post-\d+$"))

    reply = Post.objects.get(thread=thread, number=2)
    shown = page.locator(f"#post-{reply.pk} .post__body img")
    expect(shown).to_have_attribute("loading", "lazy")
    expect(shown).to_have_attribute("width", "400")
    shown.scroll_into_view_if_needed()
    expect(shown).to_have_js_property("naturalWidth", 400)  # the file really came
    link = page.locator(f"#post-{reply.pk} .post-image")
    expect(link).to_have_attribute("href", shown.get_attribute("src"))
    assert PostImage.objects.get().post == reply
    assert axe.check(page, "Thread page, an image in a reply").blocking == []


def test_images_dropped_or_pasted_onto_the_text_are_attached_where_the_cursor_is(
    page, transactional_db, log_in_as
):
    thread = make_thread(title="Dropping screenshots into a reply")
    text = start_writing(page, log_in_as, f"/threads/{thread.pk}/reply/", "Before.\nAfter.")
    preview = page.get_by_role("region", name="Preview")
    text.evaluate("(area) => area.setSelectionRange(7, 7)")  # at the end of "Before."
    dialog = page.get_by_role("dialog", name="Describe the image")

    dropped = page.evaluate_handle(
        FILE_IN_PAGE, ["board.png", "image/png", base64.b64encode(png()).decode()]
    )
    text.dispatch_event("drop", {"dataTransfer": dropped})
    dialog.get_by_role("textbox", name="Description").fill("Sprint board")
    dialog.get_by_role("button", name="Add the image").click()
    expect(text).to_have_value(
        re.compile(r"^Before\.\n\n!\[Sprint board\]\(/media/post-images/[\w-]+\.png\)\n\nAfter\.$")
    )
    expect(preview.locator("img")).to_have_attribute("alt", "Sprint board")

    pasted = page.evaluate_handle(
        FILE_IN_PAGE, ["image.png", "image/png", base64.b64encode(png(colour=(1, 2, 3))).decode()]
    )
    text.evaluate("(area) => area.setSelectionRange(area.value.length, area.value.length)")
    text.evaluate(
        "(area, data) => area.dispatchEvent("
        "new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}))",
        pasted,
    )
    dialog.get_by_role("textbox", name="Description").fill("Risk heat map")
    dialog.get_by_role("button", name="Add the image").click()
    expect(text).to_have_value(re.compile(r"After\.\n\n!\[Risk heat map\]\(/media/post-images/"))
    assert PostImage.objects.count() == 2


def test_the_member_hears_why_an_image_was_not_attached_and_keeps_the_text(
    page, transactional_db, log_in_as, browser_events
):
    thread = make_thread(title="Refused attachments")
    text = start_writing(page, log_in_as, f"/threads/{thread.pk}/reply/", "My text stays.")
    status = page.locator("[data-image-status]")
    expect(status).to_have_attribute("role", "status")

    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Add an image").click()
    chooser.value.set_files(chosen(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "plan.png"))
    page.get_by_role("dialog").get_by_role("textbox", name="Description").fill("Plan")
    page.keyboard.press("Enter")
    expect(status).to_have_text(
        "“plan.png” is an SVG drawing, which can carry scripts, so it cannot be attached. "
        "Please export it as a PNG and attach that."
    )
    browser_events.clear()  # the browser logs the 400 answer

    # Too large: said at once, without sending 6 MB first.
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Add an image").click()
    chooser.value.set_files(chosen(b"\0" * (6 * 1024 * 1024), "huge.png"))
    expect(status).to_have_text("“huge.png” is larger than 5 MB. Please choose a smaller image.")
    expect(page.get_by_role("dialog")).to_be_hidden()

    # Cancelled with Escape: nothing is added.
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Add an image").click()
    chooser.value.set_files(chosen(png()))
    page.keyboard.press("Escape")
    expect(status).to_have_text("“burn-up.png” was not added.")
    expect(text).to_have_value("My text stays.")
    assert not PostImage.objects.exists()


def test_without_javascript_the_form_attaches_the_image_and_shows_it(
    page_without_js, transactional_db, log_in_as
):
    page = page_without_js
    thread = make_thread(title="Attaching without JavaScript")
    log_in_as(page, established_member())
    page.goto(f"/threads/{thread.pk}/reply/")
    page.get_by_role("textbox", name="Your reply").fill("The chart:")
    page.get_by_label("Image (optional)").set_input_files(chosen(png()))
    page.get_by_role("textbox", name="Describe the image").fill("Milestone chart")
    page.get_by_role("button", name="Attach image").click()

    expect(page.get_by_role("textbox", name="Your reply")).to_have_value(
        re.compile(r"^The chart:\n\n!\[Milestone chart\]\(/media/post-images/[\w-]+\.png\)$")
    )
    expect(page.get_by_role("region", name="Preview").locator("img")).to_have_attribute(
        "alt", "Milestone chart"
    )
    page.get_by_role("button", name="Post your reply").click()
    reply = Post.objects.get(thread=thread, number=2)
    expect(page.locator(f"#post-{reply.pk} img")).to_have_attribute("alt", "Milestone chart")
