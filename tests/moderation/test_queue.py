"""The moderators' queue and the header link to it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from moderation.models import BlockedWord
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report(post, reason: str = "spam") -> None:
    client_for(UserFactory()).post(f"/posts/{post.pk}/flag/", {"reason": reason})


def test_queue_lists_reported_and_held_posts_and_nothing_else(moderator, member):
    # First: the posting service reads the blocked words once a minute (cached).
    BlockedWord.objects.create(phrase="cheap pills")
    make_thread(title="A thread nobody reported", replies=2)
    reported = make_thread(title="A thread with a reported reply", replies=1)
    report(reported.posts.get(number=2))
    dismissed = make_thread(title="A report already dismissed", replies=1)
    report(dismissed.posts.get(number=2))
    moderate = client_for(moderator)
    moderate.post(
        f"/moderation/posts/{dismissed.posts.get(number=2).pk}/resolve/", {"decision": "dismiss"}
    )
    held = make_thread(title="A thread where a reply is held")
    client_for(member).post(f"/threads/{held.pk}/reply/", {"body": "Buy cheap pills here"})

    page = moderate.get("/moderation/").content.decode()

    assert page.count('class="queue__item"') == 2
    assert "A thread with a reported reply" in page and "A thread where a reply is held" in page
    assert "A thread nobody reported" not in page
    assert "A report already dismissed" not in page
    assert "0 open reports" not in page
    assert "Nothing to review" not in page


def test_an_empty_queue_says_there_is_nothing_to_review(moderator):
    make_thread(title="Plenty of posts but no reports", replies=3)

    page = client_for(moderator).get("/moderation/").content.decode()

    assert 'class="queue__item"' not in page
    assert "Nothing to review" in page


def test_moderators_header_links_to_the_queue_with_the_number_waiting(
    moderator, django_capture_on_commit_callbacks
):
    thread = make_thread(title="Two replies get reported", replies=2)
    moderate = client_for(moderator)
    assert 'href="/moderation/">Moderation</a>' in moderate.get("/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        report(thread.posts.get(number=2))
        report(thread.posts.get(number=3))
        report(thread.posts.get(number=3), reason="off_topic")
    header = moderate.get("/").content.decode()
    assert 'Moderation <span class="badge badge--count">2<span' in header

    with django_capture_on_commit_callbacks(execute=True):
        moderate.post(
            f"/moderation/posts/{thread.posts.get(number=2).pk}/resolve/",
            {"decision": "dismiss"},
        )
    header = moderate.get("/").content.decode()
    assert 'Moderation <span class="badge badge--count">1<span' in header


def test_the_number_waiting_is_read_from_the_cache_between_changes(moderator):
    thread = make_thread(title="A reply reported once", replies=1)
    report(thread.posts.get(number=2))
    moderate = client_for(moderator)
    moderate.get("/")

    with CaptureQueriesContext(connection) as queries:
        header = moderate.get("/").content.decode()

    assert 'badge--count">1<span' in header
    assert not [q for q in queries if "moderation_flag" in q["sql"]]


def test_members_get_no_queue_link_and_pay_nothing_for_it(member_client):
    thread = make_thread(title="A reply reported for members", replies=1)
    report(thread.posts.get(number=2))

    with CaptureQueriesContext(connection) as queries:
        page = member_client.get(thread.get_absolute_url()).content.decode()

    assert "/moderation/" not in page
    assert not [q for q in queries if "moderation_flag" in q["sql"]]


def test_the_report_form_says_optional_once(member_client):
    thread = make_thread(title="A reply someone may report", replies=1)

    page = member_client.get(f"/posts/{thread.posts.get(number=2).pk}/flag/").content.decode()

    assert page.count("(optional)") == 1
    assert "Anything a moderator should know" in page
