"""The forums index at /forums/: every forum with its counts and latest activity."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from forum.models import Forum
from forum.services import post_reply
from moderation.services import thread_set_hidden
from tests.factories import ForumFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db


def test_visitor_sees_each_forum_with_description_counts_and_latest_thread(client):
    estimating = ForumFactory(name="Estimating", slug="estimating", description="Sizing work.")
    ForumFactory(name="Careers", slug="careers", description="Growing as a PM.")
    make_thread(title="Older question on estimates", forum=estimating, replies=2)
    newest = make_thread(title="Fresh question on estimates", forum=estimating, replies=1)

    response = client.get("/forums/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="/forums/estimating/">Estimating</a>' in page
    assert "Sizing work." in page and "Growing as a PM." in page
    assert "2 threads · 3 replies" in page
    assert f'Latest: <a href="{newest.get_absolute_url()}">Fresh question on estimates</a>' in page
    assert "0 threads · 0 replies" in page and "No threads yet." in page


def test_hidden_threads_are_neither_counted_nor_shown_as_latest(client, member):
    forum = ForumFactory(name="Estimating", slug="estimating")
    make_thread(title="A question everyone sees", forum=forum, replies=1)
    hidden = make_thread(title="A question a moderator hid", forum=forum, replies=4)
    thread_set_hidden(thread=hidden, hidden=True, reason="Spam", moderator=member)

    page = client.get("/forums/").content.decode()

    assert "1 thread · 1 reply" in page
    assert "A question a moderator hid" not in page


def test_counts_and_latest_follow_a_new_reply_at_once(client, django_capture_on_commit_callbacks):
    forum = ForumFactory(name="Estimating", slug="estimating")
    with django_capture_on_commit_callbacks(execute=True):
        first = make_thread(title="First question here", forum=forum)
        make_thread(title="Second question here", forum=forum)
    assert "Second question here</a>" in client.get("/forums/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=UserFactory(), thread=first, body="An answer that brings it back up.")

    page = client.get("/forums/").content.decode()
    assert "2 threads · 1 reply" in page
    assert "First question here</a>" in page.split("Latest:")[1]


def test_names_and_titles_are_escaped(client):
    forum = ForumFactory(name="<b>Bold</b> forum", slug="bold", description="<script>x</script>")
    make_thread(title="<img src=x onerror=alert(1)>", forum=forum)

    page = client.get("/forums/").content.decode()

    assert "<script>x" not in page and "<img src=x" not in page
    assert escape("<b>Bold</b> forum") in page


@pytest.mark.parametrize("forums", [1, 8])
def test_forum_index_runs_a_fixed_number_of_queries(client, django_assert_num_queries, forums):
    Forum.objects.all().delete()  # the forum a fresh site starts with
    author = UserFactory()
    for n in range(forums):
        forum = ForumFactory(name=f"Forum {n}", slug=f"forum-{n}")
        make_thread(title=f"Question in forum {n}", forum=forum, author=author, replies=1)

    # The counts (an aggregate and the latest threads' ids, then cached), forums, threads.
    with django_assert_num_queries(4):
        response = client.get("/forums/")
    assert len(response.context["forums"]) == forums
    with django_assert_num_queries(2):
        client.get("/forums/")


def test_header_leads_to_the_forums_index(client):
    page = client.get("/").content.decode()
    assert '<a href="/forums/">Forums</a>' in page
    current = client.get("/forums/").content.decode()
    assert '<a href="/forums/" aria-current="page">Forums</a>' in current
