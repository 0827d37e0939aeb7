"""Accepted answers and helpful marks a member received, stored on the member and kept in step
by every write that changes them; a recount (command and migration) agrees with them."""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.services import member_counts_recount
from forum.models import Post, Thread
from forum.services import post_reply, post_toggle_accepted
from tests.factories import UserFactory, make_moderator, make_thread

pytestmark = pytest.mark.django_db


def accepted(user: User) -> int:
    user.refresh_from_db()
    return user.accepted_count


def recounted(user: User) -> int:
    member_counts_recount(member_ids=[user.pk])
    return accepted(user)


@pytest.fixture
def asked():
    """A question with replies from two members."""
    asker, first, second = UserFactory(), UserFactory(), UserFactory()
    thread = make_thread(title="Which answer do I accept?", author=asker)
    one = post_reply(author=first, thread=thread, body="Give the client a range.")
    two = post_reply(author=second, thread=thread, body="Give the client three options.")
    return asker, thread, (first, one), (second, two)


def moderator() -> User:
    return make_moderator(UserFactory())


def test_accepting_unaccepting_and_switching_move_the_authors_counts(client, asked):
    asker, thread, (first, one), (second, two) = asked
    client.force_login(asker)

    assert client.post(f"/posts/{one.pk}/accept/").status_code == 302
    assert (accepted(first), accepted(second)) == (1, 0)

    # Accepting another reply in the same thread: the previous author loses theirs.
    client.post(f"/posts/{two.pk}/accept/")
    assert (accepted(first), accepted(second)) == (0, 1)

    client.post(f"/posts/{two.pk}/accept/")  # taken back
    assert (accepted(first), accepted(second)) == (0, 0)
    assert Thread.objects.get(pk=thread.pk).accepted_post_id is None

    client.post(f"/posts/{one.pk}/accept/")
    assert (accepted(first), accepted(second)) == (1, 0)
    assert (recounted(first), recounted(second)) == (1, 0)


def test_accepting_ones_own_reply_earns_nothing(client, asked):
    asker, thread, _, _ = asked
    own = post_reply(author=asker, thread=thread, body="In the end I did this myself.")
    client.force_login(asker)

    client.post(f"/posts/{own.pk}/accept/")

    assert Thread.objects.get(pk=thread.pk).accepted_post_id == own.pk
    assert accepted(asker) == 0 == recounted(asker)


def test_only_the_asker_may_accept(client, asked):
    _, _, (first, one), (second, _) = asked
    client.force_login(second)
    assert client.post(f"/posts/{one.pk}/accept/").status_code == 403
    assert accepted(first) == 0


def test_hiding_and_showing_an_accepted_answer_or_its_thread_moves_the_count(client, asked):
    _asker, thread, (first, one), _ = asked
    post_toggle_accepted(post=one)
    assert accepted(first) == 1
    client.force_login(moderator())

    client.post(f"/posts/{one.pk}/hide/", {"reason": "Off topic"})
    assert accepted(first) == 0 == recounted(first)
    client.post(f"/posts/{one.pk}/hide/", {"reason": ""})
    assert accepted(first) == 1 == recounted(first)

    client.post(f"/threads/{thread.pk}/hide/", {"reason": "Spam"})
    assert accepted(first) == 0
    client.post(f"/threads/{thread.pk}/hide/", {"reason": ""})
    assert accepted(first) == 1


def test_unaccepting_a_hidden_answer_takes_nothing_twice(client, asked):
    _asker, _, (first, one), _ = asked
    post_toggle_accepted(post=one)
    client.force_login(moderator())
    client.post(f"/posts/{one.pk}/hide/", {"reason": "Off topic"})
    assert accepted(first) == 0

    # The asker takes the acceptance back while the answer is hidden, then it is shown again.
    post_toggle_accepted(post=Post.objects.get(pk=one.pk))
    client.post(f"/posts/{one.pk}/hide/", {"reason": ""})

    assert accepted(first) == 0 == recounted(first)


def test_deleting_an_accepted_answer_ends_the_acceptance_and_the_credit(client, asked):
    _, thread, (first, one), _ = asked
    post_toggle_accepted(post=one)
    client.force_login(first)

    client.post(f"/posts/{one.pk}/delete/")

    assert Thread.objects.get(pk=thread.pk).accepted_post_id is None
    assert accepted(first) == 0 == recounted(first)


def test_deleting_the_question_takes_the_credit_with_the_thread(client, asked):
    _, thread, (first, one), _ = asked
    post_toggle_accepted(post=one)
    client.force_login(moderator())

    client.post(f"/posts/{thread.posts.get(number=1).pk}/delete/")

    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert accepted(first) == 0


def test_an_answer_stays_credited_when_its_asker_leaves(client, asked):
    asker, _, (first, one), _ = asked
    post_toggle_accepted(post=one)
    client.force_login(asker)
    client.post(
        "/accounts/delete/", {"confirm": asker.username, "password": "correct-horse-battery"}
    )

    assert not User.objects.filter(pk=asker.pk).exists()
    assert accepted(first) == 1 == recounted(first)


def test_recount_command_corrects_drifted_counts(asked):
    _, _, (first, one), (second, _) = asked
    post_toggle_accepted(post=one)
    User.objects.filter(pk=first.pk).update(accepted_count=7, helpful_count=3, post_count=0)
    User.objects.filter(pk=second.pk).update(accepted_count=2)
    out = StringIO()

    call_command("recount_members", stdout=out)

    assert (accepted(first), first.helpful_count, first.post_count) == (1, 0, 1)
    assert accepted(second) == 0
    assert "2 had drifted" in out.getvalue()


def test_recount_command_for_named_members_and_unknown_names():
    member = UserFactory(username="drifted")
    User.objects.filter(pk=member.pk).update(accepted_count=4)
    out = StringIO()

    call_command("recount_members", "drifted", "--batch-size", "1", stdout=out)

    assert accepted(member) == 0
    assert "Recounted 1 member;" in out.getvalue()
    with pytest.raises(CommandError, match="No such member: nobody"):
        call_command("recount_members", "drifted", "nobody")


def test_data_migration_counts_existing_acceptances(asked):
    _asker, thread, (first, _one), (second, two) = asked
    # Accepted before the counter existed: straight in the table, no service.
    Thread.objects.filter(pk=thread.pk).update(accepted_post=two)
    own_thread = make_thread(title="Answered it myself", author=second)
    own = post_reply(author=second, thread=own_thread, body="My own answer.")
    Thread.objects.filter(pk=own_thread.pk).update(accepted_post=own)
    migration = importlib.import_module("accounts.migrations.0007_reputation")

    migration.count_accepted_answers(apps, None)

    assert (accepted(first), accepted(second)) == (0, 1)


def test_demo_content_has_accepted_answers_and_counts_a_recount_agrees_with(client):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # a second run changes nothing
    stored = dict(User.objects.values_list("username", "accepted_count"))
    helpful = dict(User.objects.values_list("username", "helpful_count"))

    assert Thread.objects.filter(accepted_post__isnull=False).count() >= 10
    assert sum(stored.values()) == Thread.objects.credited_answers().count()
    assert sum(1 for count in stored.values() if count) >= 4
    out = StringIO()
    call_command("recount_members", stdout=out)
    assert "0 had drifted" in out.getvalue()
    assert dict(User.objects.values_list("username", "accepted_count")) == stored
    assert dict(User.objects.values_list("username", "helpful_count")) == helpful
    # The directory's most accepted member leads its order.
    top = max(stored, key=lambda name: (stored[name], User.objects.get(username=name).pk))
    directory = client.get("/members/?sort=accepted")
    assert directory.context["members"][0].username == top
