"""Sort, filter and page parameters are read from a fixed list: odd values get the default
page (or a 404 for a page number), never an error and never a query built from them."""

import re

import pytest

from tests.factories import make_thread

ODD_VALUES = [
    "",
    "bogus",
    "ACTIVITY",
    "activity ",
    "-created_at",
    "title",
    "author__password",
    "'; DROP TABLE forum_thread;--",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    "%",
    "\u202enewest",
    "x" * 5000,
]


@pytest.fixture
def thread(db):
    return make_thread(title="Whitelisted parameters thread", tags=("Estimating",), replies=2)


@pytest.mark.parametrize("value", ODD_VALUES)
def test_thread_lists_fall_back_to_the_default_sort_and_no_filter(client, thread, value):
    for url in ("/", "/forums/project-management/", "/tags/estimating/"):
        response = client.get(url, {"sort": value, "context": value})
        assert response.status_code == 200, url
        assert response.context["sort"] == "activity"
        assert response.context["context_filter"] is None
        assert thread.title in response.content.decode()


@pytest.mark.parametrize("value", ODD_VALUES)
def test_thread_page_falls_back_to_the_default_reply_order(client, thread, value):
    response = client.get(thread.get_absolute_url(), {"sort": value})
    assert response.status_code == 200
    assert response.context["sort"] == "oldest"


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "abc", "1e3", "99999999999", "\u0661", ""])
def test_odd_page_numbers_are_a_404_not_an_error(client, thread, value):
    for url, extra in (("/", {}), (thread.get_absolute_url(), {}), ("/search/", {"q": "thread"})):
        response = client.get(url, {"page": value, **extra})
        assert response.status_code == 404, (url, value)


def test_known_values_are_still_honoured(client, thread):
    response = client.get("/", {"sort": "newest", "context": "client"})
    assert response.context["sort"] == "newest"
    assert response.context["context_filter"] == "client"


def test_notice_page_links_carry_no_parameter_of_the_address(client, thread):
    from django.conf import settings

    from forum.models import Post
    from notifications.models import Notification, NotificationKind

    reader = thread.author
    posts = list(Post.objects.filter(thread=thread))
    replies = make_thread(
        title="Second thread for notices", replies=settings.FORUM_THREADS_PER_PAGE
    )
    posts += list(Post.objects.filter(thread=replies))
    Notification.objects.bulk_create(
        Notification(recipient=reader, post=post, thread=post.thread, kind=NotificationKind.REPLY)
        for post in posts
    )
    client.force_login(reader)

    html = client.get("/notifications/", {"utm_source": "mail", "sort": "bogus"}).content.decode()

    assert 'href="?page=2"' in html
    links = " ".join(re.findall(r'href="(\?[^"]*)"', html))
    assert "utm_source" not in links and "bogus" not in links
