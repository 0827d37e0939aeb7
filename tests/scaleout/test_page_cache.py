"""Visitors' public pages come from the shared cache, and never outlive a change."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from config.page_cache import AnonymousPageCacheMiddleware
from forum.cache_keys import pages_changed
from forum.models import Forum
from forum.services import thread_create
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


def test_a_visitors_second_view_of_a_thread_costs_no_query(django_assert_num_queries):
    thread = make_thread(title="Cached for visitors", replies=2)
    visitor = Client()
    first = visitor.get(thread.get_absolute_url())
    assert first[HEADER] == "miss"

    with django_assert_num_queries(0):
        second = visitor.get(thread.get_absolute_url())

    assert second.status_code == 200
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert not second.cookies


def test_a_reply_shows_to_visitors_at_once(member_client):
    thread = make_thread(title="Replies reach visitors at once")
    visitor = Client()
    visitor.get(thread.get_absolute_url())
    assert visitor.get(thread.get_absolute_url())[HEADER] == "hit"

    posted = member_client.post(
        f"/threads/{thread.pk}/reply/", {"body": "Fresh advice for everyone."}
    )
    assert posted.status_code == 302

    page = visitor.get(thread.get_absolute_url())
    assert page[HEADER] == "miss"
    assert "Fresh advice for everyone." in page.content.decode()


def test_an_edit_and_a_helpful_vote_show_to_visitors_at_once(client):
    author, voter = UserFactory(), UserFactory()
    thread = make_thread(title="Edits reach visitors", author=author, replies=1)
    reply = thread.posts.get(number=2)
    visitor = Client()
    visitor.get(thread.get_absolute_url())

    client.force_login(author)
    edited = client.post(
        f"/posts/{thread.posts.get(number=1).pk}/edit/",
        {"title": "Edits reach visitors", "body": "Edited question."},
    )
    assert edited.status_code == 302
    client.force_login(voter)
    assert client.post(f"/posts/{reply.pk}/helpful/").status_code == 302

    html = visitor.get(thread.get_absolute_url()).content.decode()
    assert "Edited question." in html
    assert "1 found this helpful" in html


def test_a_thread_made_outside_a_request_shows_on_the_cached_list(
    django_capture_on_commit_callbacks,
):
    make_thread(title="The first thread on the list")
    visitor = Client()
    visitor.get("/")
    assert visitor.get("/")[HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        thread_create(
            author=UserFactory(),
            forum=Forum.objects.get(),
            title="Written by a script, not a browser",
            body="Imported from the old forum.",
        )

    page = visitor.get("/")
    assert page[HEADER] == "miss"
    assert "Written by a script, not a browser" in page.content.decode()


def test_members_are_never_served_a_cached_page(member_client, member):
    thread = make_thread(title="Members get their own page")
    visitor = Client()
    visitor.get(thread.get_absolute_url())

    page = member_client.get(thread.get_absolute_url())

    assert HEADER not in page
    assert member.name in page.content.decode()
    # Nor does a member's page reach visitors.
    assert member.name not in visitor.get(thread.get_absolute_url()).content.decode()


@pytest.mark.parametrize("path", ["/?utm_source=mail", "/?page=1&page=2", "/accounts/login/"])
def test_other_pages_and_parameters_bypass_the_cache(path):
    make_thread()
    visitor = Client()
    visitor.get(path)
    assert HEADER not in visitor.get(path)


def test_a_visitor_with_flash_messages_bypasses_the_cache():
    make_thread()
    visitor = Client()
    visitor.get("/")
    visitor.cookies["messages"] = "anything"
    assert HEADER not in visitor.get("/")


def test_a_page_rendered_while_a_change_commits_is_not_served_after_it():
    make_thread(title="A slow render")

    def render_during_a_write(request):
        response = HttpResponse("rendered before the change was visible")
        pages_changed()  # the change commits while this page renders
        return response

    middleware = AnonymousPageCacheMiddleware(render_during_a_write)
    request = RequestFactory().get("/")
    middleware(request)

    page = Client().get("/")
    assert page[HEADER] == "miss"
    assert b"rendered before the change" not in page.content


@pytest.mark.parametrize(
    "path",
    ["/", "/?sort=newest&page=1", "/tags/", "/tags/estimating/", "/forums/project-management/"],
)
def test_every_public_list_can_be_cached_for_visitors(path):
    # A page that printed a CSRF token (a form) or set a cookie for a visitor could not be.
    make_thread(tags=("Estimating",))
    visitor = Client()
    first = visitor.get(path)
    assert first.status_code == 200
    assert not first.cookies
    assert visitor.get(path)[HEADER] == "hit"


def test_visitors_posting_forms_do_not_empty_the_cache():
    thread = make_thread(title="Bots post forms all day")
    visitor = Client()
    visitor.get(thread.get_absolute_url())

    assert visitor.post(f"/threads/{thread.pk}/reply/", {"body": "spam"}).status_code == 302
    visitor.post("/accounts/login/", {"login": "nobody", "password": "wrong"})

    assert visitor.get(thread.get_absolute_url())[HEADER] == "hit"
