"""One numbering for replies everywhere: the first reply is "Reply 1" on the thread page, in
search, notices, e-mail, member pages, feeds and the moderation queue."""

import re

import pytest
from django.core import mail
from django.test import Client

from notifications.services import thread_subscribe
from tests.factories import UserFactory, make_moderator, make_thread

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_first_reply_is_reply_1_everywhere(client, django_capture_on_commit_callbacks):
    watcher = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Numbering replies the same way")
    thread_subscribe(user=watcher, thread=thread)
    replier = UserFactory(display_name="Ana Replier", username="ana")
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(replier).post(
            f"/threads/{thread.pk}/reply/", {"body": "Timeboxing works for discovery."}
        )
    assert response.status_code == 302
    reply = thread.posts.get(number=2)

    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'id="post-{reply.pk}-label" class="visually-hidden">Reply 1 by Ana Replier' in page

    found = client.get("/search/", {"q": "timeboxing"}).content.decode()
    kind = re.search(r'<p class="search-result__kind">(.*?)</p>', found, re.DOTALL)[1]
    assert kind.startswith("Reply 1 ") and "#2" not in kind

    member = client.get("/members/ana/").content.decode()
    assert '<span class="badge">Reply 1</span>' in member

    feed = client.get(f"/feeds/threads/{thread.pk}/").content.decode()
    assert "<title>Reply 1 by Ana Replier</title>" in feed

    notices = logged_in(watcher).get("/notifications/").content.decode()
    assert "Reply 1" in notices
    reply_mail = next(m for m in mail.outbox if m.to == [watcher.email])
    assert "Reply 1" in reply_mail.body

    logged_in(UserFactory()).post(f"/posts/{reply.pk}/flag/", {"reason": "spam"})
    moderator = UserFactory()
    make_moderator(moderator)
    queue = logged_in(moderator).get("/moderation/").content.decode()
    assert "Reply 1 by" in queue
