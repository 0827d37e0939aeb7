"""Members told that a post mentions them: a notice and, as their settings say, one e-mail;
never for a mention in a quote or code, for oneself, for a post others cannot read or a
suspended member; an edit tells only the newly mentioned; at most ten members per post."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import Post, PostMention
from moderation.models import BlockedWord
from notifications.mentions import MENTIONS_NOTIFIED_MAX, notify_mentions
from notifications.models import EmailDelivery, Notification, Preferences, Subscription
from tests.factories import ForumFactory, UserFactory, make_moderator, make_quiet_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(django_capture_on_commit_callbacks, settings):
    """post(client, url, data): a form sent as a member sends it, with what its commit queues
    (the mention task: tasks run at once in tests) run too."""
    settings.FORUM_POST_RATE_LIMITS = [(100, 1)]

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    return post


@pytest.fixture
def priya(db):
    return UserFactory(username="priya_raman", display_name="Priya Raman")


@pytest.fixture
def priya_client(priya) -> Client:
    client = Client()
    client.force_login(priya)
    return client


def subject_of(message) -> str:
    """The subject as the member reads it, without the site's prefix."""
    subject = str(make_header(decode_header(message.subject)))
    return subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)


def mentions_of(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="mention"))


def reply_url(thread) -> str:
    return f"/threads/{thread.pk}/reply/"


def latest_post(thread) -> Post:
    return thread.posts.order_by("-number").first()


def test_mentioned_member_gets_one_notice_and_one_email(posting, priya_client):
    bob = UserFactory(username="bob_builder", display_name="Bob Builder")
    thread = make_quiet_thread(title="Who signs off the RACI chart?")

    posting(
        priya_client,
        reply_url(thread),
        {"body": "@bob_builder knows. Ask @Bob_Builder, really: @bob_builder."},
    )

    post = latest_post(thread)
    [notice] = mentions_of(bob)
    assert notice.post == post and notice.read_at is None
    [message] = mail.outbox
    assert message.to == [bob.email]
    assert subject_of(message) == "Priya Raman mentioned you in Who signs off the RACI chart?"
    assert "Priya Raman mentioned you in" in message.body and "Reply 1" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The worker running the task again (a retry) tells nobody twice.
    notify_mentions.call(post.pk)
    assert len(mentions_of(bob)) == 1 and len(mail.outbox) == 1
    bob_client = Client()
    bob_client.force_login(bob)
    notices = bob_client.get("/notifications/").content.decode()
    assert "Priya Raman mentioned you in" in notices and thread.title in notices
    page = bob_client.get(thread.get_absolute_url()).content.decode()
    assert page.count('<a href="/members/bob_builder/" class="mention">') == 3


def test_reading_the_post_reads_the_mention_for_a_member_who_does_not_follow_the_thread(
    posting, priya_client
):
    bob = UserFactory(username="bob_visits")
    thread = make_quiet_thread(title="A thread the mentioned member never followed")
    posting(priya_client, reply_url(thread), {"body": "@bob_visits what do you think?"})
    bob_client = Client()
    bob_client.force_login(bob)
    unread = '1<span class="visually-hidden"> unread</span>'
    assert unread in bob_client.get("/").content.decode()

    page = bob_client.get(thread.get_absolute_url()).content.decode()

    [notice] = mentions_of(bob)
    assert notice.read_at is not None
    assert unread not in page
    assert "Normal: you hear only of mentions" in page  # reading it subscribed nobody


def test_mentions_inside_quotes_or_code_tell_nobody(posting, priya_client):
    quoted, in_code, in_block = (
        UserFactory(username=name) for name in ("quoted", "coded", "fenced")
    )
    thread = make_quiet_thread(title="Quoting someone who mentioned others")

    posting(
        priya_client,
        reply_url(thread),
        {
            "body": "> Earlier, @quoted wrote that this is settled.\n\n"
            "Type `@coded` to mention someone.\n\n```\nassign @fenced\n```\n\nAgreed."
        },
    )

    assert not Notification.objects.exists() and mail.outbox == []
    html = latest_post(thread).body_html
    # A quote still links the member it names; code shows the text as typed.
    assert '<a href="/members/quoted/" class="mention">@quoted</a>' in html
    assert "<code>@coded</code>" in html and "assign @fenced" in html
    assert not PostMention.objects.exists()
    assert all(member.is_active for member in (quoted, in_code, in_block))  # real members


def test_mentioning_yourself_tells_nobody(posting, priya, priya_client):
    thread = make_quiet_thread(title="Talking to myself about estimates")
    posting(priya_client, reply_url(thread), {"body": "Note to self, @priya_raman: re-check."})
    assert mentions_of(priya) == [] and mail.outbox == []
    assert 'class="mention">@priya_raman</a>' in latest_post(thread).body_html


def test_editing_a_post_to_add_a_mention_tells_only_the_newly_mentioned(posting, priya_client):
    bob, carol = UserFactory(username="bob_b"), UserFactory(username="carol_c")
    thread = make_quiet_thread(title="A reply that grows more mentions")
    posting(priya_client, reply_url(thread), {"body": "Thanks @bob_b."})
    reply = latest_post(thread)
    assert len(mail.outbox) == 1

    posting(priya_client, f"/posts/{reply.pk}/edit/", {"body": "Thanks @bob_b and @carol_c."})
    posting(priya_client, f"/posts/{reply.pk}/edit/", {"body": "Thanks @carol_c and @bob_b!"})

    assert len(mentions_of(bob)) == 1 and len(mentions_of(carol)) == 1
    assert sorted(message.to[0] for message in mail.outbox) == [bob.email, carol.email]


def test_a_post_held_for_review_tells_nobody(posting, priya_client):
    BlockedWord.objects.create(phrase="guaranteed savings")
    bob = UserFactory(username="bob_held")
    thread = make_quiet_thread(title="A reply a moderator must see first")

    posting(priya_client, reply_url(thread), {"body": "@bob_held guaranteed savings here"})

    assert latest_post(thread).is_hidden
    assert mentions_of(bob) == [] and mail.outbox == []


def test_a_question_held_for_review_tells_nobody(posting, priya_client):
    BlockedWord.objects.create(phrase="guaranteed savings")
    bob = UserFactory(username="bob_asked")
    forum = ForumFactory(name="Project Management", slug="project-management")

    posting(
        priya_client,
        "/threads/new/",
        {
            "title": "Guaranteed savings with this method",
            "body": "@bob_asked what do you think of guaranteed savings?",
            "forum": forum.pk,
            "tags": "Estimating",
            "context": "general",
        },
    )

    assert Post.objects.get(author__username="priya_raman").thread.is_hidden
    assert mentions_of(bob) == [] and mail.outbox == []


def test_a_post_hidden_before_the_worker_runs_tells_nobody(priya_client, settings):
    settings.FORUM_POST_RATE_LIMITS = [(100, 1)]
    bob = UserFactory(username="bob_late")
    moderator = UserFactory(username="mod_mira")
    make_moderator(moderator)
    moderator_client = Client()
    moderator_client.force_login(moderator)
    thread = make_quiet_thread(title="Hidden between posting and telling")
    # Posted, its task waiting for a worker (nothing queued after commit runs here).
    assert (
        priya_client.post(reply_url(thread), {"body": "@bob_late have a look"}).status_code == 302
    )
    reply = latest_post(thread)
    moderator_client.post(f"/posts/{reply.pk}/hide/", {"reason": "Off topic"})
    reply.refresh_from_db()
    assert reply.is_hidden

    notify_mentions.call(reply.pk)  # the worker takes the task only now

    assert mentions_of(bob) == [] and mail.outbox == []


def test_a_suspended_member_is_not_told(posting, priya_client):
    sid = UserFactory(username="sid_suspended", suspended_until=timezone.now() + timedelta(days=2))
    thread = make_quiet_thread(title="Mentioning a suspended member")

    posting(priya_client, reply_url(thread), {"body": "As @sid_suspended said last week."})

    assert mentions_of(sid) == [] and mail.outbox == []
    assert not PostMention.objects.exists()  # told later, should an edit come after the suspension
    assert 'href="/members/sid_suspended/"' in latest_post(thread).body_html


def test_at_most_ten_members_are_told_about_one_post(posting, priya_client):
    crowd = [UserFactory(username=f"crowd{n:02}") for n in range(13)]
    thread = make_quiet_thread(title="A reply that names everyone")
    names = " ".join(f"@{member.username}" for member in crowd[:12])

    posting(priya_client, reply_url(thread), {"body": f"Calling everyone: {names}"})
    reply = latest_post(thread)
    posting(priya_client, f"/posts/{reply.pk}/edit/", {"body": f"{names} and @crowd12"})

    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {member.username for member in crowd[:MENTIONS_NOTIFIED_MAX]}
    assert len(mail.outbox) == MENTIONS_NOTIFIED_MAX
    reply.refresh_from_db()
    assert reply.body_html.count('class="mention"') == 13  # every one is linked


def test_members_who_turned_mention_mails_off_get_the_notice_only(posting, priya_client):
    bob = UserFactory(username="bob_quiet")
    bob_client = Client()
    bob_client.force_login(bob)
    settings_page = bob_client.get("/subscriptions/").content.decode()
    assert "E-mail me when someone mentions me" in settings_page
    response = bob_client.post(
        "/subscriptions/",
        {"email_frequency": "immediate", "subscribe_on_ask": "on", "subscribe_on_reply": "on"},
    )
    assert response.status_code == 302
    thread = make_quiet_thread(title="A mention for someone who reads on the site")

    posting(priya_client, reply_url(thread), {"body": "@bob_quiet over to you."})

    assert len(mentions_of(bob)) == 1 and mail.outbox == []


def test_the_mention_mail_unsubscribes_from_mention_mails_in_one_click(posting, priya_client):
    bob = UserFactory(username="bob_busy")
    thread = make_quiet_thread(title="Mention mail and its unsubscribe link")
    posting(priya_client, reply_url(thread), {"body": "@bob_busy please look."})
    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]

    confirm = Client().get(f"/{path}").content.decode()
    assert "no more e-mails when someone mentions you" in confirm
    assert Client().post(f"/{path}").status_code == 200  # no log-in, no CSRF: RFC 8058

    assert Preferences.objects.get(user=bob).email_mentions is False
    posting(priya_client, reply_url(thread), {"body": "@bob_busy one more thing."})
    assert len(mail.outbox) == 1 and len(mentions_of(bob)) == 2


def test_a_subscriber_mentioned_in_a_reply_gets_one_mail_about_the_mention(posting, priya_client):
    bob = UserFactory(username="bob_follows")
    thread = make_quiet_thread(title="A thread its reader follows")
    Subscription.objects.create(user=bob, thread=thread, last_seen_number=1)

    posting(priya_client, reply_url(thread), {"body": "@bob_follows this one is for you."})

    [notice] = Notification.objects.filter(recipient=bob)
    assert notice.kind == "mention"
    [message] = mail.outbox
    assert subject_of(message).startswith("Priya Raman mentioned you in")
    assert EmailDelivery.objects.filter(recipient=bob, status="sent").count() == 1


def test_a_subscriber_mailed_about_a_reply_is_told_when_an_edit_mentions_them(
    posting, priya_client
):
    bob = UserFactory(username="bob_reader")
    thread = make_quiet_thread(title="Mailed about the reply, then mentioned")
    Subscription.objects.create(user=bob, thread=thread, last_seen_number=1)
    posting(priya_client, reply_url(thread), {"body": "A plain reply first."})
    reply = latest_post(thread)
    assert [subject_of(m) for m in mail.outbox] == [f"Re: {thread.title}"]
    Notification.objects.filter(recipient=bob).update(read_at=timezone.now())

    posting(priya_client, f"/posts/{reply.pk}/edit/", {"body": "A plain reply first, @bob_reader."})

    [notice] = Notification.objects.filter(recipient=bob)
    assert notice.kind == "mention" and notice.read_at is None  # new again
    assert subject_of(mail.outbox[-1]) == f"Priya Raman mentioned you in {thread.title}"


def test_posting_a_reply_costs_the_same_queries_whatever_it_mentions(priya_client, settings):
    """The request renders the links with one lookup; telling members is the worker's job."""
    settings.FORUM_POST_RATE_LIMITS = [(100, 1)]
    crowd = [UserFactory(username=f"many{n:02}") for n in range(12)]
    thread = make_quiet_thread(title="Counting the queries of a mention")
    priya_client.post(reply_url(thread), {"body": "Warming up the caches, @many00."})

    def queries_for(body: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert priya_client.post(reply_url(thread), {"body": body}).status_code == 302
        return len(queries)

    one = queries_for("Just @many01 this time.")
    twelve = queries_for(" ".join(f"@{member.username}" for member in crowd) + " all of you.")
    assert twelve == one
    assert not Notification.objects.exists()  # nothing told before the worker runs
