"""manage.py search_reindex: builds the index for rows written in bulk (seed_bench, imports)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from forum.models import Post, Thread

pytestmark = pytest.mark.django_db


def reindex(**options) -> str:
    out = StringIO()
    call_command("search_reindex", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def seed_bench() -> None:
    call_command(
        "seed_bench",
        threads=12,
        posts_per_thread=3,
        hot_thread_posts=5,
        members=3,
        batch=5,
        stdout=StringIO(),
        stderr=StringIO(),
    )


@pytest.fixture
def bench_forum():
    """Rows written in bulk, past the services, as an import writes them: seed_bench's rows
    with the index it builds emptied again, so nothing of them is searchable yet."""
    seed_bench()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE search_postsearch, search_threadsearch")
        else:
            cursor.execute("DELETE FROM search_postfts")


def test_seed_bench_output_is_searchable_at_once(search):
    seed_bench()

    assert search("budget").context["total"] > 0
    assert search("benchmark discussion").context["total"] == 1


def test_seed_bench_output_is_searchable_after_a_reindex(bench_forum, search):
    assert search("budget").context["total"] == 0

    output = reindex(batch=7)

    assert "Search index: 41 searchable posts" in output
    assert search("budget").context["total"] > 0
    assert search("benchmark discussion").context["total"] == 1


@pytest.mark.parametrize("fresh", [False, True])
def test_a_reindex_leaves_out_what_may_not_be_shown(bench_forum, search, fresh):
    reindex()
    hot = Thread.objects.get(slug="hot-benchmark-thread")
    Post.objects.filter(thread=hot, number__gt=1).update(is_hidden=True)

    output = reindex(batch=3, fresh=fresh)

    assert "Search index: 37 searchable posts" in output
    assert search("benchmark discussion").context["total"] == 1
    assert {r.post.thread_id for r in search("budget").context["results"]} <= set(
        Thread.objects.exclude(pk=hot.pk, posts__number__gt=1).values_list("pk", flat=True)
    )


def test_a_reindex_twice_changes_nothing(bench_forum, search):
    first = reindex(fresh=True)
    totals = [search(q).context["total"] for q in ("budget", "risk -scope", '"change request"')]
    second = reindex()
    assert first.split("(")[0] == second.split("(")[0]
    assert [search(q).context["total"] for q in ("budget", "risk -scope", '"change request"')] == (
        totals
    )


def test_reindex_of_an_empty_forum_says_so():
    assert "Search index: 0 searchable posts" in reindex()


def test_reindex_refuses_a_batch_below_one():
    with pytest.raises(CommandError):
        reindex(batch=0)
