"""Dates on pages in the reader's own time zone, whatever the caches share between readers.

Thread pages and lists are put together from shared pieces (the visitors' page cache, shared
thread pages, cached rows and post contents, per-process post frames: forum/fragments.py,
forum/post_rendering.py). Members in Tokyo and New York and a visitor read the same pages in
turn, in every order, with every cache on: each must see their own zone."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.models import Post, Thread
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

ASKED_AT = datetime(2026, 3, 3, 5, 5, tzinfo=UTC)  # 14:05 in Tokyo, 00:05 in New York
REPLIED_AT = datetime(2026, 3, 4, 23, 40, tzinfo=UTC)  # 08:40 on the 5th in Tokyo
READERS = ("tokyo", "new_york", "visitor")
TITLES = re.compile(r'<time datetime="[^"]+" title="([^"]+)"')


@pytest.fixture(autouse=True)
def every_cache(settings):
    """The page cache and the shared thread pages are on (as with Redis in production)."""
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def thread():
    thread = make_thread(title="When does the steering group meet?", replies=1)
    Post.objects.filter(thread=thread, number=1).update(created_at=ASKED_AT)
    Post.objects.filter(thread=thread, number=2).update(created_at=REPLIED_AT)
    Thread.objects.filter(pk=thread.pk).update(created_at=ASKED_AT, last_activity_at=REPLIED_AT)
    return Thread.objects.get(pk=thread.pk)


def client_for(reader: str) -> Client:
    client = Client()
    if reader != "visitor":
        zone = {"tokyo": "Asia/Tokyo", "new_york": "America/New_York"}[reader]
        client.force_login(UserFactory(username=f"reader_{reader}", time_zone=zone))
    return client


def shown(moment: datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.day} {local:%b %Y, %H:%M} ({zone})"


EXPECTED_ZONE = {"tokyo": "Asia/Tokyo", "new_york": "America/New_York", "visitor": "UTC"}


@pytest.mark.parametrize("order", list(itertools.permutations(READERS)))
def test_each_reader_sees_the_thread_page_and_lists_in_their_own_zone_in_any_order(thread, order):
    clients = {reader: client_for(reader) for reader in READERS}
    pages = [thread.get_absolute_url(), "/", "/forums/", f"/forums/{thread.forum.slug}/"]
    # Twice round: the second time every piece can come from a cache filled by another reader.
    for reader in order + order:
        zone = EXPECTED_ZONE[reader]
        others = {z for z in EXPECTED_ZONE.values() if z != zone}
        for path in pages:
            response = clients[reader].get(path)
            assert response.status_code == 200, path
            titles = TITLES.findall(response.content.decode())
            assert titles, path
            assert all(title.endswith(f"({zone})") for title in titles), (reader, path, titles)
            assert not any(f"({other})" in title for title in titles for other in others)
        page = clients[reader].get(thread.get_absolute_url()).content.decode()
        assert shown(ASKED_AT, zone) in page  # the question, and "Asked" in the facts
        assert shown(REPLIED_AT, zone) in page  # the reply, and "Last activity"
        listing = clients[reader].get("/").content.decode()
        assert shown(REPLIED_AT, zone) in listing  # the row's last activity


def test_the_machine_readable_time_is_utc_for_every_reader(thread):
    for reader in READERS:
        html = client_for(reader).get(thread.get_absolute_url()).content.decode()
        assert '<time datetime="2026-03-03T05:05:00+00:00"' in html


def test_visitors_cached_page_stays_in_utc_after_members_read_it(thread):
    visitor = Client()
    first = visitor.get(thread.get_absolute_url())
    client_for("tokyo").get(thread.get_absolute_url())
    second = visitor.get(thread.get_absolute_url())
    assert second.headers.get("X-Page-Cache") == "hit"
    assert first.content == second.content
    assert shown(ASKED_AT, "UTC") in second.content.decode()


def test_a_members_zone_costs_no_query(thread):
    """The zone comes with the member the page loads anyway: a page costs the same queries
    for a member with a zone as for one without."""
    counts = {}
    for zone in ("", "Asia/Tokyo"):
        client = Client()
        client.force_login(UserFactory(time_zone=zone))
        for path in (thread.get_absolute_url(), "/"):
            client.get(path)  # warm the shared pieces
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts[zone, path] = len(queries)
    assert counts["", "/"] == counts["Asia/Tokyo", "/"]
    assert counts["", thread.get_absolute_url()] == counts["Asia/Tokyo", thread.get_absolute_url()]


def test_a_members_thread_page_in_their_zone_keeps_its_query_budget(
    thread, django_assert_max_num_queries
):
    client = client_for("tokyo")
    client.get(thread.get_absolute_url())
    with django_assert_max_num_queries(12):
        html = client.get(thread.get_absolute_url()).content.decode()
    assert shown(ASKED_AT, "Asia/Tokyo") in html


def test_the_zone_never_leaks_into_the_next_request_on_the_same_thread(thread):
    """The zone is switched off with the response: a visitor served next by the same worker
    thread sees UTC (the test client runs every request on this one thread)."""
    client_for("tokyo").get("/")
    html = Client().get("/forums/").content.decode()
    assert "(Asia/Tokyo)" not in html and "(UTC)" in html


def test_a_suspended_members_notice_names_their_zone(thread):
    member = UserFactory(
        time_zone="America/New_York",
        suspended_until=datetime(2099, 1, 1, 17, 0, tzinfo=UTC),
        suspension_reason="Spam",
    )
    client = Client()
    client.force_login(member)
    html = client.get("/accounts/profile/").content.decode()
    assert "until 1 Jan 2099, 12:00 (America/New_York)" in html


def test_relative_wording_is_unchanged_by_the_zone(thread):
    """ "3 days ago" is the same for everyone: only the tooltip moves."""
    now = datetime.now(UTC)
    Post.objects.filter(thread=thread, number=2).update(created_at=now - timedelta(days=3))
    for reader in ("tokyo", "visitor"):
        html = client_for(reader).get(thread.get_absolute_url()).content.decode()
        assert "3\xa0days ago" in html


def test_a_request_that_shows_no_date_does_not_load_the_member_for_their_zone():
    """The zone is looked up when a date is shown: a script's answer that needs neither the
    member nor a date costs what it cost before."""
    counts = []
    for zone in ("", "Asia/Tokyo"):
        client = Client()
        client.force_login(UserFactory(time_zone=zone))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/similar/", {"title": "steering group"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 1
