"""Threads and posts changed in the admin change as they do on the site: re-rendered,
re-indexed, with their history and the moderation log."""

from __future__ import annotations

import pytest
from django.test import Client

from forum.models import Post, Thread
from moderation.models import Action, LogEntry
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what the services queue for after commit (the search index among it)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def post_form(post: Post, **changes) -> dict:
    form = {"body": post.body, "hidden_reason": post.hidden_reason, "_save": "Save"}
    if post.is_hidden:
        form["is_hidden"] = "on"
    return {**form, **changes}


def thread_form(thread: Thread, **changes) -> dict:
    form = {
        "title": thread.title,
        "forum": str(thread.forum_id),
        "hidden_reason": thread.hidden_reason,
        "_save": "Save",
    }
    form.update(
        {flag: "on" for flag in ("is_locked", "is_pinned", "is_hidden") if getattr(thread, flag)}
    )
    return {**form, **changes}


def test_editing_a_body_in_the_admin_rerenders_reindexes_and_keeps_history(admin_client, committed):
    with committed():
        thread = make_thread(title="Who approves scope changes?", body="The *sponsor* does.")
    question = thread.posts.get(number=1)

    with committed():
        response = admin_client.post(
            f"/admin/forum/post/{question.pk}/change/",
            post_form(question, body="The **steering group** does, in writing."),
        )

    assert response.status_code == 302
    question.refresh_from_db()
    assert "<strong>steering group</strong>" in question.body_html
    assert question.edited_at is not None
    visitor = Client()
    found = visitor.get("/search/", {"q": "steering"}).context["results"]
    assert [r.post.pk for r in found] == [question.pk]
    history = visitor.get(f"/posts/{question.pk}/history/").content.decode()
    assert "The <em>sponsor</em> does." in history
    assert "<strong>steering group</strong>" in history


def test_an_unsafe_or_convoluted_body_is_refused_in_the_admin_too(admin_client):
    thread = make_thread(title="Markdown limits apply everywhere")
    question = thread.posts.get(number=1)

    response = admin_client.post(
        f"/admin/forum/post/{question.pk}/change/", post_form(question, body="[" * 500)
    )

    assert response.status_code == 200
    assert "square brackets" in response.content.decode()
    question.refresh_from_db()
    assert question.body != "[" * 500


def test_retitling_in_the_admin_moves_the_slug_and_records_a_revision(admin_client):
    thread = make_thread(title="Estimating a fixed price job")

    admin_client.post(
        f"/admin/forum/thread/{thread.pk}/change/",
        thread_form(thread, title="Estimating a fixed-price migration"),
    )

    thread.refresh_from_db()
    assert thread.slug == "estimating-a-fixed-price-migration"
    question = thread.posts.get(number=1)
    assert list(question.revisions.values_list("title", flat=True).order_by("pk")) == [
        "Estimating a fixed price job",
        "Estimating a fixed-price migration",
    ]


def test_hiding_a_thread_in_the_admin_writes_the_moderation_log(admin_client, admin_user):
    thread = make_thread(title="A thread the admin hides")

    response = admin_client.post(
        f"/admin/forum/thread/{thread.pk}/change/",
        thread_form(thread, is_hidden="on", hidden_reason="Posted twice"),
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get(thread=thread)
    assert (entry.action, entry.moderator, entry.reason) == (
        Action.HIDE_THREAD,
        admin_user,
        "Posted twice",
    )
    assert Client().get(thread.get_absolute_url()).status_code == 404


def test_hiding_a_reply_in_the_admin_logs_it_and_takes_it_out_of_the_count(
    admin_client, admin_user
):
    thread = make_thread(title="A reply the admin hides", replies=2)
    reply = thread.posts.get(number=2)

    admin_client.post(
        f"/admin/forum/post/{reply.pk}/change/",
        post_form(reply, is_hidden="on", hidden_reason="Advertising"),
    )

    thread.refresh_from_db()
    assert thread.reply_count == 1
    entry = LogEntry.objects.get(post=reply)
    assert (entry.action, entry.moderator) == (Action.HIDE_POST, admin_user)


def test_locking_pinning_and_moving_in_the_admin_are_logged(admin_client):
    thread = make_thread(title="A thread the admin tidies")
    elsewhere = type(thread.forum).objects.create(name="Elsewhere", slug="elsewhere")

    admin_client.post(
        f"/admin/forum/thread/{thread.pk}/change/",
        thread_form(thread, is_locked="on", is_pinned="on", forum=str(elsewhere.pk)),
    )

    thread.refresh_from_db()
    assert (thread.is_locked, thread.is_pinned, thread.forum) == (True, True, elsewhere)
    assert set(LogEntry.objects.filter(thread=thread).values_list("action", flat=True)) == {
        Action.LOCK,
        Action.PIN,
        Action.MOVE,
    }


def test_threads_and_posts_are_not_added_in_the_admin(admin_client):
    assert admin_client.get("/admin/forum/thread/add/").status_code == 403
    assert admin_client.get("/admin/forum/post/add/").status_code == 403


def test_deleting_a_reply_in_the_admin_leaves_its_placeholder_and_count(admin_client):
    thread = make_thread(title="A reply the admin deletes", replies=2)
    reply = thread.posts.get(number=3)

    response = admin_client.post(f"/admin/forum/post/{reply.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.is_deleted and thread.reply_count == 1
