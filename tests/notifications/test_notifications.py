import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from accounts.models import User
from forum.models import Post, Thread
from forum.services import post_reply, thread_create
from notifications.models import (
    EmailDelivery,
    Notification,
    Preferences,
    Subscription,
    TagFollow,
)
from notifications.services import thread_subscribe
from notifications.tasks import notify_reply
from notifications.tokens import unsubscribe_token
from tests.factories import ForumFactory, UserFactory, make_quiet_thread, make_thread

pytestmark = pytest.mark.django_db


def subject_of(message) -> str:
    return str(make_header(decode_header(message.subject)))


def reply(run_on_commit, thread, author, body="A useful reply"):
    return run_on_commit(post_reply, author=author, thread=thread, body=body)


# Subscribing


def checked_level(html: str) -> str | None:
    """The level checked in the thread's watching menu."""
    found = re.search(r'value="(\w+)" id="watch-thread-\w+" [^>]*checked', html)
    return found.group(1) if found else None


def test_member_subscribes_and_unsubscribes_with_one_button(member_client, member):
    """The old Subscribe and Unsubscribe addresses still work: Watching, and back to Normal."""
    thread = make_thread(title="Subscribe to this thread please")
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert f'action="/threads/{thread.pk}/watch/"' in html
    assert checked_level(html) == "normal"

    response = member_client.post(f"/threads/{thread.pk}/subscribe/")
    assert response["Location"] == thread.get_absolute_url()
    assert Subscription.objects.get(user=member, thread=thread).level == "watching"
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert "You are watching this thread" in html
    assert checked_level(html) == "watching"

    member_client.post(f"/threads/{thread.pk}/unsubscribe/")
    assert not Subscription.objects.filter(user=member, thread=thread).exists()


def test_subscribing_twice_is_harmless(member_client, member):
    thread = make_thread(title="Subscribing twice to one thread")
    member_client.post(f"/threads/{thread.pk}/subscribe/")
    member_client.post(f"/threads/{thread.pk}/subscribe/")
    assert Subscription.objects.filter(user=member, thread=thread).count() == 1


def test_subscribe_without_csrf_token_is_refused(member):
    thread = make_quiet_thread(title="Forged subscribe attempt here")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(f"/threads/{thread.pk}/subscribe/").status_code == 403
    assert not Subscription.objects.exists()


def test_subscribe_page_by_get_changes_nothing(member_client):
    thread = make_quiet_thread(title="Only a POST may subscribe")
    response = member_client.get(f"/threads/{thread.pk}/subscribe/")
    assert response.status_code == 200 and "Subscribe to this thread?" in response.content.decode()
    assert not Subscription.objects.exists()


def test_visitor_who_logs_in_from_the_subscribe_prompt_is_subscribed(client):
    thread = make_thread(title="Log in to subscribe to me")
    user = UserFactory(username="newcomer")
    html = client.get(thread.get_absolute_url()).content.decode()
    subscribe_url = f"/threads/{thread.pk}/subscribe/"
    assert f'href="/accounts/login/?next={subscribe_url}"' in html
    assert "Please" in html and "to subscribe to this thread." in html

    response = client.post(
        f"/accounts/login/?next={subscribe_url}",
        {"login": "newcomer", "password": "correct-horse-battery", "next": subscribe_url},
    )

    assert response["Location"] == subscribe_url
    assert Subscription.objects.filter(user=user, thread=thread).exists()
    assert "You are subscribed" in client.get(subscribe_url).content.decode()


def test_asker_and_replier_are_subscribed_automatically(run_on_commit):
    asker, replier = UserFactory(), UserFactory()
    thread = run_on_commit(make_thread, title="Automatic subscriptions work", author=asker)
    reply(run_on_commit, thread, replier)
    assert set(Subscription.objects.values_list("user_id", flat=True)) == {asker.pk, replier.pk}


def test_members_who_turned_auto_subscribe_off_are_not_subscribed(run_on_commit):
    asker, replier = UserFactory(), UserFactory()
    Preferences.objects.create(user=asker, subscribe_on_ask=False)
    Preferences.objects.create(user=replier, subscribe_on_reply=False)
    thread = run_on_commit(make_thread, title="No automatic subscriptions", author=asker)
    reply(run_on_commit, thread, replier)
    assert not Subscription.objects.exists()


# Fan-out


def test_reply_notifies_every_other_subscriber_in_app_and_by_mail(run_on_commit):
    asker, replier, watcher = UserFactory(), UserFactory(display_name="Rita Reply"), UserFactory()
    thread = run_on_commit(make_thread, title="Who hears about replies?", author=asker)
    thread_subscribe(user=watcher, thread=thread)
    mail.outbox.clear()

    post = reply(run_on_commit, thread, replier, body="Use **three-point** estimates")

    notified = set(Notification.objects.filter(post=post).values_list("recipient_id", flat=True))
    assert notified == {asker.pk, watcher.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([asker.email, watcher.email])
    message = mail.outbox[0]
    assert subject_of(message) == "[PM Forum] Re: Who hears about replies?"
    assert "Rita Reply replied to" in message.body
    assert "Use three-point estimates" in message.body  # plain text, from the rendered post
    assert f"http://127.0.0.1:8000/content/{post.pk}/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and f"/content/{post.pk}/" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/unsubscribe/"
    )


def test_unsubscribe_header_is_https_on_an_https_site(run_on_commit, settings):
    settings.SITE_URL = "https://forum.example"
    watcher = UserFactory()
    thread = make_thread(title="Secure links in the mail")
    thread_subscribe(user=watcher, thread=thread)
    reply(run_on_commit, thread, UserFactory())
    assert (
        mail.outbox[-1]
        .extra_headers["List-Unsubscribe"]
        .startswith("<https://forum.example/unsubscribe/")
    )


def test_title_with_line_breaks_cannot_inject_mail_headers(run_on_commit):
    watcher = UserFactory()
    thread = make_quiet_thread(title="Innocent title here")
    Thread.objects.filter(pk=thread.pk).update(title="Hi\r\nBcc: victim@example.com\nX: y")
    thread.refresh_from_db()
    thread_subscribe(user=watcher, thread=thread)
    reply(run_on_commit, thread, UserFactory())
    message = mail.outbox[-1].message()
    assert message["Bcc"] is None and message["X"] is None
    assert "\n" not in subject_of(mail.outbox[-1])
    assert mail.outbox[-1].recipients() == [watcher.email]


def test_nobody_hears_of_hidden_content_and_inactive_members_hear_nothing(run_on_commit):
    watcher, gone = UserFactory(), UserFactory()
    thread = make_quiet_thread(title="Hidden things notify no one")
    thread_subscribe(user=watcher, thread=thread)
    thread_subscribe(user=gone, thread=thread)
    User.objects.filter(pk=gone.pk).update(is_active=False)
    hidden_author = UserFactory()
    post = post_reply(author=hidden_author, thread=thread, body="Hidden soon")
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    notify_reply.call(post.pk)
    assert not Notification.objects.exists() and not mail.outbox

    visible = post_reply(author=UserFactory(), thread=thread, body="Visible reply")
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    notify_reply.call(visible.pk)
    assert not Notification.objects.exists() and not mail.outbox

    Thread.objects.filter(pk=thread.pk).update(is_hidden=False)
    notify_reply.call(visible.pk)
    # Replying subscribed the hidden reply's author: they hear of the visible one.
    notified = set(Notification.objects.values_list("recipient_id", flat=True))
    assert notified == {watcher.pk, hidden_author.pk}


def test_one_mail_per_thread_until_the_member_visits(run_on_commit):
    watcher = UserFactory()
    thread = make_quiet_thread(title="Busy thread with many replies")
    thread_subscribe(user=watcher, thread=thread)
    replier = UserFactory()
    for n in range(3):
        reply(run_on_commit, thread, replier, body=f"Reply {n}")
    assert [m.to for m in mail.outbox] == [[watcher.email]]
    assert Notification.objects.filter(recipient=watcher).count() == 3

    client = Client()
    client.force_login(watcher)
    client.get(thread.get_absolute_url(), {"page": 1})
    reply(run_on_commit, thread, replier, body="After the visit")
    assert [m.to for m in mail.outbox] == [[watcher.email], [watcher.email]]


def test_a_retried_task_sends_no_second_mail_and_adds_no_second_notice(run_on_commit):
    watcher = UserFactory()
    thread = make_quiet_thread(title="Retried fan-out is safe")
    thread_subscribe(user=watcher, thread=thread)
    post = reply(run_on_commit, thread, UserFactory())
    notify_reply.call(post.pk)
    notify_reply.call(post.pk)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=watcher).count() == 1
    assert EmailDelivery.objects.get().sent_at is not None


def test_an_unsent_delivery_is_sent_when_the_task_runs_again(run_on_commit):
    watcher = UserFactory()
    thread = make_quiet_thread(title="Interrupted fan-out resumes")
    thread_subscribe(user=watcher, thread=thread)
    post = reply(run_on_commit, thread, UserFactory())
    # As the worker leaves it when it dies before the mail server accepted the mail: nothing
    # is marked as e-mailed until then.
    EmailDelivery.objects.update(status="pending", sent_at=None)
    Notification.objects.update(emailed=False)
    Subscription.objects.update(emailed_since_visit=False)
    mail.outbox.clear()
    notify_reply.call(post.pk)
    assert [m.to for m in mail.outbox] == [[watcher.email]]


def test_members_who_chose_daily_or_never_get_no_immediate_mail(run_on_commit):
    daily, never = UserFactory(), UserFactory()
    Preferences.objects.create(user=daily, email_frequency="daily")
    Preferences.objects.create(user=never, email_frequency="never")
    thread = make_quiet_thread(title="Quiet members want less mail")
    thread_subscribe(user=daily, thread=thread)
    thread_subscribe(user=never, thread=thread)
    reply(run_on_commit, thread, UserFactory())
    assert not mail.outbox
    assert Notification.objects.count() == 2


def test_followers_of_a_tag_hear_of_new_questions(run_on_commit):
    follower, asker = UserFactory(), UserFactory()
    forum = ForumFactory()
    estimating = make_thread(title="Seed the estimating tag", tags=("Estimating",)).tags.get()
    TagFollow.objects.create(user=follower, tag=estimating)
    mail.outbox.clear()

    thread = run_on_commit(
        thread_create,
        author=asker,
        forum=forum,
        title="How do you size a discovery phase?",
        body="Details",
        tags=["estimating", "Risk"],
    )

    assert Notification.objects.get(recipient=follower).thread == thread
    assert [m.to for m in mail.outbox] == [[follower.email]]
    assert "Estimating" in subject_of(mail.outbox[0])


def test_tag_page_has_follow_button_that_works(member_client, member):
    """The tag page offers the watching menu; the old Follow address watches first posts."""
    make_thread(title="Tagged for the follow button", tags=("Budgeting",))
    html = member_client.get("/tags/budgeting/").content.decode()
    assert 'action="/tags/budgeting/watch/"' in html
    member_client.post("/tags/budgeting/follow/")
    assert TagFollow.objects.get(user=member, tag__slug="budgeting").level == "first_post"
    html = member_client.get("/tags/budgeting/").content.decode()
    assert "You are watching new questions in Budgeting." in html


# The worker


def test_reply_request_runs_the_same_queries_for_one_or_many_subscribers(
    member_client,
    database_task_queue,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    quiet = make_thread(title="A thread with one subscriber")
    busy = make_thread(title="A thread with thousands of them")
    thread_subscribe(user=UserFactory(), thread=quiet)
    users = User.objects.bulk_create(
        [User(username=f"sub{n}", email=f"sub{n}@example.com") for n in range(5000)]
    )
    Subscription.objects.bulk_create([Subscription(user=u, thread=busy) for u in users])

    counts = []
    for thread in (quiet, busy):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                member_client.post(f"/threads/{thread.pk}/reply/", {"body": f"Hi {thread.pk}"})
        counts.append(len(queries.captured_queries))
        assert callbacks
        # The posting limit would refuse a second reply within 15 seconds: date this one back.
        Post.objects.filter(body=f"Hi {thread.pk}").update(
            created_at=F("created_at") - timedelta(hours=1)
        )
    assert counts[0] == counts[1]
    assert not mail.outbox and not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_queued_replies(database_task_queue):
    watcher = UserFactory()
    thread = make_thread(title="The worker sends this mail")
    thread_subscribe(user=watcher, thread=thread)
    post = post_reply(author=UserFactory(), thread=thread, body="Queued for the worker")
    assert not mail.outbox

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    # The asker was subscribed when they asked.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([watcher.email, thread.author.email])
    assert Notification.objects.get(recipient=watcher).post == post


# Unsubscribe links


def test_unsubscribe_link_asks_first_and_post_unsubscribes_without_login(run_on_commit):
    watcher = UserFactory()
    thread = make_quiet_thread(title="Unsubscribe from the mail")
    thread_subscribe(user=watcher, thread=thread)
    reply(run_on_commit, thread, UserFactory())
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://127.0.0.1:8000")
    assert path in mail.outbox[0].body

    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(path)
    assert page.status_code == 200 and "Unsubscribe?" in page.content.decode()
    assert Subscription.objects.filter(user=watcher).exists()

    done = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You are unsubscribed" in done.content.decode()
    assert not Subscription.objects.filter(user=watcher).exists()
    assert anonymous.post(path).status_code == 200  # again: harmless


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ:1abc:xyz", "a" * 300])
def test_tampered_unsubscribe_token_gets_a_clear_page_and_changes_nothing(client, token):
    watcher = UserFactory()
    thread = make_thread(title="Tokens must be genuine")
    thread_subscribe(user=watcher, thread=thread)
    response = client.post(f"/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()
    assert Subscription.objects.filter(user=watcher).exists()


def test_expired_unsubscribe_token_is_refused(client, monkeypatch):
    from notifications import tokens

    thread = make_thread(title="Old links stop working")
    watcher = UserFactory()
    thread_subscribe(user=watcher, thread=thread)
    token = unsubscribe_token(user_id=watcher.pk, thread_id=thread.pk)
    monkeypatch.setattr(tokens, "MAX_AGE", -1)
    assert client.post(f"/unsubscribe/{token}/").status_code == 400
    assert Subscription.objects.filter(user=watcher).exists()


def test_a_token_only_unsubscribes_its_own_member(client):
    thread = make_quiet_thread(title="Only my own subscription")
    mine, theirs = UserFactory(), UserFactory()
    thread_subscribe(user=mine, thread=thread)
    thread_subscribe(user=theirs, thread=thread)
    client.post(f"/unsubscribe/{unsubscribe_token(user_id=mine.pk, thread_id=thread.pk)}/")
    assert list(Subscription.objects.values_list("user_id", flat=True)) == [theirs.pk]


def test_tag_and_all_mail_tokens(client):
    member = UserFactory()
    tag = make_thread(title="Tagged thread for a token", tags=("Risk",)).tags.get()
    TagFollow.objects.create(user=member, tag=tag)
    client.post(f"/unsubscribe/{unsubscribe_token(user_id=member.pk, tag_id=tag.pk)}/")
    assert not TagFollow.objects.exists()
    client.post(f"/unsubscribe/{unsubscribe_token(user_id=member.pk, all_mail=True)}/")
    assert Preferences.objects.get(user=member).email_frequency == "never"


# Digests


def test_daily_digest_gathers_what_no_mail_has_told(run_on_commit):
    immediate, daily, never = UserFactory(), UserFactory(), UserFactory()
    Preferences.objects.create(user=daily, email_frequency="daily")
    Preferences.objects.create(user=never, email_frequency="never")
    thread = make_quiet_thread(title="Digest material in this thread")
    for member in (immediate, daily, never):
        thread_subscribe(user=member, thread=thread)
    replier = UserFactory()
    for n in range(3):
        reply(run_on_commit, thread, replier, body=f"Digest reply {n}")
    assert [m.to for m in mail.outbox] == [[immediate.email]]
    mail.outbox.clear()

    call_command("send_digests", verbosity=0)

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {immediate.email, daily.email}
    assert by_recipient[daily.email].body.count("Digest reply") == 3
    assert by_recipient[immediate.email].body.count("Digest reply") == 2
    assert "List-Unsubscribe" in by_recipient[daily.email].extra_headers
    mail.outbox.clear()
    call_command("send_digests", verbosity=0)
    assert not mail.outbox  # nothing is sent twice


# In-app notices and the "new" marker


def test_unread_badge_list_and_mark_all_read(run_on_commit):
    watcher = UserFactory()
    thread = make_thread(title="Badges count unread notices")
    thread_subscribe(user=watcher, thread=thread)
    reply(run_on_commit, thread, UserFactory(display_name="Badge Maker"))
    client = Client()
    client.force_login(watcher)

    home = client.get("/").content.decode()
    assert 'class="badge badge--count">1<span class="visually-hidden"> unread</span>' in home
    listing = client.get("/notifications/").content.decode()
    assert "Badge Maker" in listing and "Badges count unread notices" in listing

    client.post("/notifications/read/")
    assert "badge--count" not in client.get("/").content.decode()


def test_opening_a_thread_jumps_to_the_first_unseen_reply_marked_new(run_on_commit):
    watcher = UserFactory()
    thread = make_thread(title="Jump to what is new here", replies=25)
    thread_subscribe(user=watcher, thread=thread)
    for n in range(2):
        reply(run_on_commit, thread, UserFactory(), body=f"Fresh reply {n}")
    client = Client()
    client.force_login(watcher)

    response = client.get(thread.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#new"
    html = client.get(thread.get_absolute_url(), {"page": 2}).content.decode()
    assert 'id="new"' in html and html.count("badge--new") == 2
    assert client.get(thread.get_absolute_url()).status_code == 200  # seen now: no jump
    assert not Notification.objects.filter(recipient=watcher, read_at__isnull=True).exists()


def test_subscriptions_page_lists_and_manages_everything(member_client, member):
    thread = make_thread(title="Listed on my subscriptions")
    thread_subscribe(user=member, thread=thread)
    html = member_client.get("/subscriptions/").content.decode()
    assert "Listed on my subscriptions" in html
    assert f'action="/threads/{thread.pk}/watch/"' in html
    assert '<option value="watching" selected>Watching</option>' in html

    member_client.post(
        "/subscriptions/",
        {"email_frequency": "daily", "subscribe_on_ask": "on"},
    )
    prefs = Preferences.objects.get(user=member)
    assert prefs.email_frequency == "daily" and prefs.subscribe_on_ask
    assert not prefs.subscribe_on_reply


def test_visitors_are_sent_to_log_in_for_member_pages(client):
    for path in ("/notifications/", "/subscriptions/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
