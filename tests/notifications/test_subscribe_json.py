"""The subscribe and unsubscribe buttons answer a script with JSON (static/js/subscribe.js)."""

import pytest

from notifications.models import Subscription
from tests.factories import make_thread

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def test_subscribing_from_a_script_answers_the_new_state(member_client, member):
    thread = make_thread()
    response = member_client.post(f"/threads/{thread.pk}/subscribe/", headers=JSON)
    assert response.status_code == 200
    assert response.json() == {
        "subscribed": True,
        "message": "You are subscribed: new replies appear in your notifications.",
        "button": "Unsubscribe",
        "action": f"/threads/{thread.pk}/unsubscribe/",
    }
    assert Subscription.objects.filter(user=member, thread=thread).exists()


def test_unsubscribing_from_a_script_answers_the_new_state(member_client, member):
    thread = make_thread()
    Subscription.objects.create(user=member, thread=thread)
    response = member_client.post(f"/threads/{thread.pk}/unsubscribe/", headers=JSON)
    assert response.json()["subscribed"] is False
    assert response.json()["action"] == f"/threads/{thread.pk}/subscribe/"
    assert not Subscription.objects.filter(user=member, thread=thread).exists()


def test_a_script_leaves_no_message_for_the_next_page(member_client):
    thread = make_thread()
    member_client.post(f"/threads/{thread.pk}/subscribe/", headers=JSON)
    page = member_client.get(thread.get_absolute_url())
    assert "we will tell you about new replies" not in page.content.decode()


def test_a_plain_form_still_gets_a_redirect_and_a_message(member_client):
    thread = make_thread()
    response = member_client.post(f"/threads/{thread.pk}/subscribe/", follow=True)
    assert response.redirect_chain[-1][0] == thread.get_absolute_url()
    assert "we will tell you about new replies" in response.content.decode()
