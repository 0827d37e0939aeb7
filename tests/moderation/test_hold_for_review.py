"""A post held for review and the report that puts it in the moderators' queue are one write:
either both exist or neither does, so no post waits hidden where no moderator sees it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client

from forum.models import Post, Thread
from moderation.models import BlockedWord, Flag
from tests.factories import ForumFactory, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def flags_fail(monkeypatch):
    """Recording a report fails, as a database error in the middle of posting would."""

    def fail(*args, **kwargs):
        raise DatabaseError("the flag could not be written")

    monkeypatch.setattr(Flag, "save", fail)


@pytest.fixture
def member_browser(member) -> Client:
    browser = Client(raise_request_exception=False)
    browser.force_login(member)
    return browser


def test_a_held_reply_whose_report_fails_is_not_left_hidden(member_browser, flags_fail):
    BlockedWord.objects.create(phrase="cheap pills")
    thread = make_thread(title="A reply held while the queue fails")

    response = member_browser.post(f"/threads/{thread.pk}/reply/", {"body": "Buy cheap pills"})

    assert response.status_code == 500
    assert not Post.objects.filter(thread=thread, number__gt=1).exists()
    thread.refresh_from_db()
    assert (thread.last_number, thread.reply_count) == (1, 0)


def test_a_held_question_whose_report_fails_is_not_left_hidden(member_browser, flags_fail):
    BlockedWord.objects.create(phrase="casino")
    forum = ForumFactory()

    response = member_browser.post(
        "/threads/new/",
        {
            "title": "Best casino for team outings?",
            "body": "Any ideas",
            "forum": forum.pk,
            "tags": "Risk",
            "context": "general",
        },
    )

    assert response.status_code == 500
    assert not Thread.objects.exists()


def test_a_held_reply_arrives_with_its_report(member_browser):
    BlockedWord.objects.create(phrase="cheap pills")
    thread = make_thread(title="A reply held for the queue")

    member_browser.post(f"/threads/{thread.pk}/reply/", {"body": "Buy cheap pills"})

    held = Post.objects.get(thread=thread, number=2)
    assert held.is_hidden
    assert Flag.objects.filter(post=held, reporter=None, resolved_at=None).exists()


def test_the_queue_shows_the_held_post_and_no_post_without_reports(member_browser, moderator):
    BlockedWord.objects.create(phrase="cheap pills")
    thread = make_thread(title="A quiet thread with one held reply", replies=3)
    member_browser.post(f"/threads/{thread.pk}/reply/", {"body": "Buy cheap pills"})
    held = Post.objects.get(thread=thread, body="Buy cheap pills")
    moderators = Client()
    moderators.force_login(moderator)

    queue = moderators.get("/moderation/")

    assert [post.pk for post in queue.context["posts"]] == [held.pk]
    assert "0 open reports" not in queue.content.decode()
