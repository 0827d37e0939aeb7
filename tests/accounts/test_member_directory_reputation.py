"""The member directory sorts by standing (helpful marks, accepted answers) and by name, with
links that work without JavaScript, and shows a vote or an acceptance at once."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client

from accounts.models import User
from accounts.views import MEMBER_SORTS
from forum.services import post_reply, post_toggle_accepted
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [member.username for member in response.context["members"]]


def answered(author: User, *, accepted: int = 0, answers: int = 1) -> None:
    """`answers` replies by `author`, the first `accepted` of them accepted by their askers."""
    for n in range(answers):
        thread = make_thread(title=f"A question for {author.username} number {n}")
        reply = post_reply(author=author, thread=thread, body="An answer.")
        if n < accepted:
            post_toggle_accepted(post=reply)


def test_sorts_by_most_accepted_answers_and_by_name(client):
    often = UserFactory(username="often", display_name="zoe Often")
    once = UserFactory(username="once", display_name="Alba Once")
    plain = UserFactory(username="bruno_plain", display_name="")
    answered(often, accepted=3, answers=3)
    answered(once, accepted=1, answers=2)

    assert names(client.get("/members/?sort=accepted"))[:2] == ["often", "once"]
    by_name = names(client.get("/members/?sort=name"))
    # Listed by the name shown (the username when no display name is set), in any case.
    assert by_name.index("once") < by_name.index("bruno_plain") < by_name.index("often")
    page = client.get("/members/?sort=accepted").content.decode()
    assert "3 accepted answers" in page and "1 accepted answer<" in page
    assert plain.accepted_count == 0


def test_every_sort_is_a_link_that_keeps_the_search(client):
    UserFactory(username="pat_one")
    page = client.get("/members/?q=pat").content.decode()
    links = set(re.findall(r'href="(\?[^"]*)"', page))
    for sort in MEMBER_SORTS:
        assert f"?q=pat&amp;sort={sort}" in links
    current = client.get("/members/?sort=accepted").content.decode()
    assert '<a href="?sort=accepted" aria-current="true">Most accepted</a>' in current


def test_pages_keep_the_accepted_and_name_orders(client):
    User.objects.bulk_create(
        [User(username=f"pat_{n:02d}", display_name=f"Pat {n:02d}") for n in range(25)]
    )
    User.objects.filter(username="pat_07").update(accepted_count=5)

    first = client.get("/members/?sort=accepted")
    assert names(first)[0] == "pat_07"
    assert "?sort=accepted&amp;page=2" in first.content.decode()
    second = client.get("/members/?sort=accepted&page=2")
    assert len(second.context["members"]) == 5
    assert names(client.get("/members/?sort=name&page=2")) == [f"pat_{n}" for n in range(20, 25)]


def test_a_vote_and_an_acceptance_show_at_once_in_the_directory_and_on_the_page(settings):
    settings.PAGE_CACHE_SECONDS = 60  # shared caching on, as with Redis
    author, asker, voter = UserFactory(username="ada"), UserFactory(), UserFactory()
    thread = make_thread(title="A question with one answer", author=asker)
    reply = post_reply(author=author, thread=thread, body="The answer.")
    visitor, member = Client(), Client()
    member.force_login(UserFactory())
    for reader in (visitor, member):
        assert "1 helpful mark" not in reader.get("/members/?sort=accepted").content.decode()
        assert "member-header__standing" not in reader.get("/members/ada/").content.decode()

    as_voter, as_asker = Client(), Client()
    as_voter.force_login(voter)
    as_asker.force_login(asker)
    as_voter.post(f"/posts/{reply.pk}/helpful/")
    as_asker.post(f"/posts/{reply.pk}/accept/")

    for reader in (visitor, member):
        directory = reader.get("/members/?sort=accepted")
        assert names(directory)[0] == "ada"
        row = directory.content.decode()
        assert "1 helpful mark</span>" in row and "1 accepted answer</span>" in row
        page = reader.get("/members/ada/").content.decode()
        assert "1 helpful mark received · 1 accepted answer" in page

    as_asker.post(f"/posts/{reply.pk}/accept/")
    page = visitor.get("/members/ada/").content.decode()
    assert "1 helpful mark received</p>" in page


@pytest.mark.parametrize("sort", ["accepted", "name"])
def test_new_orders_run_a_fixed_number_of_queries(client, django_assert_num_queries, sort):
    User.objects.bulk_create([User(username=f"member_{n:02d}") for n in range(30)])
    with django_assert_num_queries(2):  # the count (then cached) and one page of members
        response = client.get(f"/members/?sort={sort}")
    assert len(response.context["members"]) == 20


@pytest.mark.parametrize(
    ("sort", "index"), [("accepted", "member_accepted"), ("name", "member_name")]
)
def test_new_orders_read_their_index(sort, index):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    members = User.objects.filter(is_active=True).order_by(*MEMBER_SORTS[sort][1])[:20]
    with connection.cursor() as cursor:
        # On a table this small any plan is cheap: ask which index gives the order.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        plan = members.explain()
    assert index in plan


def test_accepted_answers_in_rows_are_left_out_at_zero(client):
    answered(UserFactory(username="unaccepted"))
    page = client.get("/members/").content.decode()
    assert "1 post</span>" in page
    assert "accepted answer</span>" not in page and "accepted answers</span>" not in page
