"""Background work: fan a new post out to subscribers as notices and e-mail; digests; sweeps.

The request that posts only enqueues one of these; everything proportional to the number of
subscribers happens here, in the worker. Each step is safe to repeat: a retried task adds no
second notice and no second delivery row. Mails are sent by notifications/delivery.py, which
marks what a mail told only once the mail server accepted it; the sweep sends what a dead
worker or a refusing server left.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from forum.models import Post, TaggedThread
from forum.outcome_reminders import outcome_reminder_schedule
from notifications.delivery import deliveries_send, live_post
from notifications.digest import digest_days, digest_record, pending_digest_recipients
from notifications.models import (
    DeliveryKind,
    DeliveryStatus,
    EmailDelivery,
    EmailFrequency,
    Notification,
    NotificationKind,
    Subscription,
    TagFollow,
)

logger = logging.getLogger(__name__)
BATCH = 1000


def reply_posted(post_id: int) -> None:
    """Called after the reply's transaction commits."""
    notify_reply.enqueue(post_id)


def question_posted(post_id: int) -> None:
    notify_new_question.enqueue(post_id)


@task()
def notify_reply(post_id: int) -> int:
    """Notify every other subscriber of a reply (or of the thread's outcome) and e-mail those
    who want it now. Returns the number of mails the mail server accepted."""
    post = live_post(post_id)
    if post is None:
        return 0
    # The question's first answer starts the wait for its asker's outcome (one row, once).
    outcome_reminder_schedule(reply=post)
    subscribers = (
        Subscription.objects.filter(thread_id=post.thread_id, user__is_active=True)
        .exclude(user_id=post.author_id)
        .values_list(
            "user_id",
            "email",
            "emailed_since_visit",
            "user__email",
            "user__notification_preferences__email_frequency",
        )
    )
    rows = list(subscribers.iterator(chunk_size=5000))
    kind = NotificationKind.OUTCOME if post.is_outcome else NotificationKind.REPLY
    _add_notices(post, [row[0] for row in rows], kind)
    # A member whose mail about an earlier reply is still waiting gets that one only.
    waiting = set(
        EmailDelivery.objects.filter(
            kind=DeliveryKind.REPLY, status=DeliveryStatus.PENDING, post__thread_id=post.thread_id
        )
        .exclude(post=post)
        .values_list("recipient_id", flat=True)
    )
    wants_mail_now = [
        row[0]
        for row in rows
        if row[1]
        and not row[2]
        and row[3]
        and (row[4] or EmailFrequency.IMMEDIATE) == EmailFrequency.IMMEDIATE
        and row[0] not in waiting
    ]
    _record_deliveries(post, wants_mail_now, DeliveryKind.REPLY)
    return deliveries_send(post_id=post.pk)


@task()
def notify_new_question(post_id: int) -> int:
    """Tell members who follow one of the question's tags."""
    post = live_post(post_id)
    if post is None or not post.is_question:
        return 0
    links = TaggedThread.objects.filter(content_object_id=post.thread_id).select_related("tag")
    tags = {link.tag_id: link.tag.name for link in links}
    followers: dict[int, int] = {}
    for user_id, tag_id in (
        TagFollow.objects.filter(tag_id__in=tags, user__is_active=True)
        .exclude(user_id=post.author_id)
        .values_list("user_id", "tag_id")
    ):
        followers.setdefault(user_id, tag_id)
    _add_notices(post, list(followers), NotificationKind.NEW_QUESTION)
    mail_now = set(
        User.objects.filter(pk__in=list(followers))
        .exclude(email="")
        .filter(
            Q(notification_preferences__isnull=True)
            | Q(notification_preferences__email_frequency=EmailFrequency.IMMEDIATE)
        )
        .values_list("pk", flat=True)
    )
    _record_deliveries(post, sorted(mail_now), DeliveryKind.QUESTION)
    return deliveries_send(post_id=post.pk)


def _add_notices(post: Post, user_ids: list[int], kind: str) -> None:
    now = timezone.now()
    for start in range(0, len(user_ids), BATCH):
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=user_id,
                    post=post,
                    thread_id=post.thread_id,
                    kind=kind,
                    created_at=now,
                )
                for user_id in user_ids[start : start + BATCH]
            ],
            ignore_conflicts=True,
        )


def _record_deliveries(post: Post, user_ids: list[int], kind: str) -> None:
    """The mails to send, as rows first: a worker killed after this loses none of them."""
    for start in range(0, len(user_ids), BATCH):
        EmailDelivery.objects.bulk_create(
            [
                EmailDelivery(recipient_id=user_id, post=post, kind=kind)
                for user_id in user_ids[start : start + BATCH]
            ],
            ignore_conflicts=True,
        )


@task()
def deliveries_sweep() -> int:
    """Send what is due: retries whose time has come, and mails whose sender died (its lease
    ended). Enqueued by the scheduler every DELIVERY_SWEEP_SECONDS."""
    return deliveries_send()


@task()
def digests_enqueue(since: str, until: str) -> int:
    """One digest task per member with unmailed notices whose DIGEST_HOUR, in their own time
    zone, falls in the window (since, until] (notifications/digest.py); returns how many were
    queued. Run again for the same window, it queues only those not yet recorded."""
    queued = 0
    days = digest_days(datetime.fromisoformat(since), datetime.fromisoformat(until))
    for day, zones in sorted(days.items()):
        user_ids = list(pending_digest_recipients(day, zones=zones).values_list("pk", flat=True))
        for user_id in user_ids:
            digest_send.enqueue(user_id, day.isoformat())
        queued += len(user_ids)
    return queued


@task()
def digest_send(user_id: int, day: str) -> int:
    """The member's digest of `day`: one a day, however often this runs."""
    digest_record(user_id=user_id, day=date.fromisoformat(day))
    return deliveries_send(
        recipient_id=user_id, kind=DeliveryKind.DIGEST, digest_day=date.fromisoformat(day)
    )
