"""Delivery of notification mail: done only when the mail server accepted it; retries with
back-off, bounces, one connection per batch, leases a dead sender lets go, daily digests.

A real SMTP server on loopback (tests/faults/smtp.py) answers as mail servers do."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from notifications.delivery import _claim, deliveries_send
from notifications.models import (
    DeliveryStatus,
    EmailDelivery,
    Notification,
    Preferences,
    Subscription,
)
from notifications.services import thread_subscribe
from notifications.tasks import deliveries_sweep, digest_send
from tests.factories import UserFactory, make_quiet_thread, make_thread
from tests.faults.smtp import NO_SUCH_USER, TRY_LATER

pytestmark = pytest.mark.django_db

DELAYS = [60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600]


@pytest.fixture
def reply_by_url(django_capture_on_commit_callbacks):
    """A member replies through the reply form; the fan-out task runs after the commit."""

    def reply(author, thread, body="A reply worth a mail"):
        client = Client()
        client.force_login(author)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/threads/{thread.pk}/reply/", {"body": body})
        assert response.status_code == 302, response.content.decode()[:500]

    return reply


def as_if_time_passed(delivery: EmailDelivery) -> None:
    """The retry is due now: what the clock would do after the delay."""
    EmailDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_a_refused_mail_is_retried_after_each_delay_then_given_up_and_shown_in_the_admin(
    smtp_settings, reply_by_url, admin_client
):
    smtp_settings.refuse_for(3600)
    watcher = UserFactory()
    # The asker chose not to be subscribed: only the test's subscribers get mail.
    thread = make_quiet_thread(title="A mail server that says later")
    thread_subscribe(user=watcher, thread=thread)

    reply_by_url(UserFactory(), thread)

    delivery = EmailDelivery.objects.get(recipient=watcher)
    for attempt, delay in enumerate(DELAYS, start=1):
        assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == attempt
        assert delivery.last_error == TRY_LATER
        wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
        assert delay - 30 < wait <= delay
        assert deliveries_sweep.call() == 0  # not due yet: nothing is tried
        as_if_time_passed(delivery)
        deliveries_sweep.call()
        delivery.refresh_from_db()

    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == len(DELAYS) + 1
    assert smtp_settings.refused == len(DELAYS) + 1 and smtp_settings.total() == 0
    # Nothing told the member: the notice waits for the digest, the thread is not on hold.
    assert not Notification.objects.get(recipient=watcher).emailed
    assert not Subscription.objects.get(user=watcher, thread=thread).emailed_since_visit
    page = admin_client.get("/admin/notifications/emaildelivery/", {"status__exact": "failed"})
    html = page.content.decode()
    assert page.status_code == 200 and "Given up" in html and TRY_LATER in html


def test_a_mail_refused_for_a_while_arrives_once_when_the_server_accepts_again(
    smtp_settings, reply_by_url
):
    smtp_settings.refuse_for(3600)
    watchers = UserFactory.create_batch(3)
    # The asker chose not to be subscribed: only the test's subscribers get mail.
    thread = make_quiet_thread(title="Accepted on the second try")
    for watcher in watchers:
        thread_subscribe(user=watcher, thread=thread)

    reply_by_url(UserFactory(), thread)
    assert not Notification.objects.filter(emailed=True).exists()
    assert not Subscription.objects.filter(emailed_since_visit=True).exists()

    smtp_settings.refuse_for(0)
    EmailDelivery.objects.update(next_attempt_at=timezone.now())
    assert deliveries_sweep.call() == 3
    assert deliveries_sweep.call() == 0

    assert smtp_settings.counts() == {watcher.email: 1 for watcher in watchers}
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert Notification.objects.filter(emailed=True).count() == 3
    assert Subscription.objects.filter(emailed_since_visit=True).count() == 3


def test_a_permanent_refusal_stops_at_once_and_the_member_is_told_on_the_settings_page(
    smtp_settings, reply_by_url
):
    bouncing, fine = UserFactory(), UserFactory()
    smtp_settings.bouncing.add(bouncing.email)
    # The asker chose not to be subscribed: only the test's subscribers get mail.
    thread = make_quiet_thread(title="One address no longer exists")
    thread_subscribe(user=bouncing, thread=thread)
    thread_subscribe(user=fine, thread=thread)

    reply_by_url(UserFactory(), thread)

    delivery = EmailDelivery.objects.get(recipient=bouncing)
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert delivery.last_error == NO_SUCH_USER
    assert smtp_settings.counts() == {fine.email: 1}
    prefs = Preferences.objects.get(user=bouncing)
    assert prefs.bounced_address == bouncing.email and prefs.bounce_reason == NO_SUCH_USER

    client = Client()
    client.force_login(bouncing)
    html = client.get("/subscriptions/").content.decode()
    assert f"Your e-mail address {bouncing.email} refuses our mail." in html
    assert "550 5.1.1 No such user here" in html
    # Also where the address is changed.
    assert "refuses our mail" in client.get("/accounts/email/").content.decode()
    client.force_login(fine)
    assert "refuses our mail" not in client.get("/subscriptions/").content.decode()
    assert "refuses our mail" not in client.get("/accounts/email/").content.decode()

    # Their mail server takes mail again: the next accepted mail clears the warning.
    smtp_settings.bouncing.clear()
    Subscription.objects.update(emailed_since_visit=False)
    reply_by_url(UserFactory(), thread, body="A second reply, accepted")
    client.force_login(bouncing)
    assert "refuses our mail" not in client.get("/subscriptions/").content.decode()


def test_the_bounce_notice_is_only_for_the_address_that_bounced(client):
    member = UserFactory()
    Preferences.objects.create(
        user=member,
        bounced_address="old@example.com",
        bounced_at=timezone.now(),
        bounce_reason=NO_SUCH_USER,
    )
    client.force_login(member)
    assert "refuses our mail" not in client.get("/subscriptions/").content.decode()


def test_a_batch_goes_over_one_connection_and_nothing_is_written_when_nothing_is_sent(
    settings, tmp_path, reply_by_url
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    asker = UserFactory()
    Preferences.objects.create(user=asker, subscribe_on_ask=False)
    thread = make_thread(title="Nobody wants mail about this", author=asker)
    quiet = UserFactory()
    Preferences.objects.create(user=quiet, email_frequency="never")
    thread_subscribe(user=quiet, thread=thread)

    reply_by_url(UserFactory(), thread)
    deliveries_sweep.call()
    assert list(tmp_path.iterdir()) == []  # no empty file for a task that sent nothing

    watchers = UserFactory.create_batch(3)
    for watcher in watchers:
        thread_subscribe(user=watcher, thread=thread)
    reply_by_url(UserFactory(), thread, body="Now three members want mail")
    [written] = list(tmp_path.iterdir())  # one connection, so one file
    content = written.read_text()
    assert all(f"To: {watcher.email}" in content for watcher in watchers)


def test_mail_a_dead_sender_held_goes_out_once_its_lease_ends(run_on_commit, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    watchers = UserFactory.create_batch(4)
    # The asker chose not to be subscribed: only the test's subscribers get mail.
    thread = make_quiet_thread(title="The worker died holding these")
    for watcher in watchers:
        thread_subscribe(user=watcher, thread=thread)
    from forum.services import post_reply
    from notifications.tasks import notify_reply

    post = run_on_commit(post_reply, author=UserFactory(), thread=thread, body="Reply")
    EmailDelivery.objects.bulk_create(
        [EmailDelivery(recipient=watcher, post=post) for watcher in watchers]
    )
    Notification.objects.bulk_create(
        [Notification(recipient=w, post=post, thread=thread, kind="reply") for w in watchers]
    )
    _claim({})  # a sender claimed them all, then was killed before sending any

    assert deliveries_send() == 0  # its lease holds
    assert not mail.outbox
    EmailDelivery.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert deliveries_sweep.call() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(w.email for w in watchers)
    notify_reply.call(post.pk)  # the fan-out task, run again, sends nothing twice
    assert len(mail.outbox) == 4


def test_the_daily_digest_is_one_mail_a_day_however_often_it_runs(reply_by_url):
    daily = UserFactory()
    Preferences.objects.create(user=daily, email_frequency="daily")
    # The asker chose not to be subscribed: only the test's subscribers get mail.
    thread = make_quiet_thread(title="Digest once a day please")
    thread_subscribe(user=daily, thread=thread)
    reply_by_url(UserFactory(), thread)
    today = timezone.localdate()
    mail.outbox.clear()

    assert digest_send.call(daily.pk, today.isoformat()) == 1
    reply_by_url(UserFactory(), thread, body="Later the same day")
    assert digest_send.call(daily.pk, today.isoformat()) == 0
    digests = [m for m in mail.outbox if m.to == [daily.email]]
    assert len(digests) == 1

    assert digest_send.call(daily.pk, (today + timedelta(days=1)).isoformat()) == 1
    digests = [m for m in mail.outbox if m.to == [daily.email]]
    assert len(digests) == 2 and "Later the same day" in digests[-1].body
    assert Notification.objects.filter(recipient=daily, emailed=False).count() == 0
