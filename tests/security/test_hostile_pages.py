"""The hostile corpus through every field that reaches a page today: post bodies, thread
titles, tags, profile fields and the search query. No page may come back with anything
that runs, whatever members typed, nor fail: every page that lists what members wrote
(lists, tag pages, member pages, search, sitemaps, feeds) answers 200.

The content is made once for the module (inside a transaction rolled back at the end).
New pages should add a test here that feeds HOSTILE_INPUTS through their fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit
from xml.etree import ElementTree

import pytest
from django.db import transaction
from django.test import Client

from accounts.models import User
from forum.models import Tag, Thread
from forum.services import post_reply, thread_create
from tests.factories import ForumFactory, UserFactory, make_thread
from tests.security.corpus import HOSTILE_INPUTS, fragment_problems, page_problems

# The forms cap these lengths, and refuse NUL characters (PostgreSQL cannot store them).
TITLE_MAX, TAG_MAX = 150, 40
PROFILE_LIMITS = {"display_name": 80, "headline": 120, "location": 80, "bio": 1000}


def stored(text: str, limit: int) -> str:
    return text.replace("\x00", "")[:limit]


def tag_names(text: str) -> list[str]:
    """The input as a tag name, as the service would store it (the ask form refuses most)."""
    name = stored(text, TAG_MAX).strip()
    return [name] if name else []


@dataclass
class HostileForum:
    threads: list[Thread]
    members: list[User]
    tags: list[Tag]
    reply_thread: Thread


@pytest.fixture(scope="module")
def hostile_forum(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        forum = ForumFactory(name="Project Management", slug="project-management")
        members = []
        for start in range(0, len(HOSTILE_INPUTS), len(PROFILE_LIMITS)):
            chunk = HOSTILE_INPUTS[start : start + len(PROFILE_LIMITS)]
            fields = {
                name: stored(chunk[n % len(chunk)], limit)
                for n, (name, limit) in enumerate(PROFILE_LIMITS.items())
            }
            members.append(UserFactory(username=f"hostile{start}", **fields))
        threads = [
            thread_create(
                author=members[n // len(PROFILE_LIMITS)],
                forum=forum,
                title=stored(text, TITLE_MAX),
                body=stored(text, 20_000),
                tags=tag_names(text),
            )
            for n, text in enumerate(HOSTILE_INPUTS)
        ]
        # Every input again as a reply, all in one long thread, by the hostile members.
        reply_thread = threads[0]
        for n, text in enumerate(HOSTILE_INPUTS):
            post_reply(
                author=members[n // len(PROFILE_LIMITS)],
                thread=reply_thread,
                body=stored(text, 20_000),
            )
        yield HostileForum(
            threads=threads,
            members=members,
            tags=list(Tag.objects.all()),
            reply_thread=Thread.objects.get(pk=reply_thread.pk),
        )
        transaction.set_rollback(True)


def problems_on(client: Client, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            found[url] = [f"status {response.status_code}"]
            continue
        problems = page_problems(response.content.decode())
        if problems:
            found[url] = problems
    return found


def page_urls(base: str, items: int, per_page: int = 20) -> list[str]:
    pages = max(1, -(-items // per_page))
    return [f"{base}?page={n}" for n in range(1, pages + 1)]


@pytest.mark.django_db
def test_thread_pages_with_hostile_titles_bodies_tags_and_authors_are_inert(client, hostile_forum):
    urls = [thread.get_absolute_url() for thread in hostile_forum.threads]
    assert problems_on(client, urls) == {}


@pytest.mark.django_db
def test_thread_with_every_hostile_reply_is_inert_on_every_page(client, hostile_forum):
    thread = hostile_forum.reply_thread
    urls = page_urls(thread.get_absolute_url(), thread.reply_count + 1)
    urls += [f"{url}&sort=newest" for url in urls[:2]]
    assert len(urls) > 10
    assert problems_on(client, urls) == {}


@pytest.mark.django_db
def test_thread_lists_with_hostile_titles_tags_and_names_are_inert(client, hostile_forum):
    urls = page_urls("/", len(hostile_forum.threads))
    urls += page_urls("/forums/project-management/", len(hostile_forum.threads))
    assert problems_on(client, urls) == {}


@pytest.mark.django_db
def test_tag_index_and_every_tag_page_are_inert(client, hostile_forum):
    urls = ["/tags/"] + [tag.get_absolute_url() for tag in hostile_forum.tags]
    assert len(urls) > 100
    assert problems_on(client, urls) == {}


@pytest.mark.django_db
def test_member_pages_with_hostile_profiles_are_inert(client, hostile_forum):
    urls = [member.get_absolute_url() for member in hostile_forum.members]
    assert problems_on(client, urls) == {}


@pytest.mark.django_db
def test_search_echoing_hostile_queries_is_inert(client, hostile_forum):
    # Queries holding NUL are refused before any view runs (see test_request_limits.py).
    queries = [text for text in HOSTILE_INPUTS if "\x00" not in text]
    urls = ["/search/?" + urlencode({"q": text}) for text in queries]
    assert problems_on(client, urls) == {}


@pytest.mark.parametrize("name", ["Café", "日本語", "\u02bascript\u02bb"])
def test_tag_pages_survive_any_name(client, db, name):
    thread = make_thread(tags=(name,))
    tag = thread.tags.get()
    for url in ("/", "/tags/", thread.get_absolute_url(), tag.get_absolute_url()):
        assert client.get(url).status_code == 200


ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml_problems_on(client: Client, urls: list[str]) -> dict[str, list[str]]:
    """Each URL answers 200 with well-formed XML (so every member's string in it is escaped),
    and the HTML an Atom entry carries is inert."""
    found = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            found[url] = [f"status {response.status_code}"]
            continue
        try:
            root = ElementTree.fromstring(response.content)  # noqa: S314 (our own XML, in a test)
        except ElementTree.ParseError as error:
            found[url] = [f"not well-formed: {error}"]
            continue
        problems = []
        for content in root.iter(f"{ATOM}content"):
            problems += fragment_problems(content.text or "")
        if problems:
            found[url] = problems
    return found


def sitemap_locations(client: Client, url: str) -> list[str]:
    root = ElementTree.fromstring(client.get(url).content)  # noqa: S314 (our own XML)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


@pytest.mark.django_db
def test_sitemaps_listing_hostile_threads_and_tags_are_well_formed_and_lead_to_pages(
    client, hostile_forum
):
    sections = [urlsplit(loc).path for loc in sitemap_locations(client, "/sitemap.xml")]
    assert {"/sitemap-threads.xml", "/sitemap-tags.xml", "/sitemap-forums.xml"} <= set(sections)
    assert xml_problems_on(client, ["/sitemap.xml", *sections]) == {}

    listed = [urlsplit(loc).path for loc in sitemap_locations(client, "/sitemap-tags.xml")]
    listed += [urlsplit(loc).path for loc in sitemap_locations(client, "/sitemap-threads.xml")]
    assert len(listed) > len(hostile_forum.threads)
    assert problems_on(client, listed) == {}


@pytest.mark.django_db
def test_feeds_of_hostile_threads_tags_and_replies_are_well_formed_and_inert(client, hostile_forum):
    urls = ["/feeds/latest/"]
    urls += [f"/feeds/tags/{tag.slug}/" for tag in hostile_forum.tags]
    urls += [f"/feeds/threads/{thread.pk}/" for thread in hostile_forum.threads]
    assert xml_problems_on(client, urls) == {}


@pytest.mark.django_db
def test_search_results_listing_hostile_titles_bodies_and_names_are_inert(client, hostile_forum):
    words = ["script", "alert", "javascript", "img", "onerror", "svg", "href", "data", "x"]
    urls = ["/search/?" + urlencode({"q": word}) for word in words]
    assert problems_on(client, urls) == {}
