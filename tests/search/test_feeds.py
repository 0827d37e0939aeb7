"""Atom feeds: latest threads, a tag's threads and a thread's replies, read as a feed reader
would (parsed as XML in the Atom namespace)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from forum.models import Post, Thread
from forum.services import post_delete, post_reply
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def text(element: ET.Element, name: str) -> str:
    return element.findtext(f"{ATOM}{name}") or ""


def link(element: ET.Element, rel: str = "alternate") -> str:
    for found in element.findall(f"{ATOM}link"):
        if found.get("rel", "alternate") == rel:
            return found.get("href")
    raise AssertionError(f"no {rel} link")


def test_latest_feed_has_the_newest_threads_with_their_questions(client):
    author = UserFactory(display_name="Ines Duarte")
    older = make_thread(title="Older question about budgets")
    newer = make_thread(
        title="Newer question about *risk* & <registers>",
        body="Do you **score** risks?",
        author=author,
        tags=("Risk", "Governance"),
    )

    feed = atom(client, "/feeds/latest/")
    first, second = entries(feed)

    assert text(feed, "title") == "PM Forum: latest questions"
    assert link(feed) == settings.SITE_URL + "/"
    assert link(feed, "self") == settings.SITE_URL + "/feeds/latest/"
    assert text(first, "title") == "Newer question about *risk* & <registers>"
    assert link(first) == settings.SITE_URL + newer.get_absolute_url()
    assert text(first, "id") == settings.SITE_URL + newer.get_absolute_url()
    assert first.find(f"{ATOM}author/{ATOM}name").text == "Ines Duarte"
    assert {c.get("term") for c in first.findall(f"{ATOM}category")} == {"Risk", "Governance"}
    content = first.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert content.text == newer.posts.get(number=1).body_html
    assert "<strong>score</strong>" in content.text
    assert text(first, "published") and text(first, "updated")
    assert text(second, "title") == older.title


def test_latest_feed_leaves_out_hidden_threads_and_hidden_questions(client):
    make_thread(title="A visible question")
    hidden = make_thread(title="A hidden thread")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    quiet = make_thread(title="A thread whose question is hidden", body="Secret words")
    Post.objects.filter(thread=quiet, number=1).update(is_hidden=True)

    body = client.get("/feeds/latest/").content.decode()

    assert "A visible question" in body
    assert "A hidden thread" not in body
    assert "Secret words" not in body and "hidden by the moderators" in body


def test_tag_feed_has_only_that_tags_threads(client):
    tagged = make_thread(title="Estimating a migration", tags=("Estimating",))
    make_thread(title="Running a retrospective", tags=("Agile",))
    hidden = make_thread(title="Hidden estimate", tags=("Estimating",))
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    feed = atom(client, "/feeds/tags/estimating/")

    assert [text(e, "title") for e in entries(feed)] == ["Estimating a migration"]
    assert link(entries(feed)[0]) == settings.SITE_URL + tagged.get_absolute_url()
    assert link(feed) == settings.SITE_URL + "/tags/estimating/"
    assert link(feed, "self") == settings.SITE_URL + "/feeds/tags/estimating/"
    assert client.get("/feeds/tags/no-such-tag/").status_code == 404


def test_a_tag_with_letters_beyond_ascii_has_a_feed(client):
    make_thread(title="Estimating in Lisbon", tags=("Café",))
    feed = atom(client, "/feeds/tags/caf%C3%A9/")
    assert [text(e, "title") for e in entries(feed)] == ["Estimating in Lisbon"]
    assert link(feed, "self") == settings.SITE_URL + "/feeds/tags/caf%C3%A9/"


def test_thread_feed_has_its_visible_replies_newest_first(client):
    thread = make_thread(title="How do you run a pre-mortem?")
    replier = UserFactory(display_name="Kwame Mensah")
    first = post_reply(author=replier, thread=thread, body="We use *sticky notes*.")
    hidden = post_reply(author=replier, thread=thread, body="A hidden reply.")
    deleted = post_reply(author=replier, thread=thread, body="A deleted reply.")
    last = post_reply(author=replier, thread=thread, body="Then we vote.")
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    post_delete(post=deleted, user=replier)

    feed = atom(client, f"/feeds/threads/{thread.pk}/")
    found = entries(feed)

    assert text(feed, "title") == "Replies to: How do you run a pre-mortem?"
    assert link(feed) == settings.SITE_URL + thread.get_absolute_url()
    assert [text(e, "title") for e in found] == [
        "Reply 4 by Kwame Mensah",
        "Reply 1 by Kwame Mensah",
    ]
    assert [link(e) for e in found] == [
        f"{settings.SITE_URL}/content/{last.pk}/",
        f"{settings.SITE_URL}/content/{first.pk}/",
    ]
    assert found[1].find(f"{ATOM}content").text == "<p>We use <em>sticky notes</em>.</p>"
    body = client.get(f"/feeds/threads/{thread.pk}/").content.decode()
    assert "hidden reply" not in body and "deleted reply" not in body


def test_thread_feed_of_a_hidden_or_missing_thread_is_not_found(client):
    hidden = make_thread(title="Hidden thread")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    assert client.get(f"/feeds/threads/{hidden.pk}/").status_code == 404
    assert client.get("/feeds/threads/999999/").status_code == 404


def test_links_are_absolute_from_site_url_whatever_the_host(client, settings):
    settings.SITE_URL = "https://pm.example.org"
    settings.ALLOWED_HOSTS = ["other.example"]
    thread = make_thread(title="Absolute links please", replies=1)

    for url in ("/feeds/latest/", f"/feeds/threads/{thread.pk}/", "/feeds/tags/estimating/"):
        body = client.get(url, HTTP_HOST="other.example").content.decode()
        hrefs = re.findall(r'href="([^"]+)"', body)
        assert hrefs and all(h.startswith("https://pm.example.org/") for h in hrefs), url


def test_pages_link_their_feeds_in_the_head(client):
    thread = make_thread(title="Linked feeds", tags=("Estimating",))

    def alternates(url: str) -> list[str]:
        head = client.get(url).content.decode().split("</head>")[0]
        return re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)"',
            head,
        )

    assert alternates("/") == ["/feeds/latest/"]
    assert alternates("/tags/estimating/") == ["/feeds/tags/estimating/"]
    assert alternates(thread.get_absolute_url()) == [f"/feeds/threads/{thread.pk}/"]


def test_feeds_run_a_fixed_number_of_queries(client, django_assert_num_queries):
    for n in range(5):
        make_thread(title=f"Thread number {n} for the feed", tags=("Estimating", "Risk"), replies=2)
    thread = Thread.objects.first()

    # Threads, their tags, their questions.
    with django_assert_num_queries(3):
        client.get("/feeds/latest/")
    # The tag, then as above.
    with django_assert_num_queries(4):
        client.get("/feeds/tags/estimating/")
    # The thread, its replies with their authors.
    with django_assert_num_queries(2):
        client.get(f"/feeds/threads/{thread.pk}/")
