from io import StringIO

import pytest
from django.core.management import call_command

from forum.models import Forum, Post, Tag, Thread

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_forum_and_can_run_again(client):
    call_command("seed_demo", stdout=StringIO())
    counts = (Thread.objects.count(), Post.objects.count())
    call_command("seed_demo", stdout=StringIO())

    assert (Thread.objects.count(), Post.objects.count()) == counts
    assert counts[0] >= 12
    assert Forum.objects.filter(name="Project Management").exists()
    assert {"Estimating", "Information Technology"} <= set(
        Tag.objects.values_list("name", flat=True)
    )
    longest = Thread.objects.order_by("-last_number").first()
    assert longest.reply_count >= 45
    assert client.get(longest.get_absolute_url(), {"page": 3}).status_code == 200
    assert client.get("/").status_code == 200


def test_seeded_counters_match_the_posts():
    call_command("seed_demo", stdout=StringIO())
    for thread in Thread.objects.all():
        posts = list(thread.posts.order_by("number"))
        assert [p.number for p in posts] == list(range(1, len(posts) + 1))
        assert thread.reply_count == len(posts) - 1
        assert thread.last_post_id == posts[-1].pk
        assert thread.last_activity_at == posts[-1].created_at


def test_seed_bench_inserts_threads_posts_and_a_hot_thread():
    call_command(
        "seed_bench",
        threads=30,
        posts_per_thread=4,
        hot_thread_posts=45,
        members=5,
        batch=7,
        stdout=StringIO(),
    )
    assert Thread.objects.count() == 31
    assert Post.objects.count() == 30 * 4 + 45
    hot = Thread.objects.get(slug="hot-benchmark-thread")
    assert hot.last_number == 45 and hot.last_post.number == 45
    assert all(t.tags.exists() for t in Thread.objects.all()[:10])
