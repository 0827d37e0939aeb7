"""The hostile corpus in a real browser: pages holding every input, through every field that
reaches a page (post body, title, tags, profile fields, search query), open no dialog, log
nothing to the console, raise no script error and request nothing from another site.

Pages are loaded once with the Content Security Policy on (defence in depth, and proof that
our own templates need no inline code) and once with it bypassed, so that the sanitiser and
template escaping are shown to hold on their own.

Page loads dominate the time, so lists are shown with every item on one page and inputs are
combined where a field can hold several (a bio, a title, a search query); every input still
appears alone in tests/security/test_hostile_pages.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest

from accounts.models import User
from forum.models import Tag, Thread
from forum.services import post_reply, thread_create
from tests.factories import ForumFactory, UserFactory, make_thread
from tests.security.corpus import HOSTILE_INPUTS

FIELDS_PER_MEMBER = 3  # display name, headline, location

# Run in the page: what the browser itself parsed that could run code or leave the site.
DOM_PROBLEMS = """() => {
  const problems = [];
  const safe = new Set(["http:", "https:", "mailto:"]);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith("on")) {
        problems.push(`<${el.localName}> ${attr.name}=${attr.value.slice(0, 40)}`);
      }
    }
    for (const name of ["href", "src", "action", "formaction", "xlink:href", "data"]) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      let protocol = null;
      try { protocol = new URL(value, document.baseURI).protocol; } catch (e) { continue; }
      if (!safe.has(protocol)) problems.push(`<${el.localName}> ${name}=${value.slice(0, 60)}`);
    }
  }
  for (const script of document.scripts) {
    if (!script.src || new URL(script.src).origin !== location.origin) {
      problems.push(`script ${script.src || script.textContent.slice(0, 60)}`);
    }
  }
  for (const el of document.querySelectorAll("iframe, frame, object, embed, base, style, math")) {
    problems.push(`<${el.localName}> element`);
  }
  return problems;
}"""


def clean(text: str) -> str:
    return text.replace("\x00", "")  # the forms refuse NUL; PostgreSQL cannot store it


def packed(limit: int, separator: str = " ") -> list[str]:
    """The inputs joined into as few strings of at most `limit` characters as they fit in."""
    groups, current = [], ""
    for text in map(clean, HOSTILE_INPUTS):
        text = text[:limit]
        if current and len(current) + len(separator) + len(text) > limit:
            groups.append(current)
            current = ""
        current = f"{current}{separator}{text}" if current else text
    return [*groups, current]


@dataclass
class HostileSite:
    light_urls: list[str]  # pages that between them show every input in every field
    title_urls: list[str]  # one thread page per title
    search_urls: list[str]


@pytest.fixture
def hostile_site(transactional_db, settings) -> HostileSite:
    settings.FORUM_POSTS_PER_PAGE = settings.FORUM_THREADS_PER_PAGE = 1000
    forum = ForumFactory(name="Project Management", slug="project-management")
    members = []
    for start in range(0, len(HOSTILE_INPUTS), FIELDS_PER_MEMBER):
        name, headline, location = (
            clean(HOSTILE_INPUTS[(start + n) % len(HOSTILE_INPUTS)]) for n in range(3)
        )
        members.append(
            UserFactory(
                username=f"hostile{start}",
                display_name=name[:80],
                headline=headline[:120],
                location=location[:80],
            )
        )
    bios = packed(1000, "\n")
    for member, bio in zip(members, bios, strict=False):
        User.objects.filter(pk=member.pk).update(bio=bio)

    titles = packed(150)
    threads = [
        thread_create(
            author=members[n % len(members)],
            forum=forum,
            title=title,
            body=title,
            tags=[clean(text)[:40].strip()],
        )
        for n, (title, text) in enumerate(zip(titles, HOSTILE_INPUTS, strict=False))
    ]
    # The remaining inputs become tags of the last thread, five at a time like the form allows.
    extra_tags = [clean(t)[:40].strip() for t in HOSTILE_INPUTS[len(titles) :]]
    for start in range(0, len(extra_tags), 5):
        thread = threads[(start // 5) % len(threads)]
        thread.tags.add(*[name for name in extra_tags[start : start + 5] if name])

    replies_thread = threads[0]
    for n, text in enumerate(HOSTILE_INPUTS):
        post_reply(author=members[n // FIELDS_PER_MEMBER], thread=replies_thread, body=clean(text))

    return HostileSite(
        light_urls=[
            replies_thread.get_absolute_url(),
            "/",
            "/forums/project-management/",
            "/tags/",
            *[member.get_absolute_url() for member in members[: len(bios)]],
        ],
        title_urls=[thread.get_absolute_url() for thread in Thread.objects.order_by("pk")]
        + [tag.get_absolute_url() for tag in Tag.objects.order_by("pk")],
        search_urls=["/search/?" + urlencode({"q": query}) for query in packed(200)],
    )


def visit_all(page, browser_events, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = page.goto(url, wait_until="load")
        problems = [] if response.ok else [f"status {response.status}"]
        problems += page.evaluate(DOM_PROBLEMS) if page.context else []
        problems += browser_events.all()
        browser_events.clear()
        if problems:
            found[url] = problems
    return found


# Pages of ours and of the libraries we use that hold no member input: under the policy they
# must still load without a single violation (no inline script or style anywhere).
PLAIN_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/admin/login/",
]


def test_pages_full_of_hostile_input_run_nothing_with_the_csp_on(
    page, browser_events, hostile_site
):
    assert visit_all(page, browser_events, hostile_site.light_urls + PLAIN_PAGES) == {}


def test_pages_full_of_hostile_input_run_nothing_without_the_csp(
    page_without_csp, browser_events, hostile_site
):
    urls = hostile_site.light_urls + hostile_site.title_urls + hostile_site.search_urls
    assert visit_all(page_without_csp, browser_events, urls) == {}


def test_the_checks_notice_code_that_runs(page_without_csp, browser_events, live_server):
    # Without this, a browser that silently ran nothing would pass every test above.
    page_without_csp.goto("/healthz")
    page_without_csp.set_content(
        '<img src="data:," onerror="alert(1)"><a href="javascript:void(0)">x</a>'
    )
    page_without_csp.wait_for_timeout(200)
    assert any("alert" in event for event in browser_events.dialogs)
    assert any("onerror" in problem for problem in page_without_csp.evaluate(DOM_PROBLEMS))
    browser_events.clear()


def test_with_the_csp_on_injected_handlers_are_blocked_and_reported(page, browser_events):
    page.goto("/")
    page.evaluate(
        """() => document.body.insertAdjacentHTML(
            "beforeend", '<img src="data:," onerror="alert(1)">')"""
    )
    page.wait_for_timeout(200)
    assert browser_events.dialogs == []
    assert any("Content Security Policy" in message for message in browser_events.console)
    browser_events.clear()


def test_the_forum_reads_without_javascript(page_without_js, transactional_db):
    thread = make_thread(title="Can we read this without scripts?", body="Yes, **plainly**.")
    page_without_js.goto(thread.get_absolute_url())
    assert page_without_js.locator("h1").inner_text() == "Can we read this without scripts?"
    assert page_without_js.locator(".post__body strong").inner_text() == "plainly"
    page_without_js.goto("/")
    assert page_without_js.get_by_role("link", name="Can we read this without scripts?").count()
