import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forum.models import Forum, Tag, Thread
from forum.services import post_reply
from tests.factories import ForumFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [t.title for t in response.context["threads"]]


def test_home_row_shows_title_tags_asker_replies_and_last_activity(client):
    asker = UserFactory(display_name="Tomasz Nowak")
    thread = make_thread(
        title="Chargeback for internal IT projects?", author=asker, tags=("Budgeting", "Risk")
    )
    post_reply(author=UserFactory(display_name="Ada Obi"), thread=thread, body="We charge back.")

    page = client.get("/").content.decode()

    assert f'href="{thread.get_absolute_url()}"' in page
    assert "Chargeback for internal IT projects?" in page
    assert 'href="/tags/budgeting/"' in page and 'href="/tags/risk/"' in page
    assert "Tomasz Nowak" in page and 'href="/members/' in page
    assert "1 reply" in page
    assert "by Ada Obi" in page
    assert "<time datetime=" in page and "just now</time>" in page


def test_pinned_threads_come_first_then_latest_activity(client):
    now = timezone.now()
    old = make_thread(title="Old but pinned thread", created_at=now - timedelta(days=9))
    make_thread(title="Quiet thread from last week", created_at=now - timedelta(days=7))
    make_thread(title="Busy thread from today", created_at=now - timedelta(hours=1))
    Thread.objects.filter(pk=old.pk).update(is_pinned=True)

    assert titles(client.get("/")) == [
        "Old but pinned thread",
        "Busy thread from today",
        "Quiet thread from last week",
    ]


def test_sorts_by_newest_replies_and_unanswered(client):
    now = timezone.now()
    make_thread(title="First asked, two replies", created_at=now - timedelta(days=3), replies=2)
    make_thread(title="Second asked, no replies", created_at=now - timedelta(days=2))
    make_thread(title="Third asked, one reply", created_at=now - timedelta(days=1), replies=1)

    assert titles(client.get("/?sort=newest"))[0] == "Third asked, one reply"
    assert titles(client.get("/?sort=replies"))[0] == "First asked, two replies"
    assert titles(client.get("/?sort=unanswered")) == ["Second asked, no replies"]


@pytest.mark.parametrize("sort", ["bogus", "", "'; DROP TABLE forum_thread;--", "activity "])
def test_unknown_sort_falls_back_to_latest_activity(client, sort):
    make_thread(title="Any thread at all here")
    response = client.get("/", {"sort": sort})
    assert response.status_code == 200
    assert response.context["sort"] == "activity"


def test_context_filter_shows_only_that_kind_of_project(client):
    make_thread(title="Internal rollout of a new timesheet", context="internal")
    make_thread(title="Client wants a discount after delivery", context="client")

    assert titles(client.get("/?context=internal")) == ["Internal rollout of a new timesheet"]
    assert titles(client.get("/?context=client")) == ["Client wants a discount after delivery"]
    assert len(titles(client.get("/?context=nonsense"))) == 2


def test_twenty_threads_a_page_with_numbered_pagination(client):
    author, forum = UserFactory(), ForumFactory()
    for n in range(45):
        make_thread(title=f"Question number {n:02d} about scope", author=author, forum=forum)

    first = client.get("/")
    third = client.get("/?page=3")

    assert len(first.context["threads"]) == 20
    assert len(third.context["threads"]) == 5
    html = first.content.decode()
    assert 'aria-label="Pagination"' in html
    assert 'href="?page=2"' in html and 'href="?page=3"' in html
    assert 'aria-current="page"' in html


def test_pagination_links_keep_sort_and_filter(client):
    author, forum = UserFactory(), ForumFactory()
    for n in range(21):
        make_thread(
            title=f"Internal question {n:02d}", author=author, forum=forum, context="internal"
        )
    html = client.get("/?sort=newest&context=internal").content.decode()
    assert 'href="?sort=newest&amp;context=internal&amp;page=2"' in html


@pytest.mark.parametrize("page", ["2", "999", "0", "-1", "abc", "1.5", "²", "9" * 5000])
def test_a_page_that_does_not_exist_is_a_404(client, page):
    make_thread(title="Only one thread in the forum")
    response = client.get("/", {"page": page})
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_forum_page_lists_only_its_own_threads(client):
    mine = Forum.objects.create(name="Agile and Delivery", slug="agile", description="Sprints")
    make_thread(title="Sprint reviews with the client", forum=mine)
    make_thread(title="Something in another forum")

    response = client.get("/forums/agile/")

    assert titles(response) == ["Sprint reviews with the client"]
    assert "<h1>Agile and Delivery</h1>" in response.content.decode()
    assert client.get("/forums/no-such-forum/").status_code == 404


def test_tag_page_lists_threads_with_that_tag(client):
    make_thread(title="Estimating a data migration", tags=("Estimating", "Information Technology"))
    make_thread(title="Handling a difficult sponsor", tags=("Stakeholder Management",))

    response = client.get("/tags/information-technology/")

    assert titles(response) == ["Estimating a data migration"]
    assert client.get("/tags/unknown-tag/").status_code == 404


def test_tag_index_counts_visible_threads(client):
    make_thread(title="Estimating a data migration", tags=("Estimating",))
    hidden = make_thread(title="Estimating something hidden", tags=("Estimating",))
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    html = client.get("/tags/").content.decode()

    assert 'href="/tags/estimating/"' in html
    assert "1 thread" in html and "2 threads" not in html


def test_hidden_threads_are_not_listed(client):
    hidden = make_thread(title="A thread a moderator hid")
    make_thread(title="A thread everyone can see")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    assert titles(client.get("/")) == ["A thread everyone can see"]


def test_list_count_follows_new_threads_at_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="The first thread ever posted")
    assert client.get("/").context["thread_total"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="The second thread ever posted")
    assert client.get("/").context["thread_total"] == 2


@pytest.mark.parametrize("threads,tags", [(1, 1), (20, 5)])
def test_thread_list_runs_five_queries_whatever_its_size(
    client, django_assert_num_queries, threads, tags
):
    author, forum = UserFactory(), ForumFactory()
    tag_names = tuple(f"Tag {n}" for n in range(tags))
    for n in range(threads):
        thread = make_thread(
            title=f"Thread number {n:02d} here", author=author, forum=forum, tags=tag_names
        )
        post_reply(author=author, thread=thread, body="A reply")

    # COUNT for the pages, the threads with forum/author/last poster, their tags, the
    # sidebar's unanswered questions in those tags, and the facts' counts (grouped, cached).
    with django_assert_num_queries(5):
        response = client.get("/")
    assert len(response.context["threads"]) == threads


def test_thread_list_for_a_member_adds_session_user_and_unread_count(
    member_client, django_assert_num_queries
):
    make_thread(title="Thread for the member query count")
    # The unread-notices count comes with the member's row: no query of its own; the sidebar's
    # unanswered questions and the facts' counts cost one each (the cache starts empty here).
    with django_assert_num_queries(7):
        member_client.get("/")


def test_thread_list_for_a_member_who_mutes_adds_one_query(
    member_client, member, django_assert_num_queries
):
    muted = make_thread(title="Thread the member muted")
    make_thread(title="Thread the member still reads")
    member_client.post(f"/threads/{muted.pk}/watch/", {"level": "muted"})
    # What the member mutes (threads and tags in one query) is the only addition; whether
    # they mute anything came with their row.
    with django_assert_num_queries(8):
        html = member_client.get("/").content.decode()
    assert "Thread the member still reads" in html and "Thread the member muted" not in html


def list_addresses(forum) -> list[str]:
    tag = Tag.objects.get(slug="estimating")
    return ["/", forum.get_absolute_url(), tag.get_absolute_url()]


def query_links(html: str) -> str:
    """Every link on the page made of a query string (page, sort and filter links)."""
    return " ".join(re.findall(r'href="(\?[^"]*)"', html))


def pagination_navs(html: str) -> list[str]:
    return re.findall(r'<nav class="pagination[^"]*"[^>]*>.*?</nav>', html, re.DOTALL)


def test_every_list_of_two_pages_has_page_links_above_and_below_the_threads(client):
    author, forum = UserFactory(), ForumFactory()
    for n in range(21):
        make_thread(title=f"Listed twice {n:02d}", author=author, forum=forum)

    for address in list_addresses(forum):
        html = client.get(address).content.decode()
        top, bottom = pagination_navs(html)
        assert html.index(top) < html.index('<ol class="thread-list"') < html.index(bottom)
        assert 'aria-label="Pagination"' in bottom and 'aria-label="Pagination"' not in top
        assert 'href="?page=2"' in top


def test_list_page_links_drop_unknown_parameters_and_invalid_values(client):
    author, forum = UserFactory(), ForumFactory()
    for n in range(21):
        make_thread(title=f"Filtered twice {n:02d}", author=author, forum=forum)

    for address in list_addresses(forum):
        html = client.get(
            address, {"sort": "bogus", "context": "nowhere", "utm_campaign": "spring"}
        ).content.decode()
        links = " ".join(pagination_navs(html))
        assert 'href="?page=2"' in links
        assert query_links(html)
        for unread in ("bogus", "nowhere", "utm_campaign"):
            assert unread not in query_links(html)
        newest = client.get(address, {"sort": "newest", "x": "1"}).content.decode()
        assert 'href="?sort=newest&amp;page=2"' in " ".join(pagination_navs(newest))
        assert "x=1" not in query_links(newest)


def test_list_sidebar_shows_the_lists_tags_and_unanswered_questions_in_them(client, settings):
    settings.FORUM_THREADS_PER_PAGE = 2
    author, forum = UserFactory(), ForumFactory()
    waiting = make_thread(
        title="Unanswered question on budgets", author=author, forum=forum, tags=("Budgeting",)
    )
    other = make_thread(title="Unanswered on hiring", author=author, forum=forum, tags=("Hiring",))
    answered = make_thread(
        title="Answered budgeting question", author=author, forum=forum, tags=("Budgeting",)
    )
    post_reply(author=UserFactory(), thread=answered, body="Here is how we do it.")
    make_thread(title="Newest on contracts", author=author, forum=forum, tags=("Contracts",))

    html = client.get("/").content.decode()  # the two latest: answered, contracts
    aside = re.search(r'<aside class="sidebar".*?</aside>', html, re.DOTALL)[0]

    assert 'href="/tags/budgeting/"' in aside and 'href="/tags/contracts/"' in aside
    assert 'href="/tags/hiring/"' not in aside  # no listed thread has it
    assert f'href="{waiting.get_absolute_url()}"' in aside  # unanswered, with a listed tag
    assert other.title not in aside and answered.title not in aside


def test_list_sidebar_does_not_deny_the_unanswered_questions_shown_beside_it(client):
    make_thread(title="Nobody has answered this estimating question", tags=("Estimating",))

    html = client.get("/").content.decode()

    sidebar = html[html.index('id="unanswered-heading"') :]
    assert "Nobody has answered this estimating question" in html
    assert "No other question" not in sidebar
    assert "Every unanswered question with these tags is already in the list." in sidebar
