"""The small scripts in static/js, where the journey test does not reach: what they do when the
server says no, and the keyboard paths through them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import UserFactory, make_thread


def test_live_preview_follows_the_text_and_says_why_it_cannot_render(
    page, transactional_db, log_in_as
):
    author = UserFactory()
    thread = make_thread(author=author, body="Our **first** estimate was off.")
    log_in_as(page, author)
    page.goto(f"/posts/{thread.posts.get().pk}/edit/")
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("first")  # the text already there

    body = page.get_by_role("textbox", name="Your question")
    body.fill("Now with a table:\n\n| Phase | Days |\n|---|---|\n| Build | 12 |")
    expect(preview.locator("td")).to_have_text(["Build", "12"])

    body.fill("[" * 300)
    expect(preview).to_contain_text("square brackets in a row")
    expect(preview.locator("td")).to_have_count(0)


def test_tag_suggestions_leave_out_chosen_tags_and_close_with_escape(
    page, transactional_db, log_in_as
):
    make_thread(tags=("Estimating", "Estimation Tools", "Risk"))
    log_in_as(page, UserFactory())
    page.goto("/threads/new/")
    tags = page.get_by_role("combobox", name="Tags")
    options = page.get_by_role("listbox", name="Suggested tags").get_by_role("option")

    tags.press_sequentially("esti")
    expect(options).to_have_text(["Estimating", "Estimation Tools"])
    expect(tags).to_have_attribute("aria-expanded", "true")
    tags.press("ArrowDown")
    tags.press("ArrowDown")
    expect(tags).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    tags.press("Enter")
    expect(tags).to_have_value("Estimation Tools, ")
    expect(page).to_have_url("/threads/new/")  # Enter chose a tag; it did not send the form

    tags.press_sequentially("est")
    expect(options).to_have_text(["Estimating"])  # the chosen one is not offered again
    tags.press("Escape")
    expect(options).to_have_count(0)
    expect(tags).to_have_attribute("aria-expanded", "false")
    expect(tags).to_have_value("Estimation Tools, est")


def test_watching_menu_falls_back_to_the_ordinary_form_when_the_server_refuses(
    page, transactional_db, log_in_as, browser_events
):
    thread = make_thread(title="Watching while suspended")
    member = UserFactory()
    log_in_as(page, member)
    page.goto(thread.get_absolute_url())
    User.objects.filter(pk=member.pk).update(suspended_until=timezone.now() + timedelta(days=2))
    page.get_by_role("region", name="Notifications").get_by_role("radio", name="Watching").check()
    # The server answered with its page, not JSON: the form was sent again the plain way and
    # the member reads why, instead of a button that silently did nothing.
    expect(page.locator("h1")).to_have_text("Your account is suspended")
    browser_events.clear()  # the browser logs both 403 answers
