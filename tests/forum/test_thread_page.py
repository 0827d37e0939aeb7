import re

import pytest

from forum.models import Post, Thread
from tests.factories import UserFactory, make_long_thread, make_thread

pytestmark = pytest.mark.django_db


def post_numbers(response) -> list[int]:
    return [p.number for p in response.context["replies"]]


def test_thread_page_shows_what_a_discussion_page_shows(client):
    asker = UserFactory(
        username="lena",
        display_name="Lena Fischer",
        headline="Self-employed | Delivery lead",
        location="Graz, Austria",
    )
    thread = make_thread(
        title="Estimating an ERP upgrade for a client?",
        author=asker,
        body="We need a **range**, not a number.",
        tags=("Estimating", "Information Technology"),
        replies=2,
    )
    question = thread.posts.get(number=1)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert 'href="/forums/project-management/">Project Management</a>' in html
    assert '<h1 class="thread__title">Estimating an ERP upgrade for a client?</h1>' in html
    assert 'href="/tags/estimating/"' in html and 'href="/tags/information-technology/"' in html
    for network in ("linkedin.com/sharing", "twitter.com/intent/tweet", "facebook.com/sharer"):
        assert network in html
    assert 'href="/members/lena/"' in html
    assert "Lena Fischer" in html and "Self-employed | Delivery lead" in html
    assert "Graz, Austria" in html
    assert "<strong>range</strong>" in html
    assert f'id="post-{question.pk}"' in html
    assert f"Content ID: {question.pk}" in html
    for reply in thread.posts.filter(number__gt=1):
        assert f'id="post-{reply.pk}"' in html and f"Content ID: {reply.pk}" in html
    assert '<meta property="og:title" content="Estimating an ERP upgrade for a client?">' in html
    assert ">Sort by</span>" in html  # written like the sort label of the lists


def test_visitor_sees_login_prompts_that_bring_them_back(client):
    thread = make_thread(title="A thread visitors can read", replies=1)
    url = thread.get_absolute_url()

    html = client.get(url).content.decode()

    assert "to subscribe to this thread." in html
    assert "to reply." in html
    assert f'href="/accounts/login/?next={url}"' in html
    assert f'href="/accounts/signup/?next={url}"' in html


def test_member_does_not_see_visitor_prompts(member_client):
    thread = make_thread(title="A thread members can read")
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert "Please log in or join" not in html


def test_login_link_brings_the_visitor_back_to_the_thread(client):
    thread = make_thread(title="Come back to me after logging in")
    user = UserFactory(username="returning")
    response = client.post(
        f"/accounts/login/?next={thread.get_absolute_url()}",
        {"login": "returning", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert user.pk == int(client.session["_auth_user_id"])


def test_wrong_slug_redirects_permanently_to_the_canonical_url(client):
    thread = make_thread(title="Canonical slugs matter a lot", replies=25)
    response = client.get(f"/threads/{thread.pk}/old-title/?page=2&sort=newest")
    assert response.status_code == 301
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2&sort=newest"


def test_unknown_thread_is_a_styled_404(client):
    response = client.get("/threads/999999/anything/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_hidden_thread_is_a_404(client):
    thread = make_thread(title="Hidden by a moderator today")
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_replies_are_paginated_twenty_a_page_under_the_question(client):
    thread = make_thread(title="Many replies to paginate here", replies=45)
    url = thread.get_absolute_url()

    first, second, third = (client.get(url, {"page": n}) for n in (1, 2, 3))

    assert post_numbers(first) == list(range(2, 22))
    assert post_numbers(second) == list(range(22, 42))
    assert post_numbers(third) == list(range(42, 47))
    for response in (first, second, third):
        assert response.context["question"].number == 1
    html = second.content.decode()
    assert 'aria-label="Pagination"' in html
    assert 'href="?page=1"' in html and 'href="?page=3"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html


@pytest.mark.parametrize("page", ["4", "0", "abc"])
def test_a_page_past_the_end_of_a_thread_is_a_404(client, page):
    thread = make_thread(title="Forty five replies in all", replies=45)
    assert client.get(thread.get_absolute_url(), {"page": page}).status_code == 404


def test_thread_without_replies_has_one_page(client):
    thread = make_thread(title="Nobody has answered this yet")
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert "No replies yet" in response.content.decode()
    assert 'aria-label="Pagination"' not in response.content.decode()


def test_sort_newest_starts_with_the_latest_reply(client):
    thread = make_thread(title="Sorting replies by newest", replies=25)
    url = thread.get_absolute_url()
    assert post_numbers(client.get(url, {"sort": "newest"})) == list(range(26, 6, -1))
    assert post_numbers(client.get(url, {"sort": "newest", "page": 2})) == list(range(6, 1, -1))


def test_sort_most_helpful_orders_replies_by_votes(client):
    thread = make_thread(title="Sorting replies by helpfulness", replies=4)
    Post.objects.filter(thread=thread, number=4).update(helpful_count=9)
    Post.objects.filter(thread=thread, number=2).update(helpful_count=3)

    response = client.get(thread.get_absolute_url(), {"sort": "helpful"})

    assert post_numbers(response) == [4, 2, 3, 5]
    assert response.context["question"].number == 1


def test_unknown_post_sort_falls_back_to_oldest(client):
    thread = make_thread(title="Odd sort parameter on a thread", replies=3)
    response = client.get(thread.get_absolute_url(), {"sort": "<script>"})
    assert response.status_code == 200
    assert post_numbers(response) == [2, 3, 4]


def test_hidden_and_deleted_replies_keep_their_place_without_their_text(client):
    thread = make_thread(title="Replies that were removed later", replies=3)
    Post.objects.filter(thread=thread, number=2).update(is_hidden=True)
    Post.objects.filter(thread=thread, number=3).update(is_deleted=True)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "Reply number 2 with advice." not in html
    assert "Reply number 3 with advice." not in html
    assert "hidden by a moderator" in html and "deleted by its author" in html
    assert "Reply number 4 with advice." in html


def test_content_id_redirects_to_the_page_and_anchor_of_the_post(client):
    thread = make_thread(title="Where is content forty", replies=45)
    question = thread.posts.get(number=1)
    on_page_two = thread.posts.get(number=30)

    assert client.get(f"/content/{question.pk}/")["Location"] == (
        f"{thread.get_absolute_url()}#post-{question.pk}"
    )
    response = client.get(f"/content/{on_page_two.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{on_page_two.pk}"
    followed = client.get(response["Location"].split("#")[0])
    assert f'id="post-{on_page_two.pk}"' in followed.content.decode()
    assert client.get("/content/987654321/").status_code == 404


def test_author_text_is_escaped_on_the_page(client):
    author = UserFactory(display_name="<script>alert('n')</script>", headline="<b>bold</b>")
    thread = make_thread(
        title="<img src=x onerror=alert(1)> title",
        author=author,
        body="<script>alert('b')</script>",
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html


def test_deleted_member_is_shown_as_such(client):
    thread = make_thread(title="Asked by someone who left")
    thread.author.delete()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Deleted member" in html


@pytest.mark.parametrize("replies", [0, 20])
def test_thread_page_runs_four_queries_whatever_its_size(
    client, django_assert_num_queries, replies
):
    thread = make_thread(
        title="Query counts for a thread page",
        tags=("Estimating", "Risk", "Budgeting", "Contracts", "Agile"),
        replies=replies,
    )
    # The thread with forum and asker, its tags, the question with one page of replies, and
    # the sidebar's related questions in the same tags (all four kept with the shared page).
    with django_assert_num_queries(4):
        response = client.get(thread.get_absolute_url())
    assert len(response.context["replies"]) == replies


def test_page_one_hundred_costs_what_page_one_costs(client, django_assert_num_queries):
    thread = make_long_thread(posts=2001)
    url = thread.get_absolute_url()
    for page in ("1", "100"):
        with django_assert_num_queries(4):
            response = client.get(url, {"page": page})
        assert len(response.context["replies"]) == 20
    assert post_numbers(response) == list(range(1982, 2002))


@pytest.mark.parametrize("replies", [1, 20])
def test_member_thread_page_runs_eight_queries_whatever_its_size(
    member_client, django_assert_num_queries, replies
):
    thread = make_thread(title="Query counts for a member", replies=replies)
    # Session, member with moderator flag and unread-notices count, thread, tags,
    # subscription, posts, related questions, the member's helpful marks.
    with django_assert_num_queries(8):
        member_client.get(thread.get_absolute_url())


def test_page_one_hundred_uses_a_number_range_not_offset(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = make_long_thread(posts=2001)
    with CaptureQueriesContext(connection) as queries:
        client.get(thread.get_absolute_url(), {"page": 100})
    post_query = next(
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "forum_post"' in q["sql"]
    )
    assert "OFFSET" not in post_query.upper()
    assert re.search(r"BETWEEN", post_query, re.IGNORECASE)


def query_links(html: str) -> str:
    """Every link on the page made of a query string (page, sort and filter links)."""
    return " ".join(re.findall(r'href="(\?[^"]*)"', html))


def pagination_navs(html: str) -> list[str]:
    """Each pagination <nav> on a page, in page order."""
    return re.findall(r'<nav class="pagination[^"]*"[^>]*>.*?</nav>', html, re.DOTALL)


@pytest.mark.parametrize("page", ["1", "2"])
def test_a_thread_of_two_pages_has_page_links_above_and_below_the_replies(client, page):
    thread = make_thread(title="Twenty five replies make two pages", replies=25)

    html = client.get(thread.get_absolute_url(), {"page": page}).content.decode()

    top, bottom = pagination_navs(html)
    first_reply = html.index('<article class="post"')
    last_reply = html.rindex('<article class="post"')
    assert html.index(top) < first_reply and html.index(bottom) > last_reply
    # Two navigation landmarks with one name would be indistinguishable in a landmark list.
    assert 'aria-label="Pagination"' in bottom
    assert re.search(r'aria-label="([^"]+)"', top)[1] not in ("Pagination", "")
    for nav in (top, bottom):
        assert 'href="?page=1"' in nav and 'href="?page=2"' in nav


def test_unknown_parameters_and_values_stay_out_of_the_page_links(client):
    thread = make_thread(title="Links carry only what the page reads", replies=25)
    url = thread.get_absolute_url()

    html = client.get(url, {"sort": "bogus", "utm_source": "mail", "page": "1"}).content.decode()
    newest = client.get(url, {"sort": "newest", "ref": "x<y"}).content.decode()

    for nav in pagination_navs(html):
        assert 'href="?page=2"' in nav
    assert "bogus" not in query_links(html) and "utm_source" not in query_links(html)
    for nav in pagination_navs(newest):
        assert 'href="?sort=newest&amp;page=2"' in nav
    assert "ref=" not in query_links(newest)


def test_tables_and_code_in_posts_are_named_boxes_a_keyboard_can_scroll(client):
    thread = make_thread(
        title="A post with a table and code",
        body="| Phase | Days |\n|---|---|\n| Build | 12 |\n\n```\nplan = estimate * 1.2\n```",
    )

    html = client.get(thread.get_absolute_url()).content.decode()

    assert re.search(
        r'<div class="scroll-box" role="group" tabindex="0" aria-label="Table, scrolls sideways">'
        r"<table>.*?</table></div>",
        html,
        re.DOTALL,
    )
    assert '<pre class="scroll-box" role="group" tabindex="0" aria-label="Code, scrolls' in html


def sidebar(html: str) -> str:
    found = re.search(r'<aside class="sidebar".*?</aside>', html, re.DOTALL)
    assert found, "the page has no sidebar"
    return found[0]


def test_thread_sidebar_shows_its_facts_subscription_and_related_questions(client):
    from django.test import Client

    thread = make_thread(title="How do you size a discovery phase?", tags=("Estimating", "Risk"))
    related = make_thread(title="Risk registers for client work", tags=("Risk",))
    hidden = make_thread(title="A hidden question about estimating", tags=("Estimating",))
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    make_thread(title="An unrelated question on hiring", tags=("Hiring",))
    for _ in range(2):
        member = Client()
        member.force_login(UserFactory())
        member.post(f"/threads/{thread.pk}/subscribe/")

    aside = sidebar(client.get(thread.get_absolute_url()).content.decode())

    for fact in ("Asked", "Last activity", "Replies"):
        assert f"<dt>{fact}</dt>" in aside
    # The asker (subscribed by asking) and the two members.
    assert "<dt>Members subscribed</dt><dd>3</dd>" in aside
    assert "to subscribe to this thread" in aside  # a visitor's subscribe box
    assert f'href="{related.get_absolute_url()}"' in aside
    assert "hidden question" not in aside and "hiring" not in aside
    assert f'href="{thread.get_absolute_url()}"' not in aside  # not itself


def test_members_subscribed_follows_subscribing_unsubscribing_and_leaving(client):
    from django.test import Client

    thread = make_thread(title="Counting the members who follow along")
    first, second = Client(), Client()
    first.force_login(UserFactory())
    second.force_login(UserFactory())

    def subscribed() -> str:
        html = client.get(thread.get_absolute_url()).content.decode()
        return re.search(r"<dt>Members subscribed</dt><dd>(\d+)</dd>", html)[1]

    assert subscribed() == "1"  # the asker, subscribed by asking
    first.post(f"/threads/{thread.pk}/subscribe/")
    first.post(f"/threads/{thread.pk}/subscribe/")  # twice is once
    second.post(f"/threads/{thread.pk}/subscribe/")
    assert subscribed() == "3"
    second.post(f"/threads/{thread.pk}/unsubscribe/")
    assert subscribed() == "2"
    first.post("/accounts/delete/", {"password": "correct-horse-battery"})
    assert subscribed() == "1"
