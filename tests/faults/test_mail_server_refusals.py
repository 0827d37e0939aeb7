"""A mail server that refuses everything for a while, then accepts; one address that bounces.

Real worker and scheduler processes on PostgreSQL, a real SMTP server on loopback."""

from __future__ import annotations

import pytest

from accounts.models import User
from forum.services import post_reply
from notifications.models import DeliveryStatus, EmailDelivery, Preferences, Subscription
from tests.factories import UserFactory, make_thread
from tests.faults.processes import background, wait_for, wait_until_beating
from tests.faults.smtp import NO_SUCH_USER
from tests.scaleout.servers import needs_postgres_and_redis

pytestmark = [
    *needs_postgres_and_redis("the fault tests run real processes on PostgreSQL and Redis"),
    pytest.mark.django_db(transaction=True),
]

REFUSING_SECONDS = 4
# Retries a second or two apart: 1+1+2+2+3 s outlast the refusing period.
RETRIES = {"DELIVERY_RETRY_DELAYS": "1,1,2,2,3", "DIGEST_HOUR": "24"}


def test_mail_refused_for_a_while_arrives_once_and_a_bouncing_address_stops_at_once(
    settings, mail_server
):
    thread = make_thread(title="Sent while the mail server is busy")  # the asker subscribed
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    members = User.objects.bulk_create(
        [User(username=f"busy{n}", email=f"busy{n}@example.com", password="!") for n in range(40)]
    )
    Subscription.objects.bulk_create([Subscription(user=m, thread=thread) for m in members])
    gone = members[0]
    mail_server.bouncing.add(gone.email)
    expected = set(
        Subscription.objects.filter(thread=thread)
        .exclude(user=gone)
        .values_list("user__email", flat=True)
    )
    with background(mail_server, "worker", "scheduler", **RETRIES) as running:
        wait_until_beating(running)
        mail_server.refuse_for(REFUSING_SECONDS)

        def logs() -> str:
            return running["worker"].log() + running["scheduler"].log()

        post = post_reply(author=UserFactory(), thread=thread, body="Busy server reply")
        wait_for(lambda: set(mail_server.counts()) == expected, 120, "every mail", logs)
        wait_for(
            lambda: not EmailDelivery.objects.filter(status=DeliveryStatus.PENDING).exists(),
            30,
            "no delivery left pending",
            logs,
        )

    assert mail_server.counts() == dict.fromkeys(expected, 1)
    # Every "try again later" was one attempt of a mail that went out on a later one.
    sent = EmailDelivery.objects.filter(post=post, status=DeliveryStatus.SENT)
    retries = sum(attempts - 1 for attempts in sent.values_list("attempts", flat=True))
    assert retries == mail_server.refused - 1 > 0  # the one 550 aside
    bounced = EmailDelivery.objects.get(post=post, recipient=gone)
    assert bounced.status == DeliveryStatus.FAILED and bounced.attempts == 1
    assert bounced.last_error == NO_SUCH_USER
    assert Preferences.objects.get(user=gone).bounced_address == gone.email
