"""On a 375 px wide phone no page scrolls sideways, whatever members wrote on it.

The pages hold what tends to push a layout wider than the screen: a long unbroken word in a
title, a long link, a wide code block, a wide table, long names and tags. Wide content may
scroll inside its own box (code, tables); the page itself must not. axe-core checks each page
at this width too, where the header and lists take their narrow layout.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.services import post_reply
from notifications.services import thread_subscribe
from tests.factories import ForumFactory, UserFactory, make_moderator, make_thread
from writing.models import ASK_KEY, Draft, reply_key

PHONE = {"width": 375, "height": 740}
LONG_WORD = "Supercalifragilisticexpialidocious-estimation-spreadsheet-v12-final-FINAL"
LONG_LINK = f"https://tracker.example.com/projects/{'a' * 60}/issues?filter=open"
WIDE_BODY = f"""Our tracker lives at {LONG_LINK}

```
{"| " * 30}a very wide line of code that goes on and on and on and on and on and on
```

| Phase | Estimate | Actual | Variance | Owner | Notes | Status | Risk | Sign-off |
|---|---|---|---|---|---|---|---|---|
| Discovery | 10 days | 14 days | +40% | Delivery lead | client data late | done | high | yes |

{LONG_WORD} {LONG_WORD}
"""


@pytest.fixture
def crowded(transactional_db, settings):
    settings.FORUM_POSTS_PER_PAGE = 3
    forum = ForumFactory(name="Project Management", slug="project-management")
    author = UserFactory(
        username="a_member_with_a_rather_long_username",
        display_name="Bartholomew Fitzwilliam-Montgomery-Smythe",
        headline="Senior programme and portfolio management office lead, EMEA and APAC",
        location="Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch, Wales",
    )
    moderator = UserFactory(username="phone_moderator")
    make_moderator(moderator)
    thread = make_thread(
        title=f"Why does {LONG_WORD} keep breaking our estimates?",
        body=WIDE_BODY,
        author=author,
        forum=forum,
        tags=("Information Technology", "Stakeholder Management", "Estimating"),
    )
    for n in range(4):
        post_reply(author=UserFactory(), thread=thread, body=f"Reply {n}.\n\n{WIDE_BODY}")
    thread_subscribe(user=moderator, thread=thread, seen_number=2)
    return {"thread": thread, "author": author, "moderator": moderator}


def assert_fits(page, url: str) -> None:
    response = page.goto(url)
    assert response.ok, f"{url}: {response.status}"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{url} is {width} px wide on a {PHONE['width']} px screen"


def test_no_page_scrolls_sideways_on_a_phone(new_page, crowded, log_in_as, axe):
    thread, author = crowded["thread"], crowded["author"]
    visitor_pages = {
        "Latest threads": "/",
        "Tags": "/tags/",
        "Tag page": "/tags/information-technology/",
        "Forums": "/forums/",
        "Forum page": "/forums/project-management/",
        "Thread page": thread.get_absolute_url(),
        "Thread page 2": f"{thread.get_absolute_url()}?page=2",
        "Search results": f"/search/?q={LONG_WORD[:30]}",
        "Member page": author.get_absolute_url(),
        "Members": "/members/",
        "Members found": f"/members/?q={author.username[:4]}",
        "Log in": "/accounts/login/",
        "Join": "/accounts/signup/",
        "Formatting help": "/help/formatting/",
    }
    member_pages = {
        "Ask a question": "/threads/new/",
        "Reply page": f"/threads/{thread.pk}/reply/",
        "Thread page, new replies": thread.get_absolute_url(),
        "Notifications": "/notifications/",
        "Subscriptions": "/subscriptions/",
        "Profile settings": "/accounts/profile/",
        "Moderation queue": "/moderation/",
        "Moderation log": "/moderation/log/",
        "Drafts": "/drafts/",
    }
    # Drafts as wide as what members post: in the header, the list and the restored forms
    # (the ask form, the reply page and the thread page).
    moderator = crowded["moderator"]
    Draft.objects.create(
        member=moderator,
        target=ASK_KEY,
        values={"title": f"Why {LONG_WORD}?", "body": WIDE_BODY, "tags": LONG_WORD},
    )
    Draft.objects.create(
        member=moderator, target=reply_key(thread.pk), thread=thread, values={"body": WIDE_BODY}
    )
    page = new_page(viewport=PHONE)
    for label, url in visitor_pages.items():
        assert_fits(page, url)
        assert axe.check(page, f"{label} (375 px)").blocking == []
    log_in_as(page, crowded["moderator"])
    for label, url in member_pages.items():
        assert_fits(page, url)
        assert axe.check(page, f"{label} (375 px, moderator)").blocking == []

    # The wide content is still all there, in boxes that scroll on their own.
    page.goto(thread.get_absolute_url())
    code = page.locator(".post--question pre").first
    assert code.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(code).to_have_attribute("tabindex", "0")  # scroll-regions.js: reachable by keyboard
    expect(page.locator("h1")).to_contain_text(LONG_WORD)


def test_the_width_check_notices_a_page_that_is_too_wide(new_page, crowded):
    # Without this, a check that always read the screen's width would pass every page.
    page = new_page(viewport=PHONE)
    page.goto("/")
    page.evaluate(
        """() => {
            const wide = document.createElement("canvas");
            wide.width = 900;
            document.querySelector("main").append(wide);
        }"""
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") > PHONE["width"]


# Words in the cells of the table below, each of which a phone once split across two lines.
TABLE_BODY = """Where our budget went:

| Package | Estimate (days) | Actual (days) | Variance | Responsible | Stakeholders |
|---|---|---|---|---|---|
| Procurement | 12 | 1,250 | +10,317% | Infrastructure | Programme-office |
| Implementation | 1/2 | 3/4 | 15.75% | Subcontractors | Communications |
"""

# Each word of the table's cells (a hyphen may end a line, as in print), and the distinct line
# tops of its boxes: more than one top means the word was broken across lines.
WORDS_SPLIT_ACROSS_LINES = """(table) => {
    const split = [];
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.data.matchAll(/[^\\s-]+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (tops.size > 1) split.push(word[0]);
        }
    }
    return split;
}"""


def test_a_wide_table_scrolls_in_its_post_and_splits_no_word_on_a_phone(new_page, transactional_db):
    thread = make_thread(title="Budget table for the rollout", body=TABLE_BODY)
    for js in (True, False):
        page = new_page(viewport=PHONE, js=js)
        page.goto(thread.get_absolute_url())
        table = page.locator(".post--question table")
        expect(table).to_contain_text("Implementation")

        assert table.evaluate(WORDS_SPLIT_ACROSS_LINES) == []
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide"
        # The table is wider than the post and scrolls inside a box a keyboard can reach,
        # named for screen readers, with or without JavaScript.
        box = page.get_by_role("group", name="Table, scrolls sideways")
        assert box.evaluate("el => el.scrollWidth > el.clientWidth")
        for _ in range(60):
            page.keyboard.press("Tab")
            if box.evaluate("el => el === document.activeElement"):
                break
        else:
            pytest.fail("the table's box is not reachable with the Tab key")
        page.keyboard.press("ArrowRight")
        expect(box).not_to_have_js_property("scrollLeft", 0)
