"""A member's standing (helpful marks, accepted answers) on their author cards: shown on every
thread page at once after a vote or an acceptance anywhere, for visitors (whole cached pages)
and for members (shared parts of pages), through every layer of caching."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from forum.models import Post
from forum.services import post_reply, post_toggle_accepted, post_toggle_helpful
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_caching(settings):
    """Caching as in production: visitors' whole pages, members' shared parts."""
    settings.PAGE_CACHE_SECONDS = 60


def standing(client: Client, post: Post) -> str | None:
    """What the author card of `post` says about its author's standing, as seen and as read
    out; None when it says nothing."""
    html = client.get(post.thread.get_absolute_url(), follow=True).content.decode()
    found = re.search(rf'<article [^>]*id="post-{post.pk}".*?</article>', html, re.DOTALL)
    assert found, f"post {post.pk} is not on its page"
    card = re.search(
        r'<span class="author-card__standing"><span aria-hidden="true">(.*?)</span>'
        r'<span class="visually-hidden">(.*?)</span></span>',
        found[0],
    )
    return f"{card[1]} | {card[2]}" if card else None


@pytest.fixture
def two_threads():
    """One answerer with a reply in thread A and a reply in thread B."""
    answerer = UserFactory(display_name="Ada Answerer")
    asker_a = UserFactory()
    thread_a = make_thread(title="Thread A about estimates", author=asker_a)
    thread_b = make_thread(title="Thread B about risks")
    in_a = post_reply(author=answerer, thread=thread_a, body="Estimate in ranges.")
    in_b = post_reply(author=answerer, thread=thread_b, body="Keep the register short.")
    return asker_a, in_a, in_b


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_new_member_shows_no_standing(client, two_threads):
    _, _, in_b = two_threads
    assert standing(client, in_b) is None


def test_a_helpful_mark_in_one_thread_shows_on_the_authors_card_in_another(client, two_threads):
    _, in_a, in_b = two_threads
    visitor, reader = Client(), logged_in(UserFactory())
    # Both pages of thread B are cached now: the visitor's whole page, the member's shared part.
    assert standing(visitor, in_b) is None and standing(reader, in_b) is None
    assert visitor.get(in_b.thread.get_absolute_url())["X-Page-Cache"] == "hit"

    voter = logged_in(UserFactory())
    assert voter.post(f"/posts/{in_a.pk}/helpful/").status_code == 302

    expected = "1 helpful | 1 helpful mark received"
    assert standing(visitor, in_b) == expected
    assert standing(reader, in_b) == expected

    voter.post(f"/posts/{in_a.pk}/helpful/")  # taken back
    assert standing(visitor, in_b) is None
    assert standing(reader, in_b) is None


def test_accepting_and_unaccepting_show_on_the_authors_card_in_another_thread(two_threads):
    asker_a, in_a, in_b = two_threads
    visitor, reader = Client(), logged_in(UserFactory())
    standing(visitor, in_b), standing(reader, in_b)
    asker = logged_in(asker_a)

    asker.post(f"/posts/{in_a.pk}/accept/")
    assert standing(visitor, in_b) == "1 accepted | 1 accepted answer"
    assert standing(reader, in_b) == "1 accepted | 1 accepted answer"

    logged_in(UserFactory()).post(f"/posts/{in_a.pk}/helpful/")
    both = "1 helpful · 1 accepted | 1 helpful mark received, 1 accepted answer"
    assert standing(visitor, in_b) == both
    assert standing(reader, in_b) == both

    asker.post(f"/posts/{in_a.pk}/accept/")  # taken back
    assert standing(visitor, in_b) == "1 helpful | 1 helpful mark received"
    assert standing(reader, in_b) == "1 helpful | 1 helpful mark received"


def test_writes_made_outside_a_request_reach_cached_pages_too(
    two_threads, django_capture_on_commit_callbacks
):
    """The services move the cache versions themselves (an admin action, a shell, a task),
    not only the middleware that sees a member's POST."""
    _, in_a, in_b = two_threads
    visitor, reader = Client(), logged_in(UserFactory())
    standing(visitor, in_b), standing(reader, in_b)

    with django_capture_on_commit_callbacks(execute=True):
        post_toggle_helpful(post=Post.objects.get(pk=in_a.pk), user=UserFactory())
    assert standing(visitor, in_b) == "1 helpful | 1 helpful mark received"
    assert standing(reader, in_b) == "1 helpful | 1 helpful mark received"

    with django_capture_on_commit_callbacks(execute=True):
        post_toggle_accepted(post=in_a)
    both = "1 helpful · 1 accepted | 1 helpful mark received, 1 accepted answer"
    assert standing(visitor, in_b) == both
    assert standing(reader, in_b) == both


def test_plural_counts_on_the_card(client):
    author = UserFactory()
    thread = make_thread(title="Many marks")
    reply = post_reply(author=author, thread=thread, body="Marked by many.")
    for _ in range(3):
        post_toggle_helpful(post=Post.objects.get(pk=reply.pk), user=UserFactory())

    assert standing(client, reply) == "3 helpful | 3 helpful marks received"


def test_the_compact_cards_of_the_lists_stay_short(client, two_threads):
    _, in_a, _ = two_threads
    post_toggle_accepted(post=in_a)
    html = client.get("/").content.decode()
    assert "Thread A about estimates" in html
    assert "author-card__standing" not in html


@pytest.mark.parametrize("authors", [1, 20])
def test_standing_costs_no_query_on_a_thread_page(
    member, django_assert_num_queries, authors, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # every query counted, nothing from the shared cache
    thread = make_thread(title="A page full of cards")
    for n in range(authors):
        reply = post_reply(author=UserFactory(), thread=thread, body=f"Answer {n}")
        post_toggle_helpful(post=Post.objects.get(pk=reply.pk), user=UserFactory())
    post_toggle_accepted(post=reply)

    # As tests/forum/test_thread_page.py pins them: the counts are on the author's row.
    with django_assert_num_queries(4):
        page = Client().get(thread.get_absolute_url()).content.decode()
    assert page.count('class="author-card__standing"') == authors
    reader = logged_in(member)
    with django_assert_num_queries(8):
        page = reader.get(thread.get_absolute_url()).content.decode()
    assert page.count('class="author-card__standing"') == authors
