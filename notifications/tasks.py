"""Background work: fan a new post out to subscribers as notices and e-mail; digests; sweeps.

The request that posts only enqueues one of these; everything proportional to the number of
subscribers happens here, in the worker. Each step is safe to repeat: a retried task adds no
second notice and no second delivery row. Mails are sent by notifications/delivery.py, which
marks what a mail told only once the mail server accepted it; the sweep sends what a dead
worker or a refusing server left.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from forum.models import Post
from forum.outcome_reminders import outcome_reminder_schedule
from notifications.delivery import deliveries_send, live_post
from notifications.digest import digest_days, digest_record, pending_digest_recipients
from notifications.models import (
    TAG_QUESTION_LEVELS,
    DeliveryKind,
    DeliveryStatus,
    EmailDelivery,
    EmailFrequency,
    Notification,
    NotificationKind,
    Subscription,
    TagWatchLevel,
    WatchLevel,
)
from notifications.watching import replied_to_members, tag_levels_of_thread

logger = logging.getLogger(__name__)
BATCH = 1000


def reply_posted(post_id: int) -> None:
    """Called after the reply's transaction commits."""
    notify_reply.enqueue(post_id)


def question_posted(post_id: int) -> None:
    notify_new_question.enqueue(post_id)


@task()
def notify_reply(post_id: int) -> int:
    """Tell the members who hear of this reply (or of the thread's outcome), as their watching
    levels say (notifications/watching.py), and e-mail those who want it now. Returns the
    number of mails the mail server accepted."""
    post = live_post(post_id)
    if post is None:
        return 0
    # The question's first answer starts the wait for its asker's outcome (one row, once).
    outcome_reminder_schedule(reply=post)
    audience = _reply_audience(post)
    kind = NotificationKind.OUTCOME if post.is_outcome else NotificationKind.REPLY
    _add_notices(post, audience.quoted, NotificationKind.QUOTE)
    _add_notices(post, audience.quoted_in_site, NotificationKind.QUOTE, emailed=True)
    _add_notices(post, audience.watching, kind)
    _add_notices(post, audience.tracking, kind, emailed=True)
    # A member whose mail about an earlier reply is still waiting gets that one only.
    waiting = set(
        EmailDelivery.objects.filter(
            kind=DeliveryKind.REPLY, status=DeliveryStatus.PENDING, post__thread_id=post.thread_id
        )
        .exclude(post=post)
        .values_list("recipient_id", flat=True)
    )
    _record_deliveries(post, sorted(audience.mail_quote), DeliveryKind.QUOTE)
    _record_deliveries(post, sorted(set(audience.mail_reply) - waiting), DeliveryKind.REPLY)
    return deliveries_send(post_id=post.pk)


@dataclass
class _Audience:
    """Who hears of one reply, and how (member ids)."""

    quoted: list[int] = field(default_factory=list)  # replied to: a notice that may be mailed
    quoted_in_site: list[int] = field(default_factory=list)  # replied to, tracking: no mail
    watching: list[int] = field(default_factory=list)
    tracking: list[int] = field(default_factory=list)
    mail_quote: list[int] = field(default_factory=list)
    mail_reply: list[int] = field(default_factory=list)


def _mail_now(email: str, frequency: str | None) -> bool:
    return bool(email) and (frequency or EmailFrequency.IMMEDIATE) == EmailFrequency.IMMEDIATE


def _reply_audience(post: Post) -> _Audience:
    """The thread's own rows first; then the watchers of its tags; then whoever the reply
    quotes. Members who mute the thread, or mute a tag of it without following the thread,
    hear nothing."""
    audience = _Audience()
    thread_rows = (
        Subscription.objects.filter(thread_id=post.thread_id, user__is_active=True)
        .exclude(user_id=post.author_id)
        .values_list(
            "user_id",
            "level",
            "emailed_since_visit",
            "user__email",
            "user__notification_preferences__email_frequency",
        )
    )
    levels: dict[int, str] = {}
    mail: dict[int, tuple[str, str | None, bool]] = {}
    for user_id, level, held, email, frequency in thread_rows.iterator(chunk_size=5000):
        levels[user_id] = level
        mail[user_id] = (email, frequency, held)
    tag_levels = tag_levels_of_thread(post.thread_id, exclude_user_id=post.author_id)
    from_tags = [pk for pk, level in tag_levels.items() if pk not in levels]
    for user_id in from_tags:
        levels[user_id] = (
            WatchLevel.MUTED
            if tag_levels[user_id] == TagWatchLevel.MUTED
            else WatchLevel.WATCHING
            if tag_levels[user_id] == TagWatchLevel.WATCHING
            else WatchLevel.NORMAL
        )
    quoted = set(
        replied_to_members(post).filter(author__is_active=True).values_list("author_id", flat=True)
    )
    unknown = [pk for pk in {*from_tags, *quoted} if pk not in mail]
    for user_id, email, frequency in User.objects.filter(pk__in=unknown).values_list(
        "pk", "email", "notification_preferences__email_frequency"
    ):
        # Held: mailed about this thread already and not back since (no thread row to say it).
        mail[user_id] = (email, frequency, False)
    if any(levels.get(pk) == WatchLevel.WATCHING for pk in from_tags):
        held = set(
            Notification.objects.filter(
                recipient_id__in=from_tags,
                thread_id=post.thread_id,
                read_at__isnull=True,
                kind__in=(NotificationKind.REPLY, NotificationKind.OUTCOME),
                emailed=True,
            ).values_list("recipient_id", flat=True)
        )
        for user_id in held:
            email, frequency, _ = mail[user_id]
            mail[user_id] = (email, frequency, True)
    for user_id in sorted({*levels, *quoted}):
        level = levels.get(user_id, WatchLevel.NORMAL)
        if level == WatchLevel.MUTED:
            continue
        email, frequency, held = mail[user_id]
        if user_id in quoted:
            if level == WatchLevel.TRACKING:
                audience.quoted_in_site.append(user_id)
            else:
                audience.quoted.append(user_id)
                if _mail_now(email, frequency):
                    audience.mail_quote.append(user_id)
        elif level == WatchLevel.WATCHING:
            audience.watching.append(user_id)
            if _mail_now(email, frequency) and not held:
                audience.mail_reply.append(user_id)
        elif level == WatchLevel.TRACKING:
            audience.tracking.append(user_id)
    return audience


@task()
def notify_new_question(post_id: int) -> int:
    """Tell the members who watch one of the question's tags (first posts, or everything),
    unless they mute another of its tags."""
    post = live_post(post_id)
    if post is None or not post.is_question:
        return 0
    tag_levels = tag_levels_of_thread(post.thread_id, exclude_user_id=post.author_id)
    followers = sorted(pk for pk, level in tag_levels.items() if level in TAG_QUESTION_LEVELS)
    _add_notices(post, followers, NotificationKind.NEW_QUESTION)
    mail_now = set(
        User.objects.filter(pk__in=followers)
        .exclude(email="")
        .filter(
            Q(notification_preferences__isnull=True)
            | Q(notification_preferences__email_frequency=EmailFrequency.IMMEDIATE)
        )
        .values_list("pk", flat=True)
    )
    _record_deliveries(post, sorted(mail_now), DeliveryKind.QUESTION)
    return deliveries_send(post_id=post.pk)


def _add_notices(post: Post, user_ids: list[int], kind: str, *, emailed: bool = False) -> None:
    """`emailed`: no mail is owed for these notices (tracked threads), so no digest lists them."""
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
                    emailed=emailed,
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
