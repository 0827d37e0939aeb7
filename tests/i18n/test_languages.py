"""With a second language, each reader gets pages in theirs: cached whole pages, shared
fragments and relative times included. With English alone, pages read as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from forum.templatetags.forum_tags import relative_time
from tests.factories import UserFactory, make_thread
from tests.i18n.catalogues import PSEUDO_LANGUAGE

ENGLISH = "en-gb"


def test_relative_times_read_as_before_in_english():
    now = timezone.now()
    assert ">5\xa0minutes ago</time>" in relative_time(now - timedelta(minutes=5, seconds=3))
    assert ">1\xa0hour ago</time>" in relative_time(now - timedelta(minutes=61))
    assert ">3\xa0days ago</time>" in relative_time(now - timedelta(days=3, hours=1))
    assert ">just now</time>" in relative_time(now - timedelta(seconds=20))
    moment = timezone.make_aware(timezone.datetime(2026, 12, 1, 7, 5))
    assert 'title="1 Dec 2026, 07:05 (UTC)"' in relative_time(moment)


def test_relative_times_follow_the_active_language(pseudo_locale):
    moment = timezone.make_aware(timezone.datetime(2026, 12, 1, 7, 5))
    with translation.override(PSEUDO_LANGUAGE):
        assert ">5\xa0ɱíñúţéš àĝó</time>" in relative_time(
            timezone.now() - timedelta(minutes=5, seconds=3)
        )
        assert "1 Đéç 2026, 07:05 (UTC)" in relative_time(moment)
    # Worded once per language: English is still English afterwards.
    with translation.override(ENGLISH):
        assert ">5\xa0minutes ago</time>" in relative_time(
            timezone.now() - timedelta(minutes=5, seconds=3)
        )


@pytest.fixture
def thread(db):
    return make_thread(title="Ucwhen ucdo ucwe ucestimate?", replies=1)


def get(client, address, language):
    return client.get(address, HTTP_ACCEPT_LANGUAGE=language)


def test_visitors_cached_pages_are_kept_per_language(client, thread, settings, pseudo_locale):
    settings.PAGE_CACHE_SECONDS = 60
    home = reverse("forum:thread_list")
    english = get(client, home, ENGLISH)
    assert english["X-Page-Cache"] == "miss"
    assert "Accept-Language" in english["Vary"]
    pseudo = get(client, home, PSEUDO_LANGUAGE)
    assert pseudo["X-Page-Cache"] == "miss"  # not the English page
    assert "Ĺàţéšţ" in pseudo.content.decode()
    again = get(client, home, ENGLISH)
    assert again["X-Page-Cache"] == "hit"
    assert ">Latest</a>" in again.content.decode()
    assert get(client, home, PSEUDO_LANGUAGE)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("page", ["list", "thread"])
def test_shared_fragments_and_post_frames_are_kept_per_language(
    page, client, thread, settings, pseudo_locale
):
    """A member's pages skip the page cache but share the rendered rows, post contents and
    post frames; each language has its own."""
    settings.PAGE_CACHE_SECONDS = 60
    client.force_login(UserFactory())
    address = reverse("forum:thread_list") if page == "list" else thread.get_absolute_url()
    assert get(client, address, ENGLISH).status_code == 200  # the English parts are cached
    pseudo = get(client, address, PSEUDO_LANGUAGE).content.decode()
    english_again = get(client, address, ENGLISH).content.decode()
    words = ("ŕéƥĺý", "reply") if page == "list" else ("Ĥéĺƥƒúĺ", "Helpful")
    assert words[0] in pseudo and words[1] not in pseudo.split("<main", 1)[1]
    assert words[1] in english_again and words[0] not in english_again
