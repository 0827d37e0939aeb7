"""A worker killed (SIGKILL) during the fan-out of a reply to 2,000 subscribers loses no mail.

Real processes on PostgreSQL: `manage.py db_worker` and `manage.py run_scheduler`, a real SMTP
server on loopback that counts what it accepts. The worker is killed early, in the middle and
late in the fan-out, and started again each time; the sweep and the task recovery finish the
work without anyone's help."""

from __future__ import annotations

import pytest

from accounts.models import User
from forum.services import post_reply
from notifications.models import DeliveryStatus, EmailDelivery, Notification, Subscription
from tests.factories import UserFactory, make_thread
from tests.faults.processes import background, wait_for, wait_until_beating
from tests.scaleout.servers import needs_postgres_and_redis

pytestmark = [
    *needs_postgres_and_redis("the fault tests run real processes on PostgreSQL and Redis"),
    pytest.mark.django_db(transaction=True),
]

SUBSCRIBERS = 2000
KILL_AT = (0.05, 0.5, 0.9)  # shares of the mails accepted when the worker is killed
# No digest while the test runs: it would mail the same members about the same reply.
NO_DIGEST = {"DIGEST_HOUR": "24"}


def subscribed_thread(count: int):
    thread = make_thread(title="A thread two thousand members follow")
    users = User.objects.bulk_create(
        [User(username=f"fan{n}", email=f"fan{n}@example.com", password="!") for n in range(count)]
    )
    Subscription.objects.bulk_create([Subscription(user=user, thread=thread) for user in users])
    # The asker follows their own thread too.
    return thread, set(
        Subscription.objects.filter(thread=thread).values_list("user__email", flat=True)
    )


def test_a_worker_killed_three_times_in_a_fan_out_loses_no_mail(settings, mail_server):
    thread, addresses = subscribed_thread(SUBSCRIBERS)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with background(mail_server, "worker", "scheduler", **NO_DIGEST) as running:
        worker = running["worker"]

        def logs() -> str:
            return worker.log() + running["scheduler"].log()

        wait_until_beating(running)
        post = post_reply(author=UserFactory(), thread=thread, body="News for two thousand")
        killed_at = []
        for share in KILL_AT:
            wait_for(
                lambda share=share: mail_server.total() >= share * len(addresses),
                240,
                f"{share:.0%} of the mails",
                logs,
            )
            worker.kill()
            killed_at.append(mail_server.total())
            worker.start()
        wait_for(lambda: len(mail_server.counts()) == len(addresses), 300, "every mail", logs)
        wait_for(
            lambda: not EmailDelivery.objects.filter(status=DeliveryStatus.PENDING).exists(),
            60,
            "no delivery left pending",
            logs,
        )

    counts = mail_server.counts()
    assert set(counts) == addresses
    assert len(addresses) > SUBSCRIBERS
    assert killed_at[0] < SUBSCRIBERS * 0.5 < killed_at[1] < SUBSCRIBERS * 0.9 < killed_at[2]
    duplicated = sum(count - 1 for count in counts.values())
    assert max(counts.values()) <= 2 and duplicated <= len(KILL_AT), counts.most_common(5)
    sent = EmailDelivery.objects.filter(post=post, status=DeliveryStatus.SENT)
    assert sent.count() == len(addresses)
    assert Notification.objects.filter(post=post, emailed=True).count() == len(addresses)
