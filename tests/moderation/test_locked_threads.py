"""A locked thread is frozen for everyone but moderators: pages, buttons and POSTs."""

import re

import pytest
from django.test import Client

from forum.models import HelpfulVote, Post
from forum.services import post_reply
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

LOCKED_NOTICE = "This thread is locked."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(moderator):
    asker, replier, voter = (UserFactory(username=n) for n in ("asker", "replier", "voter"))
    thread = make_thread(title="A thread a moderator will lock", author=asker)
    reply = post_reply(author=replier, thread=thread, body="The reply that stays as it is")
    return {
        "thread": thread,
        "reply": reply,
        "asker": client_for(asker),
        "replier": client_for(replier),
        "voter": client_for(voter),
        "moderator": client_for(moderator),
    }


def actions(client: Client, thread, post) -> set[str]:
    """What this reader is offered on a post: the addresses of its buttons and links."""
    # A subscriber (the asker) is sent on to the first reply they have not seen.
    html = client.get(thread.get_absolute_url(), follow=True).content.decode()
    found = re.search(rf'<article [^>]*id="post-{post.pk}".*?</article>', html, re.DOTALL)
    assert found
    wanted = ("edit", "delete", "helpful", "accept")
    offered = {w for w in wanted if f"/posts/{post.pk}/{w}/" in found.group(0)}
    if f"?quote={post.pk}" in found.group(0):
        offered.add("quote")
    if f'action="/threads/{thread.pk}/reply/"' in html:
        offered.add("reply")
    return offered


def test_locking_takes_every_change_away_from_members_at_once(people, settings):
    settings.PAGE_CACHE_SECONDS = 60  # thread pages shared between readers, as in production
    thread, reply = people["thread"], people["reply"]
    assert actions(people["replier"], thread, reply) == {"edit", "delete", "quote", "reply"}
    assert actions(people["asker"], thread, reply) >= {"helpful", "accept", "reply"}

    people["moderator"].post(f"/threads/{thread.pk}/lock/")

    for reader in ("replier", "asker", "voter"):
        assert actions(people[reader], thread, reply) == set()
        page = people[reader].get(thread.get_absolute_url()).content.decode()
        assert LOCKED_NOTICE in page
    assert LOCKED_NOTICE in Client().get(thread.get_absolute_url()).content.decode()

    people["moderator"].post(f"/threads/{thread.pk}/lock/")

    assert actions(people["replier"], thread, reply) == {"edit", "delete", "quote", "reply"}
    assert LOCKED_NOTICE not in people["voter"].get(thread.get_absolute_url()).content.decode()


def test_members_changes_to_a_locked_thread_are_refused_with_a_403_page(people):
    thread, reply = people["thread"], people["reply"]
    people["moderator"].post(f"/threads/{thread.pk}/lock/")

    attempts = [
        (people["replier"], f"/posts/{reply.pk}/edit/", {"body": "Changed after the lock"}),
        (people["replier"], f"/posts/{reply.pk}/delete/", {}),
        (people["asker"], f"/posts/{reply.pk}/accept/", {}),
        (people["voter"], f"/posts/{reply.pk}/helpful/", {}),
        (people["voter"], f"/threads/{thread.pk}/reply/", {"body": "A reply after the lock"}),
    ]
    for client, url, data in attempts:
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "This thread is locked" in response.content.decode(), url
    assert people["replier"].get(f"/posts/{reply.pk}/edit/").status_code == 403

    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.body == "The reply that stays as it is" and not reply.is_deleted
    assert thread.accepted_post_id is None and thread.reply_count == 1
    assert not HelpfulVote.objects.exists()


def test_moderators_still_change_a_locked_thread(people):
    thread, reply = people["thread"], people["reply"]
    moderate = people["moderator"]
    moderate.post(f"/threads/{thread.pk}/lock/")
    assert {"edit", "delete", "reply"} <= actions(moderate, thread, reply)

    response = moderate.post(f"/posts/{reply.pk}/edit/", {"body": "Tidied by a moderator"})

    assert response.status_code == 302
    assert Post.objects.get(pk=reply.pk).body == "Tidied by a moderator"
