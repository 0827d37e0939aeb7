"""Browser tests in Debian's Chromium through Playwright, against pytest-django's live server.

Fixtures for any end-to-end test:
- `browser`: one headless Chromium for the whole run.
- `page`: a fresh context and page with JavaScript on, pointed at the live server
  (`page.goto("/")` works); dialogs, console messages and page errors are recorded in
  `browser_events`, and a test fails at teardown if any happened unless it cleared them.
- `page_without_js`: the same with JavaScript off, for testing that pages work without it.
- `page_without_csp`: JavaScript on and the Content Security Policy ignored, to test that
  the HTML sanitiser alone keeps injected code from running.
- `new_page`: more pages in fresh contexts (other members in the same test), JavaScript on
  or off, watched and closed like `page`.
- `axe`: axe-core, run in a page by `axe.check(page, label)`; every page checked is listed
  at the end of the run (tests/browser/accessibility.py). It is installed from the npm
  registry by `make browser-deps`; without it those tests skip, except in CI, where they fail.
- `log_in_as(page, user)`: a member's session in the page's browser, without the log-in form.

Every test in this folder is marked `browser`; `pytest -m "not browser"` leaves them out.
The browser is never downloaded: it is Debian's package (`apt-get install chromium`).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.accessibility import AXE_PATH, Axe, AxeReport

# Playwright's sync API runs an event loop in this thread; the ORM calls made by tests to set
# up data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing but the live server can be reached, whatever a page tries to load.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class BrowserEvents:
    """What the pages of one test did that a member would notice or that betrays code running."""

    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    off_site_requests: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        def on_dialog(dialog) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message!r} on {page.url}")
            dialog.dismiss()

        def on_console(message) -> None:
            where = message.location.get("url", "") if message.location else ""
            if where.endswith("/favicon.ico"):
                return  # the browser's own guess on pages with no icon link (the admin's)
            self.console.append(f"{message.type}: {message.text} ({where or page.url})")

        page.on("dialog", on_dialog)
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{error} on {page.url}"))

    def all(self) -> list[str]:
        return self.dialogs + self.console + self.page_errors + self.off_site_requests

    def clear(self) -> None:
        for events in (self.dialogs, self.console, self.page_errors, self.off_site_requests):
            events.clear()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def browser_events() -> BrowserEvents:
    return BrowserEvents()


def _page(browser, live_server, events: BrowserEvents, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    events.watch(page)

    def note_off_site(request) -> None:
        # Chromium resolves no host but localhost (CHROMIUM_ARGS), so such a request goes
        # nowhere; that a page tried at all is what the test needs to know.
        url = request.url
        if not (url.startswith(live_server.url + "/") or url.startswith("data:")):
            events.off_site_requests.append(f"request to {url} from {page.url}")

    page.on("request", note_off_site)
    # Requests sent and not answered yet, which close_quietly waits for.
    unanswered = context.unanswered = set()
    context.on("request", lambda request: unanswered.add(request))
    context.on("requestfinished", lambda request: unanswered.discard(request))
    context.on("requestfailed", lambda request: unanswered.discard(request))
    return context, page


# A page keeps what is typed in a post box as a draft, on leaving it too (static/js/drafts.js:
# a keepalive request, which no route or offline switch holds back). Submitting the form stops
# that; a test's page has nothing to keep, so it is told so before it goes.
NOTHING_TO_KEEP = """() => {
    for (const button of document.querySelectorAll("button[data-draft-url]")) {
        button.form.dispatchEvent(new Event("submit"));
    }
}"""


def close_quietly(context, seconds: float = 5.0) -> None:
    """Close the test's pages once what they sent by themselves is answered (a draft saved a
    few seconds after typing), sending nothing more: the test's database is emptied next."""
    # Answered here, empty, rather than aborted: an aborted request (the favicon, fetched
    # lazily) is logged as a console error, which would fail the test that just passed.
    context.route("**/*", lambda route: route.fulfill(status=204, body=""))
    deadline = time.monotonic() + seconds
    for page in context.pages:
        while context.unanswered and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        if not page.is_closed() and page.url.startswith("http"):
            page.evaluate(NOTHING_TO_KEEP)
    context.close()


@pytest.fixture
def page(browser, live_server, browser_events):
    context, page = _page(browser, live_server, browser_events)
    yield page
    close_quietly(context)
    assert browser_events.all() == []


@pytest.fixture
def page_without_js(browser, live_server, browser_events):
    context, page = _page(browser, live_server, browser_events, java_script_enabled=False)
    yield page
    close_quietly(context)
    assert browser_events.all() == []


@pytest.fixture
def page_without_csp(browser, live_server, browser_events):
    context, page = _page(browser, live_server, browser_events, bypass_csp=True)
    yield page
    close_quietly(context)
    assert browser_events.all() == []


AXE_REPORT = AxeReport()


@pytest.fixture(scope="session")
def axe() -> Axe:
    if not AXE_PATH.is_file():
        message = (
            f"axe-core is not installed ({AXE_PATH} is missing): run `make browser-deps`, "
            "which installs it from the npm registry into tests/browser/node_modules"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Axe(AXE_PATH.read_text(encoding="utf-8"), AXE_REPORT)


def pytest_terminal_summary(terminalreporter) -> None:
    if not AXE_REPORT.results:
        return
    terminalreporter.section("axe-core: pages checked (light and dark colours)")
    for line in AXE_REPORT.lines():
        terminalreporter.write_line(line)


@pytest.fixture
def new_page(browser, live_server, browser_events):
    contexts = []

    def make(*, js: bool = True, **context_options):
        context, page = _page(
            browser, live_server, browser_events, java_script_enabled=js, **context_options
        )
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        close_quietly(context)
    assert browser_events.all() == []


@pytest.fixture
def log_in_as(live_server):
    """log_in_as(page, user): the page's browser gets a session for `user`, as logging in would."""

    def log_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )

    return log_in
