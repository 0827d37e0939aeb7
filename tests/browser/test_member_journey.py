"""A visitor becomes a member, asks, gets an answer and hears about it; a moderator steps in.

One story through the pages people use most, in Chromium against the live server, once with
JavaScript and once without: every step must work either way. With JavaScript, axe-core checks
each page the story visits (light and dark colours) for serious or critical violations, and
the scripts that enhance the pages are checked where they act: the live preview, tag
suggestions, watching a thread without a reload and the "new replies" marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.db.models import F
from playwright.sync_api import expect

from accounts.models import User
from forum.models import Post, Thread
from forum.services import post_reply
from notifications.models import Subscription
from tests.factories import ForumFactory, UserFactory, make_moderator, make_thread

PASSWORD = "a-long-and-private-passphrase"
BROWSED_TITLE = "How do you estimate fixed-price work for a new client?"
QUESTION_TITLE = "How do you report progress to a client on a fixed-price project?"
QUESTION_BODY = "We send a **weekly** note.\n\n- burn-up chart\n- open risks\n\nWhat do you send?"
ANSWER = "A one-page summary with a burn-up chart works well for us."
LATER_ANSWER = "We also add a short list of decisions the client owes us."


@dataclass
class Site:
    browsed: Thread
    second: User
    moderator: User


@pytest.fixture
def site(transactional_db, settings) -> Site:
    settings.FORUM_POSTS_PER_PAGE = 5  # a thread with 8 replies has a page 2
    forum = ForumFactory(name="Project Management", slug="project-management")
    browsed = make_thread(
        title=BROWSED_TITLE,
        body="We are quoting a **fixed price** for a portal.",
        forum=forum,
        tags=("Estimating", "Information Technology"),
    )
    repliers = [UserFactory(display_name=f"Replier {n}") for n in range(2)]
    for n in range(8):
        post_reply(author=repliers[n % 2], thread=browsed, body=f"Advice number {n + 1}.")
    make_thread(title="Which risks do you put in a client contract?", forum=forum, tags=("Risk",))
    moderator = UserFactory(username="maria_mod", display_name="Maria Moderator")
    make_moderator(moderator)
    second = UserFactory(username="second_member", display_name="Sam Second")
    cache.clear()
    return Site(browsed=Thread.objects.get(pk=browsed.pk), second=second, moderator=moderator)


class Checks:
    """Runs axe on a page when JavaScript is on (axe is a script); notes the page otherwise."""

    def __init__(self, axe, js: bool) -> None:
        self.axe = axe if js else None
        self.visited: list[str] = []

    def page(self, page, label: str) -> None:
        self.visited.append(label)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("main")).to_have_count(1)
        if self.axe is not None:
            assert self.axe.check(page, label).blocking == []


def link_in(message, path_pattern: str) -> str:
    """The path of the first link in a mail's text that matches `path_pattern`."""
    match = re.search(rf"https?://[^\s]*({path_pattern})", message.body)
    assert match, f"no link like {path_pattern} in: {message.body}"
    return urlsplit(match.group(0)).path


def mail_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def js(request) -> bool:
    return request.param


def test_visitor_joins_asks_gets_an_answer_and_a_moderator_steps_in(
    js, site, new_page, log_in_as, request
):
    axe = request.getfixturevalue("axe") if js else None
    checks = Checks(axe, js)
    page = new_page(js=js)

    # A visitor browses: the list, a tag, a thread, its second page, another order.
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Latest threads")
    checks.page(page, "Latest threads")
    row = page.locator(".thread-row", has_text=BROWSED_TITLE)
    row.get_by_role("link", name="Information Technology").click()
    expect(page.locator("h1")).to_have_text("Information Technology")
    expect(page.locator(".thread-row")).to_have_count(1)
    checks.page(page, "Tag page")
    page.get_by_role("link", name=BROWSED_TITLE).click()
    expect(page.locator("h1")).to_have_text(BROWSED_TITLE)
    expect(page.locator(".post").nth(1)).to_contain_text("Advice number 1.")
    checks.page(page, "Thread page")
    pages = page.get_by_role("navigation", name="Pagination", exact=True)
    pages.get_by_role("link", name="Page 2").click()
    expect(pages.locator("[aria-current='page']")).to_have_text("2")
    expect(page.locator(".post").nth(1)).to_contain_text("Advice number 6.")
    checks.page(page, "Thread page 2")
    sort = page.get_by_role("navigation", name="Sort replies")
    sort.get_by_role("link", name="Newest").click()
    expect(sort.get_by_role("link", name="Newest")).to_have_attribute("aria-current", "true")
    expect(page.locator(".post").nth(1)).to_contain_text("Advice number 8.")
    checks.page(page, "Thread page, newest first")

    # They join, confirm their address from the mail, and log in.
    page.get_by_role("link", name="Join", exact=True).click()
    expect(page.locator("h1")).to_have_text("Join PM Forum")
    checks.page(page, "Join")
    page.fill("#id_email", "nina@example.com")
    page.fill("#id_username", "nina_new")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    checks.page(page, "Check your e-mail")
    [confirmation] = mail_to("nina@example.com")
    page.goto(link_in(confirmation, r"/accounts/confirm-email/[^/\s]+/"))
    expect(page.locator("h1")).to_have_text("Confirm your e-mail address")
    checks.page(page, "Confirm your e-mail address")
    page.get_by_role("button", name="Yes, confirm it").click()
    # Confirming in the browser that joined logs the member in; log out and in by hand.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in", exact=True)).to_be_visible()
    page.get_by_role("link", name="Log in", exact=True).click()
    expect(page.locator("h1")).to_have_text("Log in")
    checks.page(page, "Log in")
    page.fill("#id_login", "nina_new")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="nina_new")).to_be_visible()
    nina = User.objects.get(username="nina_new")

    # She asks a question with two tags, after looking at a preview.
    page.get_by_role("link", name="Ask a question").click()
    expect(page.locator("h1")).to_have_text("Ask a question")
    checks.page(page, "Ask a question")
    page.get_by_label("Title").fill(QUESTION_TITLE)
    page.get_by_label("Your question").fill(QUESTION_BODY)
    tags = page.get_by_label("Tags", exact=True)
    if js:
        # Suggestions for the part after the last comma, chosen by keyboard and by pointer.
        tags.press_sequentially("estim")
        suggestions = page.get_by_role("listbox", name="Suggested tags")
        expect(suggestions.get_by_role("option")).to_have_text(["Estimating"])
        tags.press("ArrowDown")
        tags.press("Enter")
        expect(tags).to_have_value("Estimating, ")
        tags.press_sequentially("inform")
        suggestions.get_by_role("option", name="Information Technology").click()
        expect(tags).to_have_value("Estimating, Information Technology, ")
    else:
        tags.fill("Estimating, Information Technology")
    page.get_by_label("Client-facing project").check()
    page.get_by_role("button", name="Preview", exact=True).click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("weekly")
    expect(preview.locator("li")).to_have_text(["burn-up chart", "open risks"])
    expect(page.get_by_label("Title")).to_have_value(QUESTION_TITLE)
    checks.page(page, "Ask a question, with preview")
    page.get_by_role("button", name="Post your question").click()
    expect(page.locator("h1")).to_have_text(QUESTION_TITLE)
    expect(page.locator(".thread__header .tag")).to_have_text(
        ["Estimating", "Information Technology"]
    )
    expect(page.locator(".post--question strong")).to_have_text("weekly")
    checks.page(page, "Thread page, as its asker")
    question = Thread.objects.get(title=QUESTION_TITLE)
    assert question.context == "client"

    # Another member answers.
    second = new_page(js=js)
    log_in_as(second, site.second)
    second.goto(question.get_absolute_url())
    second.get_by_role("textbox", name="Your reply").fill(ANSWER)
    second.get_by_role("button", name="Post your reply").click()
    expect(second.locator(".post", has_text=ANSWER)).to_be_visible()

    # The asker sees the unread count, reads the notice, and has the mail.
    page.goto("/")
    notices = page.get_by_role("link", name="Notifications 1 unread")
    expect(notices).to_be_visible()
    notices.click()
    expect(page.locator(".notice")).to_contain_text(f"Sam Second replied to {QUESTION_TITLE}")
    checks.page(page, "Notifications")
    [reply_mail] = mail_to("nina@example.com")[1:]
    assert ANSWER in reply_mail.body

    # She follows the mail's unsubscribe link and confirms.
    page.goto(link_in(reply_mail, r"/unsubscribe/[^/\s]+/"))
    expect(page.locator("h1")).to_have_text("Unsubscribe?")
    checks.page(page, "Unsubscribe?")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You are unsubscribed")
    checks.page(page, "You are unsubscribed")
    assert not Subscription.objects.filter(user=nina, thread=question).exists()

    # She watches it again from the thread page's menu (in place, with JavaScript).
    page.goto(question.get_absolute_url())
    watching_box = page.get_by_role("region", name="Notifications")
    if js:
        page.evaluate("() => { window.stillTheSamePage = true; }")
    watching_box.get_by_role("radio", name="Watching").check()
    if not js:
        watching_box.get_by_role("button", name="Save").click()
    expect(watching_box).to_contain_text("You are watching this thread")
    expect(watching_box.get_by_role("radio", name="Watching")).to_be_checked()
    if js:
        assert page.evaluate("() => window.stillTheSamePage === true")
        expect(watching_box.get_by_role("status")).to_contain_text("You are watching this thread")
    assert Subscription.objects.get(user=nina, thread=question).level == "watching"

    # A later answer: opening the thread takes her to the first reply she has not seen.
    # The second member's posting interval: their first answer was made a minute ago.
    Post.objects.filter(body=ANSWER).update(created_at=F("created_at") - timedelta(minutes=1))
    second.get_by_role("textbox", name="Your reply").fill(LATER_ANSWER)
    second.get_by_role("button", name="Post your reply").click()
    expect(second.locator(".post", has_text=LATER_ANSWER)).to_be_visible()
    page.bring_to_front()  # the window in front is the one that holds keyboard focus
    page.goto("/")
    page.get_by_role("link", name=QUESTION_TITLE).click()
    assert page.url.endswith("#new")
    new_post = page.locator(".post", has_text=LATER_ANSWER)
    expect(new_post.locator(".badge--new")).to_have_text("New")
    expect(new_post).to_be_in_viewport()
    expect(new_post.locator("#new")).to_be_focused()  # the next Tab starts there
    if js:
        expect(
            page.get_by_role("status").filter(has_text="New since your last visit")
        ).to_have_text("New since your last visit: 1 reply on this page, starting here.")
    checks.page(page, "Thread page, new reply marked")

    # A moderator hides the first answer; members then see only that it was hidden.
    moderator = new_page(js=js)
    log_in_as(moderator, site.moderator)
    moderator.goto(question.get_absolute_url())
    answer = moderator.locator(".post", has_text=ANSWER)
    answer.get_by_role("textbox", name=re.compile("Reason for hiding")).fill("Off topic")
    answer.get_by_role("button", name="Hide").click()
    hidden = moderator.locator(".post", has_text=ANSWER)
    expect(hidden.get_by_role("note")).to_contain_text("Hidden: Off topic")
    expect(hidden.get_by_role("button", name="Unhide")).to_be_visible()
    checks.page(moderator, "Thread page, as a moderator")
    assert Post.objects.get(body=ANSWER).is_hidden
    page.reload()
    expect(page.get_by_text("This post was hidden by a moderator.")).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_have_count(0)

    assert len(checks.visited) == 17
