"""Pages that have a feed say so: a visible link (icon and text, with an accessible name) and
a <link rel="alternate"> in the head for feed readers, on the home, tag and thread pages,
whether the page is assembled fresh or from its cached shared parts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from forum.models import Tag
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def feed_links(html: str) -> dict[str, str]:
    """Visible feed links in the body: href -> accessible name (the link's text)."""
    body = html.split("<body", 1)[1]
    found = re.findall(r'<a class="feed-link" href="([^"]+)"[^>]*>(.*?)</a>', body, re.DOTALL)
    return {href: re.sub(r"<[^>]+>", "", inner).strip() for href, inner in found}


def head_feeds(html: str) -> list[str]:
    head = html.split("</head>", 1)[0]
    return re.findall(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', head
    )


def test_home_page_shows_the_latest_questions_feed(client):
    html = client.get("/").content.decode()

    assert feed_links(html) == {"/feeds/latest/": "Feed of the latest questions (Atom)"}
    assert head_feeds(html) == ["/feeds/latest/"]
    assert 'class="feed-link__icon"' in html and 'aria-hidden="true"' in html


def test_tag_page_shows_the_feed_of_its_questions(client):
    make_thread(title="A question about estimates", tags=("Estimating",))
    tag = Tag.objects.get(name="Estimating")

    html = client.get(f"/tags/{tag.slug}/").content.decode()

    feed = f"/feeds/tags/{tag.slug}/"
    assert feed_links(html) == {feed: "Feed of questions tagged Estimating (Atom)"}
    assert head_feeds(html) == [feed]
    assert client.get(feed).status_code == 200


@pytest.mark.parametrize("shared_parts", [False, True])
def test_thread_page_shows_the_feed_of_its_replies_to_visitors_and_members(
    client, settings, shared_parts
):
    settings.PAGE_CACHE_SECONDS = 60 if shared_parts else 0
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = make_thread(title="A thread with a feed of replies", replies=3)
    member = Client()
    member.force_login(UserFactory())
    feed = f"/feeds/threads/{thread.pk}/"

    for reader in (client, member, client, member):
        for address in (thread.get_absolute_url(), thread.get_absolute_url() + "?page=2"):
            html = reader.get(address).content.decode()
            assert feed_links(html) == {feed: "Feed of replies to this thread (Atom)"}
            assert head_feeds(html) == [feed]


def test_a_tag_name_in_the_feed_link_is_escaped(client):
    make_thread(title="A question with an odd tag", tags=('<b>"Odd"</b>',))
    tag = Tag.objects.get(name='<b>"Odd"</b>')

    html = client.get(f"/tags/{tag.slug}/").content.decode()

    assert "<b>&quot;Odd&quot;</b>" not in html
    assert "questions tagged &lt;b&gt;&quot;Odd&quot;&lt;/b&gt; (Atom)" in html
