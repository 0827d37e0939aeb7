"""Answers by experience: a reply says which side its experience comes from; the thread page
counts its answers by side under the question and shows one side's replies on request; lists
and search keep the threads answered from a side."""

from __future__ import annotations

import re
from html import unescape as html_unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.models import Post, Thread
from forum.services import post_delete, post_edit, post_reply
from moderation.services import post_set_hidden
from tests.factories import ForumFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db

INTERNAL, CLIENT_FACING, CLIENT_SIDE, BOTH = "internal", "client_facing", "client_side", "both"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def replies_from(thread, *sides: str) -> list[Post]:
    """One reply per side given, each by another member (as the services make them)."""
    return [
        post_reply(author=UserFactory(), thread=thread, body=f"Advice number {n}.", **side)
        for n, side in enumerate(({"experience_side": s} for s in sides), start=1)
    ]


def counts(thread) -> dict[str, int]:
    thread.refresh_from_db()
    return {
        INTERNAL: thread.internal_reply_count,
        CLIENT_FACING: thread.client_facing_reply_count,
        CLIENT_SIDE: thread.client_side_reply_count,
        BOTH: thread.both_sides_reply_count,
        "replies": thread.reply_count,
    }


def summary(html: str) -> str:
    """The text of the line under the question, tags and spaces tidied."""
    found = re.search(r'<nav class="experience-summary".*?</nav>', html, re.DOTALL)
    assert found, "no experience summary on the page"
    return html_unescape(" ".join(re.sub(r"<[^>]+>", "", found[0]).split()).replace(" ,", ","))


def shown_numbers(response) -> list[int]:
    return [post.number for post in response.context["replies"]]


# Saying the side


def test_reply_form_starts_with_the_side_from_the_members_profile(client):
    member = UserFactory(default_experience_side=CLIENT_SIDE)
    thread = make_thread(title="Where does your experience come from?")

    html = logged_in(member).get(thread.get_absolute_url()).content.decode()
    reply_page = logged_in(member).get(f"/threads/{thread.pk}/reply/").content.decode()

    for page in (html, reply_page):
        assert "Your experience comes from" in page
        assert re.search(
            r'<input type="radio" name="experience_side" value="client_side"[^>]*checked', page
        )
    assert "experience_side" not in client.get(thread.get_absolute_url()).content.decode()


def test_members_with_different_defaults_each_get_their_own_choice_on_the_same_page():
    thread = make_thread(title="Two members, two default sides")
    first = logged_in(UserFactory(default_experience_side=INTERNAL))
    second = logged_in(UserFactory(default_experience_side=BOTH))

    for client, side in ((first, INTERNAL), (second, BOTH), (first, INTERNAL)):
        html = client.get(thread.get_absolute_url()).content.decode()
        checked = re.findall(r'name="experience_side" value="(\w*)"[^>]*checked', html)
        assert checked == [side]


def test_a_reply_posted_with_a_side_shows_it_and_counts_under_the_question():
    member = UserFactory(default_experience_side=INTERNAL)
    thread = make_thread(title="Say which side you answer from")

    response = logged_in(member).post(
        f"/threads/{thread.pk}/reply/",
        {
            "body": "From the buyer's chair: ask for the assumptions.",
            "experience_side": CLIENT_SIDE,
        },
    )

    assert response.status_code == 302
    reply = Post.objects.get(thread=thread, number=2)
    assert reply.experience_side == CLIENT_SIDE
    html = Client().get(thread.get_absolute_url()).content.decode()
    assert "Buyer&#x27;s-side experience" in html
    assert summary(html) == "1 answer: 1 from the buyer's side"


def test_a_reply_sent_without_a_side_takes_the_members_default_and_none_is_a_choice():
    thread = make_thread(title="Defaults apply when the form sends no side")
    usual = UserFactory(default_experience_side=CLIENT_FACING)
    quiet = UserFactory(default_experience_side=CLIENT_FACING)

    logged_in(usual).post(f"/threads/{thread.pk}/reply/", {"body": "Sent by an older page."})
    logged_in(quiet).post(
        f"/threads/{thread.pk}/reply/", {"body": "I would rather not say.", "experience_side": ""}
    )

    sides = dict(Post.objects.filter(thread=thread).values_list("author", "experience_side"))
    assert sides[usual.pk] == CLIENT_FACING and sides[quiet.pk] == ""


@pytest.mark.parametrize("side", ["supplier", "INTERNAL", "internal ", "both,internal"])
def test_a_side_outside_the_list_is_refused_next_to_the_field_with_the_text_kept(side):
    thread = make_thread(title="Only the listed sides are accepted")
    member = UserFactory()

    response = logged_in(member).post(
        f"/threads/{thread.pk}/reply/",
        {"body": "My carefully written advice.", "experience_side": side},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please choose one of the sides listed." in html
    assert 'id="id_experience_side_error"' in html
    assert "My carefully written advice.</textarea>" in html
    assert not Post.objects.filter(thread=thread, number__gt=1).exists()


def test_the_summary_counts_answers_by_side_the_most_first():
    thread = make_thread(title="Seven answers from three sides")
    replies_from(thread, CLIENT_FACING, INTERNAL, CLIENT_FACING, CLIENT_SIDE)
    replies_from(thread, CLIENT_FACING, INTERNAL, CLIENT_FACING)

    html = Client().get(thread.get_absolute_url()).content.decode()

    assert summary(html) == (
        "7 answers: 4 from client-facing experience, 2 internal, 1 from the buyer's side"
    )
    assert html.index("experience-summary") < html.index('id="replies-heading"')


def test_answers_that_say_no_side_are_counted_apart_and_a_thread_without_sides_has_no_line():
    quiet = make_thread(title="Nobody said where they stand")
    replies_from(quiet, "", "")
    assert "experience-summary" not in Client().get(quiet.get_absolute_url()).content.decode()

    mixed = make_thread(title="Some said where they stand")
    replies_from(mixed, BOTH, "", BOTH)
    html = Client().get(mixed.get_absolute_url()).content.decode()
    assert summary(html) == "3 answers: 2 from both sides, 1 not saying"


def test_a_reply_edit_can_change_its_side_and_the_history_shows_it():
    author = UserFactory(default_experience_side=INTERNAL)
    thread = make_thread(title="Changing one's mind about the side")
    reply = post_reply(author=author, thread=thread, body="Advice.", experience_side=INTERNAL)

    edit_page = logged_in(author).get(f"/posts/{reply.pk}/edit/").content.decode()
    assert re.search(r'name="experience_side" value="internal"[^>]*checked', edit_page)
    response = logged_in(author).post(
        f"/posts/{reply.pk}/edit/", {"body": "Advice.", "experience_side": BOTH}
    )

    assert response.status_code == 302
    assert counts(thread) == {INTERNAL: 0, CLIENT_FACING: 0, CLIENT_SIDE: 0, BOTH: 1, "replies": 1}
    history = Client().get(f"/posts/{reply.pk}/history/").content.decode()
    assert "<strong>Experience:</strong> Both sides" in history
    assert "<strong>Experience:</strong> Internal projects" in history


def test_an_edit_page_that_sends_no_side_leaves_the_side_as_it_was():
    author = UserFactory()
    thread = make_thread(title="Older edit pages keep the side")
    reply = post_reply(author=author, thread=thread, body="Before.", experience_side=CLIENT_SIDE)

    logged_in(author).post(f"/posts/{reply.pk}/edit/", {"body": "After."})

    reply.refresh_from_db()
    assert reply.body == "After." and reply.experience_side == CLIENT_SIDE


def test_the_profile_sets_the_default_side_and_refuses_one_outside_the_list(client):
    member = UserFactory(display_name="Ines Duarte")
    client.force_login(member)
    profile = client.get("/accounts/profile/").content.decode()
    assert "Your experience mostly comes from" in profile

    kept = {"display_name": "Ines Duarte", "headline": "Delivery lead", "location": "", "bio": ""}
    refused = client.post("/accounts/profile/", {**kept, "default_experience_side": "vendor"})
    assert refused.status_code == 200
    assert "Please choose one of the sides listed." in refused.content.decode()
    assert 'value="Delivery lead"' in refused.content.decode()

    saved = client.post("/accounts/profile/", {**kept, "default_experience_side": CLIENT_FACING})
    assert saved.status_code == 302
    member.refresh_from_db()
    assert member.default_experience_side == CLIENT_FACING


# Counts kept by the services


def test_side_counts_follow_hiding_showing_and_deleting_replies():
    thread = make_thread(title="Counts follow the moderators")
    internal, buyer = replies_from(thread, INTERNAL, CLIENT_SIDE)
    assert counts(thread) == {INTERNAL: 1, CLIENT_FACING: 0, CLIENT_SIDE: 1, BOTH: 0, "replies": 2}

    post_set_hidden(post=buyer, hidden=True, reason="Advertising", moderator=None)
    assert counts(thread)[CLIENT_SIDE] == 0 and counts(thread)["replies"] == 1
    post_set_hidden(post=buyer, hidden=False, reason="", moderator=None)
    assert counts(thread)[CLIENT_SIDE] == 1 and counts(thread)["replies"] == 2

    post_delete(post=internal, user=internal.author)
    assert counts(thread) == {INTERNAL: 0, CLIENT_FACING: 0, CLIENT_SIDE: 1, BOTH: 0, "replies": 1}


def test_a_hidden_reply_deleted_by_its_author_leaves_the_counts_as_hiding_left_them():
    thread = make_thread(title="Hidden, then deleted")
    _kept, gone = replies_from(thread, BOTH, BOTH)
    post_set_hidden(post=gone, hidden=True, reason="Off-topic", moderator=None)

    post_delete(post=gone, user=gone.author)

    assert counts(thread) == {INTERNAL: 0, CLIENT_FACING: 0, CLIENT_SIDE: 0, BOTH: 1, "replies": 1}


def test_a_reply_held_for_review_counts_for_its_side_only_once_shown():
    from moderation.models import BlockedWord

    BlockedWord.objects.create(phrase="cheap leads")
    thread = make_thread(title="Held replies wait to be counted")
    held = post_reply(
        author=UserFactory(), thread=thread, body="Buy cheap leads here.", experience_side=INTERNAL
    )
    assert held.is_hidden and counts(thread)[INTERNAL] == 0

    post_set_hidden(post=held, hidden=False, reason="", moderator=None)
    assert counts(thread)[INTERNAL] == 1


def test_a_side_change_on_a_hidden_reply_moves_no_count():
    thread = make_thread(title="Hidden replies change sides quietly")
    (reply,) = replies_from(thread, INTERNAL)
    post_set_hidden(post=reply, hidden=True, reason="Check", moderator=None)

    post_edit(post=reply, editor=reply.author, body=reply.body, experience_side=BOTH)
    post_set_hidden(post=reply, hidden=False, reason="", moderator=None)

    assert counts(thread) == {INTERNAL: 0, CLIENT_FACING: 0, CLIENT_SIDE: 0, BOTH: 1, "replies": 1}


# The side filter on the thread page


def test_a_side_link_shows_only_that_sides_replies_numbered_as_in_the_thread(client):
    thread = make_thread(title="Filter the answers by side")
    replies_from(thread, INTERNAL, CLIENT_SIDE, INTERNAL, BOTH, CLIENT_SIDE)

    html = client.get(thread.get_absolute_url()).content.decode()
    assert 'href="?side=client_side#replies-heading"' in html

    response = client.get(thread.get_absolute_url(), {"side": CLIENT_SIDE})
    assert shown_numbers(response) == [3, 6]
    page = response.content.decode()
    assert "Reply 2 by" in page and "Reply 5 by" in page and "Reply 1 by" not in page
    assert "Replies from the buyer&#x27;s side: 2 of 5" in page
    assert re.search(r'<a href="\?side=client_side#replies-heading"[^>]*aria-current="true"', page)
    # The question still heads the page.
    assert "We are quoting a <strong>fixed price</strong> job" in page


def test_one_sides_replies_are_paged_like_the_rest_and_keep_the_side_in_links(client, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = make_thread(title="Many answers from one side")
    replies_from(thread, BOTH, INTERNAL, BOTH, BOTH, INTERNAL, BOTH, BOTH)

    first = client.get(thread.get_absolute_url(), {"side": BOTH})
    second = client.get(thread.get_absolute_url(), {"side": BOTH, "page": 2})
    third = client.get(thread.get_absolute_url(), {"side": BOTH, "page": 3})
    newest = client.get(thread.get_absolute_url(), {"side": BOTH, "sort": "newest"})

    assert [shown_numbers(r) for r in (first, second, third)] == [[2, 4], [5, 7], [8]]
    assert shown_numbers(newest) == [8, 7]
    assert 'href="?side=both&amp;page=2"' in first.content.decode()
    assert 'href="?side=both&amp;sort=newest#replies-heading"' in first.content.decode()
    assert client.get(thread.get_absolute_url(), {"side": BOTH, "page": 4}).status_code == 404


def test_the_side_filter_runs_the_queries_of_the_whole_thread_page(django_assert_num_queries):
    member = UserFactory()
    thread = make_thread(title="Query counts with a side")
    replies_from(thread, *[INTERNAL, CLIENT_SIDE] * 15)
    client = logged_in(member)
    client.get(thread.get_absolute_url())

    # Session, member, thread, tags, subscription, posts, related questions, helpful marks.
    with django_assert_num_queries(8):
        response = client.get(thread.get_absolute_url(), {"side": INTERNAL})
    assert len(response.context["replies"]) == 15


def test_one_sides_page_reads_numbers_from_the_side_index_not_whole_posts(client, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = make_thread(title="The side index does the paging")
    replies_from(thread, INTERNAL, INTERNAL, INTERNAL, INTERNAL, INTERNAL)

    with CaptureQueriesContext(connection) as queries:
        client.get(thread.get_absolute_url(), {"side": INTERNAL, "page": 2})

    post_query = next(
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "forum_post"')
    )
    inner = re.search(r"IN \((SELECT .*?)\)\)", post_query)[1]
    # Numbers only: the rows skipped before the page are read from the index alone.
    assert re.match(r'SELECT U0\."number"( AS "number")? FROM "forum_post" U0 WHERE', inner)
    assert '"experience_side"' in inner and "LIMIT 2 OFFSET 2" in inner
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT number FROM forum_post WHERE thread_id = %s"
                " AND experience_side = %s AND NOT is_hidden AND NOT is_deleted ORDER BY number",
                [thread.pk, INTERNAL],
            )
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "post_side" in plan


def test_an_unknown_side_shows_the_whole_thread_and_links_never_carry_it(client):
    thread = make_thread(title="Unknown sides are ignored")
    replies_from(thread, INTERNAL, BOTH)

    response = client.get(thread.get_absolute_url(), {"side": "vendors"})

    assert response.status_code == 200
    assert shown_numbers(response) == [2, 3]
    links = " ".join(re.findall(r'href="(\?[^"]*)"', response.content.decode()))
    assert "side=internal" in links and "vendors" not in links


def test_a_filtered_page_leaves_a_subscribers_unseen_replies_unseen():
    from notifications.models import Subscription

    asker = UserFactory()
    thread = make_thread(title="Subscribers keep their new replies", author=asker)
    replies_from(thread, INTERNAL, BOTH, INTERNAL)

    logged_in(asker).get(thread.get_absolute_url(), {"side": INTERNAL})

    assert Subscription.objects.get(user=asker, thread=thread).last_seen_number == 1


# Caches: a change shows at once


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_a_new_answer_from_a_side_shows_at_once_in_the_summary_and_the_filter(settings, reader):
    settings.PAGE_CACHE_SECONDS = 60
    thread = make_thread(title="Cached pages count sides at once")
    replies_from(thread, INTERNAL)
    client = Client() if reader == "visitor" else logged_in(UserFactory())
    url = thread.get_absolute_url()
    assert summary(client.get(url).content.decode()) == "1 answer: 1 internal"
    assert shown_numbers(client.get(url, {"side": CLIENT_SIDE})) == []

    posted = logged_in(UserFactory()).post(
        f"/threads/{thread.pk}/reply/",
        {"body": "The buyer's view, freshly posted.", "experience_side": CLIENT_SIDE},
    )
    assert posted.status_code == 302

    assert summary(client.get(url).content.decode()) == (
        "2 answers: 1 internal, 1 from the buyer's side"
    )
    assert shown_numbers(client.get(url, {"side": CLIENT_SIDE})) == [3]


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_a_side_changed_by_an_edit_shows_at_once(settings, reader):
    settings.PAGE_CACHE_SECONDS = 60
    author = UserFactory()
    thread = make_thread(title="Edited sides show at once")
    reply = post_reply(author=author, thread=thread, body="Advice.", experience_side=INTERNAL)
    client = Client() if reader == "visitor" else logged_in(UserFactory())
    assert "Internal experience" in client.get(thread.get_absolute_url()).content.decode()

    logged_in(author).post(f"/posts/{reply.pk}/edit/", {"body": "Advice.", "experience_side": BOTH})

    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Experience on both sides" in html and "Internal experience" not in html
    assert summary(html) == "1 answer: 1 from both sides"


# Lists and search: "answered from the client side"


def test_lists_keep_the_threads_answered_from_a_side(client, django_capture_on_commit_callbacks):
    forum = ForumFactory(name="Project Management", slug="project-management")
    with django_capture_on_commit_callbacks(execute=True):
        buyer = make_thread(title="Answered by a buyer", forum=forum)
        supplier = make_thread(title="Answered by a supplier", forum=forum)
        make_thread(title="Not answered at all", forum=forum)
        replies_from(buyer, CLIENT_SIDE, INTERNAL)
        replies_from(supplier, CLIENT_FACING)

    for address in ("/", "/forums/project-management/", "/tags/estimating/"):
        response = client.get(address, {"side": CLIENT_SIDE})
        assert [t.title for t in response.context["threads"]] == ["Answered by a buyer"]
        assert response.context["thread_total"] == 1
        html = response.content.decode()
        assert re.search(
            r'<a href="[^"]*side=client_side"[^>]*aria-current="true">Client side', html
        )
        # Sorting and the project filter keep the side.
        assert 'href="?sort=newest&amp;side=client_side"' in html

    # Once its only buyer's answer is hidden, the thread leaves the filtered list.
    answered = Post.objects.get(thread=buyer, experience_side=CLIENT_SIDE)
    with django_capture_on_commit_callbacks(execute=True):
        post_set_hidden(post=answered, hidden=True, reason="Spam", moderator=None)
    assert client.get("/", {"side": CLIENT_SIDE}).context["thread_total"] == 0


@pytest.mark.parametrize("side", [INTERNAL, CLIENT_FACING, CLIENT_SIDE, BOTH])
def test_the_side_filter_on_lists_reads_the_sides_own_index(side):
    make_thread(title="Any thread will do")
    listed = Thread.objects.visible().answered_from(side).sorted_by("activity")[:20]
    sql, params = listed.query.sql_with_params()

    # "> 0" is in the statement itself: a plan made for any parameter could not use the index.
    assert re.search(r'_reply_count" > 0\b', sql)
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan is read here; PostgreSQL picks by its statistics")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert f"USING INDEX thread_side_{side}" in plan


def test_search_keeps_the_threads_answered_from_a_side(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        buyer = make_thread(title="Retainer pricing seen by a buyer")
        internal = make_thread(title="Retainer pricing seen from inside")
        replies_from(buyer, CLIENT_SIDE)
        replies_from(internal, INTERNAL)

    response = client.get("/search/", {"q": "retainer", "side": CLIENT_SIDE})

    titles = {result.post.thread.title for result in response.context["results"]}
    assert titles == {"Retainer pricing seen by a buyer"}
    html = response.content.decode()
    assert '<option value="client_side" selected>Client side</option>' in html
