"""The page after asking or replying already shows the author subscribed: the post's own
transaction subscribes them, not the worker some seconds later."""

import pytest
from django.test import Client

from forum.models import Thread
from notifications.models import Preferences, Subscription
from tests.factories import ForumFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db

SUBSCRIBED = "You are watching this thread"
NOT_SUBSCRIBED = "Normal: you hear only of mentions and replies to your posts."


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_after_replying_says_subscribed_before_any_worker_ran(database_task_queue):
    thread = make_thread(title="Replying subscribes at once")
    replier = UserFactory()
    client = logged_in(replier)
    assert NOT_SUBSCRIBED in client.get(thread.get_absolute_url()).content.decode()

    response = client.post(f"/threads/{thread.pk}/reply/", {"body": "Here is what we did."})
    html = client.get(response["Location"]).content.decode()

    assert "Here is what we did." in html
    assert SUBSCRIBED in html and NOT_SUBSCRIBED not in html
    subscription = Subscription.objects.get(user=replier, thread=thread)
    assert subscription.last_seen_number == 2  # their own reply is not "new" to them


def test_the_page_after_asking_says_subscribed_before_any_worker_ran(database_task_queue):
    forum = ForumFactory(name="Project Management", slug="project-management")
    client = logged_in(UserFactory())

    response = client.post(
        "/threads/new/",
        {
            "title": "Does asking subscribe me straight away?",
            "body": "I would like to hear about replies.",
            "forum": forum.pk,
            "tags": "Estimating",
            "context": "client",
        },
    )
    html = client.get(response["Location"]).content.decode()

    assert "Does asking subscribe me straight away?" in html
    assert SUBSCRIBED in html and NOT_SUBSCRIBED not in html


def test_members_who_turned_auto_subscribe_off_are_not_subscribed(database_task_queue):
    thread = make_thread(title="Replying without subscribing")
    replier = UserFactory()
    Preferences.objects.create(user=replier, subscribe_on_reply=False)
    client = logged_in(replier)

    response = client.post(f"/threads/{thread.pk}/reply/", {"body": "Just passing by here."})

    html = client.get(response["Location"]).content.decode()
    assert NOT_SUBSCRIBED in html
    assert not Subscription.objects.filter(user=replier, thread=thread).exists()
    assert Thread.objects.get(pk=thread.pk).reply_count == 1
