"""The index follows every write: posting, editing, retitling, deleting, hiding, seeding."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from forum.models import Post, Thread
from forum.services import post_delete, post_edit, post_reply
from search.indexing import index_post, index_thread, unindex_post
from tests.factories import UserFactory, make_long_thread, make_thread

pytestmark = pytest.mark.django_db


def found(search, q: str) -> list[str]:
    return [f"{r.post.thread.title} #{r.post.number}" for r in search(q).context["results"]]


def test_a_new_question_and_reply_are_found_once_committed(committed, search):
    with committed():
        thread = make_thread(title="Gantt charts for clients", body="Do clients read them?")
        post_reply(author=UserFactory(), thread=thread, body="Ours prefer milestone tables.")

    assert found(search, "gantt") == ["Gantt charts for clients #1"]
    assert found(search, "milestone") == ["Gantt charts for clients #2"]


def test_editing_a_reply_through_the_service_updates_the_index(committed, search, member):
    with committed():
        thread = make_thread(title="Sprint reviews with a client")
        answer = post_reply(author=member, thread=thread, body="We demo on staging.")
    assert found(search, "staging") == ["Sprint reviews with a client #2"]

    with committed():
        post_edit(post=answer, editor=member, body="We demo in a sandbox now.")

    assert found(search, "sandbox") == ["Sprint reviews with a client #2"]
    assert found(search, "staging") == []


def test_editing_through_the_edit_page_updates_the_index(client, search, member, committed):
    with committed():
        thread = make_thread(title="Choosing a ticket tracker", author=member, body="Jira?")
    question = thread.posts.get(number=1)
    client.force_login(member)

    with committed():
        response = client.post(
            f"/posts/{question.pk}/edit/",
            {"title": "Choosing an issue tracker for agencies", "body": "Linear or Jira?"},
        )

    assert response.status_code == 302
    assert found(search, "agencies") == ["Choosing an issue tracker for agencies #1"]
    assert found(search, "linear") == ["Choosing an issue tracker for agencies #1"]
    assert found(search, "ticket") == []


def test_a_new_title_is_weighed_as_a_title(committed, search, member):
    with committed():
        thread = make_thread(title="Weekly reports", author=member, body="Format?")
        other = make_thread(title="Status meetings", body="How long?")
        post_reply(author=member, thread=other, body="Keep the dashboard short.")
    question = thread.posts.get(number=1)

    with committed():
        post_edit(post=question, editor=member, body="Format?", title="Weekly dashboard reports")

    assert found(search, "dashboard") == ["Weekly dashboard reports #1", "Status meetings #2"]


def test_a_deleted_reply_leaves_the_index(committed, search, member):
    with committed():
        thread = make_thread(title="Estimating support work")
        answer = post_reply(author=member, thread=thread, body="Use a retainer bucket.")
    with committed():
        post_delete(post=answer, user=member)
    assert found(search, "retainer") == []


def test_a_deleted_question_takes_its_thread_out_of_the_index(committed, search, member):
    with committed():
        thread = make_thread(title="Offboarding a contractor", author=member)
        post_reply(author=member, thread=thread, body="Revoke access on day one.")
        make_thread(title="Onboarding a contractor")
    question = thread.posts.get(number=1)

    with committed():
        post_delete(post=question, user=member)

    assert found(search, "contractor") == ["Onboarding a contractor #1"]
    assert found(search, "revoke") == []
    assert search("contractor").context["total"] == 1


def test_hiding_and_showing_again_follow_index_post_and_index_thread(committed, search):
    with committed():
        thread = make_thread(title="Vendor penalties in contracts", body="Are they enforceable?")
        answer = post_reply(author=UserFactory(), thread=thread, body="Penalties rarely hold.")

    Post.objects.filter(pk=answer.pk).update(is_hidden=True)
    index_post(answer)
    assert search("penalties").context["total"] == 1

    Post.objects.filter(pk=answer.pk).update(is_hidden=False)
    index_post(answer)
    assert search("penalties").context["total"] == 2

    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    index_thread(thread)
    assert search("penalties").context["total"] == 0

    Thread.objects.filter(pk=thread.pk).update(is_hidden=False, title="Vendor fines")
    index_thread(thread)
    assert found(search, "penalties") == ["Vendor fines #2"]  # the old title is gone
    assert found(search, "fines") == ["Vendor fines #1"]


def test_unindexed_post_is_not_found_until_indexed_again(committed, search):
    with committed():
        thread = make_thread(title="Resource levelling", body="Across two projects.")
    question = thread.posts.get(number=1)

    unindex_post(question)
    assert found(search, "levelling") == []
    index_post(question)
    assert found(search, "levelling") == ["Resource levelling #1"]


def test_seeded_threads_are_searchable_straight_away(search):
    make_long_thread(posts=30, title="A very long discussion about estimates")
    response = search("discussion")
    assert response.context["total"] == 1
    assert search("post 17").context["total"] == 1


def test_demo_content_is_searchable_after_seeding(search):
    call_command("seed_demo", stdout=StringIO())
    assert search("estimate").context["total"] > 0
    assert search("client").context["total"] > 0
