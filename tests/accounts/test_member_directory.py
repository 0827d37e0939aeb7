"""The member directory at /members/: search by name, three orders, numbered pages, and the
stored post and helpful counts it prints, kept in step by every write that changes them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.services import member_counts_recount
from forum.models import Post
from tests.factories import UserFactory, make_long_thread, make_moderator, make_thread

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [member.username for member in response.context["members"]]


def counts(user: User) -> tuple[int, int]:
    user.refresh_from_db()
    return user.post_count, user.helpful_count


def recounted(user: User) -> tuple[int, int]:
    """What the counts are when worked out afresh from the posts."""
    member_counts_recount(member_ids=[user.pk])
    return counts(user)


def test_visitor_sees_each_member_with_card_joined_and_counts(client):
    asker = UserFactory(
        username="priya_r",
        display_name="Priya Raman",
        headline="PMO lead | Contoso",
        location="Pune, India",
    )
    User.objects.filter(pk=asker.pk).update(date_joined=timezone.now().replace(year=2024, month=3))
    thread = make_thread(title="How do you size a migration?", author=asker, replies=2)
    Post.objects.filter(thread=thread, number=1).update(helpful_count=4)
    member_counts_recount(member_ids=[asker.pk])

    response = client.get("/members/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="/members/priya_r/">Priya Raman</a>' in page
    assert "PMO lead | Contoso" in page and "Pune, India" in page
    assert "Joined March 2024" in page
    assert "1 post</span>" in page and "4 helpful marks" in page
    assert 'class="avatar"' in page
    assert "2 posts</span>" in page  # the member who replied twice


def test_inactive_and_deleted_accounts_are_not_listed(client):
    UserFactory(username="still_here")
    UserFactory(username="deactivated", is_active=False)
    leaving = UserFactory(username="leaving_now")
    client.force_login(leaving)
    client.post(
        "/accounts/delete/", {"confirm": "leaving_now", "password": "correct-horse-battery"}
    )
    client.logout()

    response = client.get("/members/?sort=newest")

    assert names(response) == ["still_here"]
    assert response.context["member_total"] == 1


def test_search_finds_display_names_and_usernames_in_any_case(client):
    UserFactory(username="okafor_c", display_name="Chidi Okafor")
    UserFactory(username="tanaka", display_name="Yui Tanaka")
    UserFactory(username="rossi_m", display_name="Marco Rossi")

    assert names(client.get("/members/?q=okaf")) == ["okafor_c"]
    assert names(client.get("/members/?q=YUI")) == ["tanaka"]
    assert names(client.get("/members/?q=rossi_")) == ["rossi_m"]
    nobody = client.get("/members/?q=%25_")  # LIKE wildcards are plain text
    assert names(nobody) == []
    assert "No member is named like “%_”." in nobody.content.decode()


@pytest.mark.parametrize("query", ["tab\tname", "<script>alert(1)</script>", "x" * 5000, "   "])
def test_odd_searches_get_a_page_not_an_error(client, query):
    UserFactory(username="someone")
    response = client.get("/members/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_sorts_by_most_helpful_newest_and_most_active(client):
    now = timezone.now()
    helpful, busy, new = (UserFactory(username=n) for n in ("helpful_h", "busy_b", "new_n"))
    for days, user in ((30, helpful), (20, busy), (1, new)):
        User.objects.filter(pk=user.pk).update(date_joined=now - timedelta(days=days))
    thread = make_thread(title="A question answered by many", author=busy)
    for n in range(3):
        make_thread(title=f"Another question number {n}", author=busy)
    from forum.services import post_reply

    answer = post_reply(author=helpful, thread=thread, body="The answer that helped.")
    Post.objects.filter(pk=answer.pk).update(helpful_count=9)
    member_counts_recount(member_ids=[helpful.pk])

    assert names(client.get("/members/"))[0] == "helpful_h"
    assert names(client.get("/members/?sort=helpful"))[0] == "helpful_h"
    assert names(client.get("/members/?sort=newest"))[:3] == ["new_n", "busy_b", "helpful_h"]
    assert names(client.get("/members/?sort=active"))[0] == "busy_b"
    assert names(client.get("/members/?sort=bogus"))[0] == "helpful_h"


def test_twenty_members_a_page_with_numbered_pagination(client):
    User.objects.bulk_create(
        [User(username=f"member_{n:02d}", display_name=f"Pat {n:02d}") for n in range(45)]
    )

    first = client.get("/members/?sort=newest")
    third = client.get("/members/?sort=newest&page=3")

    assert len(first.context["members"]) == 20
    assert len(third.context["members"]) == 5
    assert 'aria-label="Pagination"' in first.content.decode()
    assert client.get("/members/?sort=newest&page=4").status_code == 404
    assert client.get("/members/?page=0").status_code == 404
    assert client.get("/members/?page=two").status_code == 404


def test_page_links_keep_the_search_and_sort_and_drop_unknown_parameters(client):
    User.objects.bulk_create([User(username=f"pat_{n:02d}") for n in range(25)])

    page = client.get("/members/?q=pat&sort=newest&utm_source=mail&page=1").content.decode()

    links = set(re.findall(r'href="(\?[^"]*)"', page))
    assert "?q=pat&amp;sort=newest&amp;page=2" in links
    assert "?q=pat&amp;sort=active" in links
    assert not any("utm_source" in link for link in links)


def test_counts_follow_replies_helpful_marks_and_deletions_through_the_site(client):
    asker, replier, voter = UserFactory(), UserFactory(), UserFactory()
    thread = make_thread(title="Which estimate do we give the client?", author=asker)

    client.force_login(replier)
    client.post(f"/threads/{thread.pk}/reply/", {"body": "Give a range, not a number."})
    reply = Post.objects.get(thread=thread, number=2)
    assert counts(replier) == (1, 0)

    client.force_login(voter)
    client.post(f"/posts/{reply.pk}/helpful/")
    assert counts(replier) == (1, 1)
    client.post(f"/posts/{reply.pk}/helpful/")
    assert counts(replier) == (1, 0)
    client.post(f"/posts/{reply.pk}/helpful/")

    client.force_login(replier)
    client.post(f"/posts/{reply.pk}/delete/")
    assert counts(replier) == (0, 0) == recounted(replier)
    assert counts(asker) == (1, 0) == recounted(asker)


def test_counts_follow_moderators_hiding_posts_and_threads(client):
    moderator = UserFactory()
    make_moderator(moderator)
    asker, replier, voter = UserFactory(), UserFactory(), UserFactory()
    thread = make_thread(title="Hidden later by a moderator", author=asker)
    from forum.services import post_reply, post_toggle_helpful

    reply = post_reply(author=replier, thread=thread, body="A reply with a helpful mark.")
    post_toggle_helpful(post=Post.objects.select_related("thread").get(pk=reply.pk), user=voter)
    assert counts(replier) == (1, 1)

    client.force_login(moderator)
    client.post(f"/posts/{reply.pk}/hide/", {"reason": "Off topic"})
    assert counts(replier) == (0, 0) == recounted(replier)
    client.post(f"/posts/{reply.pk}/hide/", {"reason": ""})
    assert counts(replier) == (1, 1) == recounted(replier)

    client.post(f"/threads/{thread.pk}/hide/", {"reason": "Spam"})
    assert counts(asker) == (0, 0) and counts(replier) == (0, 0)
    client.post(f"/threads/{thread.pk}/hide/", {"reason": ""})
    assert counts(asker) == (1, 0) and counts(replier) == (1, 1)

    client.post(f"/posts/{thread.posts.get(number=1).pk}/delete/")
    assert counts(asker) == (0, 0) and counts(replier) == (0, 0)


def test_a_deleted_voters_marks_leave_the_authors_count(client):
    replier, voter = UserFactory(), UserFactory(username="voter_v")
    thread = make_thread(title="A question with a marked reply")
    from forum.services import post_reply, post_toggle_helpful

    reply = post_reply(author=replier, thread=thread, body="A reply someone liked.")
    post_toggle_helpful(post=Post.objects.select_related("thread").get(pk=reply.pk), user=voter)
    assert counts(replier) == (1, 1)

    client.force_login(voter)
    client.post("/accounts/delete/", {"confirm": "voter_v", "password": "correct-horse-battery"})

    assert counts(replier) == (1, 0)


def test_seeded_histories_count_their_posts():
    thread = make_long_thread(posts=30)
    replier = thread.posts.get(number=2).author
    helpful = sum(thread.posts.filter(author=replier).values_list("helpful_count", flat=True))
    assert counts(replier) == (29, helpful)


@pytest.mark.parametrize("members", [1, 30])
def test_member_directory_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, members
):
    User.objects.bulk_create([User(username=f"member_{n:02d}") for n in range(members)])

    # The count (then cached) and one page of members.
    with django_assert_num_queries(2):
        response = client.get("/members/?q=member&sort=active")
    assert len(response.context["members"]) == min(members, 20)
    with django_assert_num_queries(1):
        client.get("/members/?q=member&sort=active")


def test_a_new_member_is_counted_at_once(client, django_capture_on_commit_callbacks):
    UserFactory(username="first_one")
    assert client.get("/members/").context["member_total"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "second@example.com",
                "username": "second_one",
                "password1": "a-long-and-unusual-passphrase",
                "password2": "a-long-and-unusual-passphrase",
            },
        )
    client.logout()
    assert User.objects.filter(username="second_one").exists()
    assert client.get("/members/").context["member_total"] == 2


def test_header_leads_to_the_member_directory(client):
    assert '<a href="/members/">Members</a>' in client.get("/").content.decode()
    current = client.get("/members/").content.decode()
    assert '<a href="/members/" aria-current="page">Members</a>' in current
