"""Screenshots of the main pages at 1280 and 375 px, light and dark, for a design review.

    .venv/bin/python tests/browser/screenshots.py            # what `make screenshots` runs
    .venv/bin/python tests/browser/screenshots.py --base-url http://127.0.0.1:8001

Without --base-url it builds a scratch site of its own (a temporary SQLite database with the
demo content), serves it with runserver on a free loopback port, and stops it at the end, so
that nothing in var/ changes but the pictures in var/screenshots/. With --base-url it uses a
site that is already running with the demo content (`make run`).

Pages are found by following links from the thread list, so no id is written down here. The
error pages (which a server with DEBUG on replaces by its own) are rendered from their
templates and served to the browser under the site's address, so they load the real stylesheet.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}
# A moderator in the demo content, with two-factor authentication (seed_demo's key).
DEMO_MEMBER = "priya_raman"
OTHER_MEMBER = "tomasz_wojcik"  # reports a post and replies while the screenshots are taken
REFERENCE_TITLE = "Internal versus customer-facing"
# A question of the demo moderator's that she edits while the screenshots are taken, so that
# its history has a diff to show.
EDITED_TITLE = "Has anyone tracked estimate accuracy"
IMAGE_THREAD_TITLE = "Is one Gantt line per workstream enough"  # its question shows a chart
DEMO_PASSWORD = "pmforum-demo"
# The pages also taken in dark mode: enough to judge the colours.
DARK = {
    "latest",
    "thread",
    "thread-with-outcome",
    "ask-preview",
    "ask-guard-warning",
    "login",
    "notifications-unread",
    "moderation-queue",
    "mention-suggestions",
    "history-diff",
}
# What the confidentiality guard warns about on the ask form.
GUARDED_TEXT = (
    "The sponsor, jane.doe@example.com, wants it fixed under our NDA.\n\n"
    "Raise it against PO 4500012345 before Friday?"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a loopback URL we built)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@contextlib.contextmanager
def scratch_site() -> Iterator[str]:
    """A demo site on a free port, in a temporary folder that is removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="pmforum-screens-"))
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "true",
        "VAR_DIR": str(folder),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Sign-in providers, so that their buttons and the Connected accounts page show them;
        # a screenshot never starts a sign-in, so no traffic goes to the providers.
        "LINKEDIN_CLIENT_ID": "screenshot-linkedin",
        "LINKEDIN_CLIENT_SECRET": "screenshot-secret",
        "MICROSOFT_CLIENT_ID": "screenshot-microsoft",
        "MICROSOFT_CLIENT_SECRET": "screenshot-secret",
        "GOOGLE_CLIENT_ID": "screenshot-google",
        "GOOGLE_CLIENT_SECRET": "screenshot-secret",
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], **quiet)
    subprocess.run([*manage, "seed_demo"], **quiet)
    # The task worker runs beside the server, as under `make run`, so that a reply posted
    # during the session reaches the subscribers' notifications.
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for command in (
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            [*manage, "db_worker"],
        )
    ]
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        yield base
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def rendered_error_pages() -> dict[str, str]:
    """The error pages as a visitor gets them from a server with DEBUG off.

    500 and 503 are rendered with no context at all, as Django's handler does; the others with
    a visitor's request, as the site's error views do.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.template import loader
    from django.test import RequestFactory

    request = RequestFactory().get("/no-such-page/")
    request.user = AnonymousUser()
    pages = {name: loader.get_template(f"{name}.html").render() for name in ("500", "503")}
    for name in ("403", "404", "429"):
        pages[name] = loader.render_to_string(f"{name}.html", request=request)
    return pages


def serve(html: str):
    def handler(route) -> None:
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    return handler


def first_href(page, selector: str) -> str:
    return page.locator(selector).first.get_attribute("href")


def thread_titled(page, title: str) -> str:
    """The address of a demo thread, found by the start of its title in the latest list."""
    for list_page in (1, 2, 3):
        page.goto(f"/?page={list_page}")
        link = page.locator(".thread-row__title a", has_text=title)
        if link.count():
            return link.first.get_attribute("href")
    raise LookupError(f"no thread titled {title!r} in the latest list")


def reference_thread(page) -> str:
    """The address of the demo's reference discussion."""
    return thread_titled(page, REFERENCE_TITLE)


def shoot_image_post(page, out: Path, width_name: str) -> Path:
    """The question of the demo thread with a chart, once the lazily loaded image is in."""
    page.goto(thread_titled(page, IMAGE_THREAD_TITLE))
    post = page.locator("article", has=page.locator(".post-image")).first
    post.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.post-image img')]"
        ".every((image) => image.complete && image.naturalWidth > 0)"
    )
    path = out / f"image-in-post-{WIDTHS[width_name][0]}.png"
    post.screenshot(path=str(path))
    return path


def shoot_author_card(page, out: Path, width_name: str, thread: str) -> Path:
    """The card of an author whose standing shows (helpful marks and accepted answers) on the
    reference thread, with the post's header around it."""
    page.goto(thread)
    header = page.locator(
        ".post__header", has=page.locator(".author-card__standing", has_text="accepted")
    ).first
    header.scroll_into_view_if_needed()
    path = out / f"author-card-{WIDTHS[width_name][0]}.png"
    header.screenshot(path=str(path))
    return path


def visitor_pages(page) -> dict[str, str]:
    reference = reference_thread(page)
    page.goto("/?sort=replies")
    thread = first_href(page, ".thread-row__title a")
    page.goto(thread)
    member = first_href(page, ".author-card__name")
    tag = first_href(page, ".thread__header .tag")
    forum = first_href(page, ".thread__header .eyebrow a")
    page.goto("/?outcome=yes")
    decided = first_href(page, ".thread-row__title a")
    # The member with the most accepted answers: their standing on their page.
    page.goto("/members/?sort=accepted")
    most_accepted = first_href(page, ".member-list__name a")
    return {
        "latest": "/",
        "with-an-outcome": "/?outcome=yes",
        "thread-with-outcome": decided,
        "forums": "/forums/",
        "members": "/members/",
        "tags": "/tags/",
        "tag": tag,
        "forum": forum,
        "reference-thread": reference,
        "reference-thread-page-2": f"{reference}?page=2",
        # Answers by experience: one side's replies; the lists by side and by the facts.
        "reference-thread-buyers-side": f"{reference}?side=client_side",
        "latest-by-side-and-facts": "/?side=client_side&industry=it",
        "thread": thread,
        "thread-page-2": f"{thread}?page=2",
        "search": "/search/?q=estimate",
        "member": member,
        "members-most-accepted": "/members/?sort=accepted",
        "member-most-accepted": most_accepted,
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "password-reset": "/accounts/password/reset/",
    }


def member_pages(page) -> dict[str, str]:
    page.goto("/?sort=newest")
    thread = first_href(page, ".thread-row__title a")
    return {
        "ask": "/threads/new/",
        "thread-as-moderator": thread,
        "notifications": "/notifications/",
        "subscriptions": "/subscriptions/",
        "profile": "/accounts/profile/",
        "email": "/accounts/email/",
        "connected-accounts": "/accounts/3rdparty/",
        "moderation-queue-empty": "/moderation/",
        "moderation-log": "/moderation/log/",
    }


# Taken after another member has reported a post and replied to a thread the moderator follows.
PAGES_AFTER_ACTIVITY = {
    "moderation-queue": "/moderation/",
    "notifications-unread": "/notifications/",
}


def log_in(page, username: str = DEMO_MEMBER) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        # The moderator has two-factor authentication: the code her app would show.
        page.fill("#id_code", demo_totp_code())
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()


# Time steps whose code has logged in already: the site takes each code once.
USED_TOTP_STEPS: set[int] = set()


def demo_totp_code() -> str:
    """A code of the demo moderator's app (seed_demo's key) not used yet, computed with
    allauth.mfa's own functions. The site accepts the codes of the steps just before and
    after the current one too; when all three are used, wait for the next step."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from forum.management.commands.seed_demo import DEMO_TOTP_SECRET

    period, tolerance = app_settings.TOTP_PERIOD, app_settings.TOTP_TOLERANCE
    while True:
        now = int(time.time()) // period
        free = [s for s in range(now - tolerance, now + tolerance + 1) if s not in USED_TOTP_STEPS]
        if free:
            USED_TOTP_STEPS.add(free[0])
            return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, free[0]))
        time.sleep(period - time.time() % period + 0.5)


def confirm_password(page) -> None:
    """allauth asks for the password again before the two-factor pages that show secrets."""
    if "/accounts/reauthenticate/" in page.url:
        page.fill("#id_password", DEMO_PASSWORD)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def two_factor_pages(page, out: Path, width_name: str, scheme: str) -> list[Path]:
    """The moderator's two-factor settings and her recovery codes; then another member's
    authenticator app set-up with its QR code (shown, not turned on). In both colours."""
    written = []
    page.goto("/accounts/2fa/")
    written.append(shoot(page, out, "two-factor", width_name, scheme))
    page.goto("/accounts/2fa/recovery-codes/")
    confirm_password(page)
    written.append(shoot(page, out, "recovery-codes", width_name, scheme))
    log_out(page)
    log_in(page, OTHER_MEMBER)
    page.goto("/accounts/2fa/totp/activate/")
    confirm_password(page)
    written.append(shoot(page, out, "two-factor-app-setup", width_name, scheme))
    log_out(page)
    log_in(page)
    return written


def log_out(page) -> None:
    # The header's log-out button, on whatever page the member is.
    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_load_state()


def make_activity(page, thread: str) -> None:
    """The moderator follows the reference thread; another member reports its first reply
    and answers in it. Through the pages, as the members would."""
    log_in(page)
    page.goto(thread)
    menu = page.get_by_role("region", name="Notifications")
    watching = menu.get_by_role("radio", name="Watching", exact=True)
    if not watching.is_checked():
        watching.check()  # sent at once by the menu's script
        menu.get_by_role("status").filter(has_text="You are watching").wait_for()
    log_out(page)
    log_in(page, OTHER_MEMBER)
    page.goto(thread)
    page.get_by_role("link", name="Report").first.click()
    page.wait_for_load_state()
    page.locator("[name=reason]").first.check()
    page.fill("[name=note]", "This reads like an advertisement for a consultancy.")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_load_state()
    page.goto(thread)
    page.fill("textarea[name=body]", "Coming late to this: the RACI idea worked for us too.")
    page.get_by_role("button", name="Post your reply").click()
    page.wait_for_load_state()
    log_out(page)
    edit_question(page)


def edit_question(page) -> None:
    """The moderator rewords her own question and adds a tag, through the edit form."""
    log_in(page)
    page.goto(thread_titled(page, EDITED_TITLE))
    page.locator("article").first.get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_load_state()
    body = page.locator("textarea[name=body]")
    text = body.input_value()
    body.fill(
        text.replace(
            "about ninety internal projects", "about ninety-four internal projects"
        ).replace("with a very wide spread", "with a spread that worries me")
        + "\n\nEdit: I have added the Risk tag, since the outliers are mostly risk events."
    )
    page.fill("#id_tags", page.input_value("#id_tags") + ", Risk")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_load_state()
    log_out(page)


def history_of_edited_question(page) -> str:
    page.goto(thread_titled(page, EDITED_TITLE))
    return page.locator("article").first.locator(".post__edited").get_attribute("href")


def show_mention_suggestions(page, reference: str) -> None:
    """A reply being written to the reference thread, the list of members open after "@a"."""
    thread_id = reference.split("/")[2]
    page.goto(f"/threads/{thread_id}/reply/")
    body = page.locator("textarea[name=body]")
    body.press_sequentially("Good point. @a")
    page.get_by_role("listbox", name="Members to mention").wait_for()
    body.press("ArrowDown")


def wait_for_notice(page, seconds: float = 30) -> None:
    """The worker delivers the reply's notices a moment after it is posted."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page.goto("/notifications/")
        if page.get_by_text("replied to").count():
            return
        time.sleep(1)


def shoot(page, out: Path, name: str, width_name: str, scheme: str) -> Path:
    suffix = "" if scheme == "light" else "-dark"
    path = out / f"{name}-{WIDTHS[width_name][0]}{suffix}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def writing_aids(page, out: Path, width_name: str, scheme: str) -> list[Path]:
    """From the ask form holding the previewed question: "Save draft", the form restored from
    the draft, the toolbar in use; then Discard, so no page shot later shows a draft."""
    written = []
    page.get_by_role("button", name="Save draft").click()
    # Saved now, or already while the question was typed and previewed.
    saved = re.compile("Draft saved|No changes since the last save")
    page.get_by_role("status").filter(has_text=saved).wait_for()
    page.goto("/threads/new/")
    page.get_by_text("Draft restored").wait_for()
    if scheme == "light":
        written.append(shoot(page, out, "draft-restored", width_name, scheme))
        body = page.locator("#id_body")
        body.focus()
        body.press("Control+End")
        body.press("Enter")
        body.press("Enter")
        body.type("Risks")
        body.press("Shift+Home")
        page.get_by_role("toolbar", name="Formatting").get_by_role("button", name="Bold").click()
        field = page.locator(".field", has=body)
        path = out / f"toolbar-{WIDTHS[width_name][0]}.png"
        field.screenshot(path=str(path))
        written.append(path)
    page.get_by_role("button", name="Discard this draft").click()
    page.wait_for_load_state()
    return written


def shoot_watching_menu(page, out: Path, width_name: str, thread: str) -> Path:
    """The thread's watching menu, its chosen level focused as a keyboard user finds it."""
    page.goto(thread)
    menu = page.get_by_role("region", name="Notifications")
    menu.scroll_into_view_if_needed()
    menu.get_by_role("radio", checked=True).focus()
    path = out / f"watching-menu-{WIDTHS[width_name][0]}.png"
    menu.screenshot(path=str(path))
    return path


def take_all(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    error_pages = rendered_error_pages()
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )

        def new_context(width_name: str, scheme: str):
            width, height = WIDTHS[width_name]
            return browser.new_context(
                base_url=base, viewport={"width": width, "height": height}, color_scheme=scheme
            )

        reference = ""
        for width_name in WIDTHS:
            for scheme in ("light", "dark"):
                context = new_context(width_name, scheme)
                for name, html in error_pages.items():
                    context.route(f"{base}/_screens/{name}", serve(html))
                page = context.new_page()
                pages = visitor_pages(page)
                reference = pages["reference-thread"]
                pages |= {f"error-{name}": f"/_screens/{name}" for name in error_pages}
                for name, url in pages.items():
                    if scheme == "light" or name in DARK:
                        page.goto(url)
                        written.append(shoot(page, out, name, width_name, scheme))
                # The reference thread's comparison table, which scrolls inside its post.
                page.goto(reference)
                table_post = page.locator("article", has=page.locator("table")).first
                table_post.scroll_into_view_if_needed()
                path = out / f"wide-table-{WIDTHS[width_name][0]}.png"
                if scheme == "light":
                    table_post.screenshot(path=str(path))
                    written.append(path)
                    written.append(shoot_image_post(page, out, width_name))
                    # The line counting the answers by side, and the facts under the title.
                    for name, selector in (
                        ("experience-summary", ".experience-summary"),
                        ("facts-line", ".thread__header"),
                    ):
                        part = page.locator(selector).first
                        part.scroll_into_view_if_needed()
                        path = out / f"{name}-{WIDTHS[width_name][0]}.png"
                        part.screenshot(path=str(path))
                        written.append(path)
                    written.append(shoot_author_card(page, out, width_name, reference))
                log_in(page)
                for name, url in member_pages(page).items():
                    if scheme == "light" or name in DARK:
                        page.goto(url)
                        written.append(shoot(page, out, name, width_name, scheme))
                if scheme == "light":
                    written.append(shoot_watching_menu(page, out, width_name, reference))
                # The confidentiality guard's warning, as the server gives it after sending.
                page.goto("/threads/new/")
                page.fill("#id_title", "Our client's portal launch slipped by a month")
                page.fill("#id_body", GUARDED_TEXT)
                page.fill("#id_tags", "Contracts")
                page.get_by_role("button", name="Post your question").click()
                page.locator("[data-guard]").wait_for()
                written.append(shoot(page, out, "ask-guard-warning", width_name, scheme))
                # The ask form after "Preview": the preview above the filled-in form.
                page.goto("/threads/new/")
                page.fill("#id_title", "How do you report progress on a fixed-price project?")
                page.fill("#id_body", "We report **weekly**:\n\n- burn-up chart\n- `risks.md`")
                page.get_by_role("button", name="Preview", exact=True).click()
                page.wait_for_load_state()
                written.append(shoot(page, out, "ask-preview", width_name, scheme))
                show_mention_suggestions(page, reference)
                written.append(shoot(page, out, "mention-suggestions", width_name, scheme))
                written += writing_aids(page, out, width_name, scheme)
                written += two_factor_pages(page, out, width_name, scheme)
                context.close()
        context = new_context("desktop", "light")
        make_activity(context.new_page(), reference)
        context.close()
        for width_name in WIDTHS:
            for scheme in ("light", "dark"):
                context = new_context(width_name, scheme)
                page = context.new_page()
                log_in(page)
                wait_for_notice(page)
                pages = {**PAGES_AFTER_ACTIVITY, "history-diff": history_of_edited_question(page)}
                for name, url in pages.items():
                    if scheme == "light" or name in DARK:
                        page.goto(url)
                        written.append(shoot(page, out, name, width_name, scheme))
                context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running site with the demo content")
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.base_url:
        written = take_all(args.base_url.rstrip("/"), out)
    else:
        with scratch_site() as base:
            written = take_all(base, out)
    print(f"{len(written)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
