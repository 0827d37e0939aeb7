"""Excerpts of posts are plain text made from the rendered post: member pages, search results,
e-mails and meta descriptions show no Markdown marks, and quotes of other posts give way to
what the author wrote."""

import html as html_lib
import re

import pytest
from django.core import mail
from django.test import Client

from forum.excerpts import excerpt, post_text
from forum.markup import render_markdown
from notifications.services import thread_subscribe
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

QUESTION = (
    "We bill **commercial** clients by the hour. See [PMI](https://www.pmi.org) for the "
    "standard, and `estimate` with care.\n\n- first item\n- second item"
)
MARKDOWN_MARKS = ("**", "](", "[#", "> ", "`")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def textarea(html: str) -> str:
    found = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.DOTALL)
    assert found, "no text box on the page"
    return html_lib.unescape(found[1]).lstrip("\n")


def assert_plain(text: str) -> None:
    for mark in MARKDOWN_MARKS:
        assert mark not in text, f"{mark!r} in {text!r}"


@pytest.fixture
def quoted_thread(django_capture_on_commit_callbacks):
    """Priya asks; Sam replies through the quote button, quoting her question first."""
    priya = UserFactory(display_name="Priya Raman", username="priya")
    watcher = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Billing commercial clients", body=QUESTION, author=priya)
    thread_subscribe(user=watcher, thread=thread)
    question = thread.posts.get(number=1)
    sam = logged_in(UserFactory(display_name="Sam Okafor", username="sam"))

    form = sam.get(f"/threads/{thread.pk}/reply/", {"quote": question.pk}).content.decode()
    quoted = textarea(form)
    assert quoted.startswith("> **Priya Raman** wrote ([#")
    body = quoted + "We quote a **fixed price** for discovery, then _time and materials_."
    with django_capture_on_commit_callbacks(execute=True):
        response = sam.post(f"/threads/{thread.pk}/reply/", {"body": body})
    assert response.status_code == 302
    return thread


def test_member_pages_show_plain_excerpts_without_the_quoted_post(client, quoted_thread):
    priya = client.get("/members/priya/").content.decode()
    sam = client.get("/members/sam/").content.decode()

    assert "We bill commercial clients by the hour. See PMI for the standard" in priya
    assert "We quote a fixed price for discovery, then time and materials." in sam
    assert "wrote (" not in sam and "We bill" not in sam
    for page in (priya, sam):
        excerpts = re.findall(r'<li class="member-posts__item">.*?<p>(.*?)</p>', page, re.DOTALL)
        assert excerpts
        for text in excerpts:
            assert_plain(html_lib.unescape(text))


def test_search_snippets_are_plain_text_with_the_matches_marked(client, quoted_thread):
    html = client.get("/search/", {"q": "PMI"}).content.decode()

    snippets = re.findall(r'<p class="search-result__snippet">(.*?)</p>', html, re.DOTALL)
    assert snippets
    assert any("See <mark>PMI</mark> for the standard" in s for s in snippets)
    for snippet in snippets:
        assert_plain(html_lib.unescape(re.sub(r"</?mark>", "", snippet)))

    html = client.get("/search/", {"q": "fixed price"}).content.decode()
    assert "We quote a <mark>fixed</mark> <mark>price</mark> for discovery" in html


def test_reply_mail_and_meta_description_are_plain(client, quoted_thread):
    reply_mail = next(m for m in mail.outbox if m.subject.endswith("Billing commercial clients"))
    assert "We quote a fixed price for discovery, then time and materials." in reply_mail.body
    assert "wrote (" not in reply_mail.body

    page = client.get(quoted_thread.get_absolute_url()).content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert description, "no meta description"
    assert html_lib.unescape(description[1]).startswith(
        "We bill commercial clients by the hour. See PMI for the standard"
    )


def test_a_search_snippet_escapes_what_the_member_typed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(
            title="Escaping in snippets",
            body="Careful: `<script>alert(1)</script>` & <b>bold</b> budget talk.",
        )
    html = client.get("/search/", {"q": "budget"}).content.decode()
    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', html, re.DOTALL)[1]
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet and "<mark>budget</mark>" in snippet


def test_a_post_that_is_only_a_quote_keeps_the_quote_as_its_excerpt():
    only_quote = render_markdown("> **Priya Raman** wrote:\n>\n> Fixed price is risky.")
    assert post_text(only_quote) == "Priya Raman wrote: Fixed price is risky."
    assert excerpt(render_markdown("one two three four five"), 12) == "one two…"
