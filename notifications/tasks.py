"""Background work: fan a new post out to subscribers as notices and e-mail.

The request that posts only enqueues one of these; everything proportional to the number of
subscribers happens here, in the worker. Each step is safe to repeat: a retried task adds no
second notice and sends no second e-mail.
"""

from __future__ import annotations

import logging

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from forum.models import Post, TaggedThread
from notifications import mail
from notifications.models import (
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


def _live_post(post_id: int) -> Post | None:
    """The post, if everyone may still see it; hidden or deleted content notifies no one."""
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None or not post.is_visible or post.thread.is_hidden:
        return None
    return post


@task()
def notify_reply(post_id: int) -> int:
    """Notify every other subscriber of a reply and e-mail those who want it now.

    Returns the number of mails sent."""
    post = _live_post(post_id)
    if post is None:
        return 0
    subscribers = (
        Subscription.objects.filter(thread_id=post.thread_id, user__is_active=True)
        .exclude(user_id=post.author_id)
        .values_list(
            "pk",
            "user_id",
            "email",
            "emailed_since_visit",
            "user__email",
            "user__notification_preferences__email_frequency",
        )
    )
    rows = list(subscribers.iterator(chunk_size=5000))
    _add_notices(post, [row[1] for row in rows], NotificationKind.REPLY)
    wants_mail_now = [
        row
        for row in rows
        if row[2]
        and not row[3]
        and row[4]
        and (row[5] or EmailFrequency.IMMEDIATE) == EmailFrequency.IMMEDIATE
    ]
    with transaction.atomic():
        _record_deliveries(post, [row[1] for row in wants_mail_now])
        # Held until the member visits the thread: later replies wait for the digest.
        for start in range(0, len(wants_mail_now), BATCH):
            chunk = [row[0] for row in wants_mail_now[start : start + BATCH]]
            Subscription.objects.filter(pk__in=chunk).update(emailed_since_visit=True)
    return _send_deliveries(
        post, lambda user: mail.reply_message(recipient=user, post=post, thread=post.thread)
    )


@task()
def notify_new_question(post_id: int) -> int:
    """Tell members who follow one of the question's tags."""
    post = _live_post(post_id)
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
    _record_deliveries(post, sorted(mail_now))
    return _send_deliveries(
        post,
        lambda user: mail.new_question_message(
            recipient=user,
            post=post,
            thread=post.thread,
            tag_id=followers[user.pk],
            tag_name=tags[followers[user.pk]],
        ),
    )


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


def _record_deliveries(post: Post, user_ids: list[int]) -> None:
    for start in range(0, len(user_ids), BATCH):
        chunk = user_ids[start : start + BATCH]
        EmailDelivery.objects.bulk_create(
            [EmailDelivery(recipient_id=user_id, post=post) for user_id in chunk],
            ignore_conflicts=True,
        )
        Notification.objects.filter(post=post, recipient_id__in=chunk).update(emailed=True)


def _send_deliveries(post: Post, build) -> int:
    """Send every unsent mail for this post, marking each as sent the moment it goes."""
    sent = 0
    pending = EmailDelivery.objects.filter(post=post, sent_at__isnull=True).select_related(
        "recipient"
    )
    with get_connection() as connection:
        for delivery in pending.iterator(chunk_size=500):
            message = build(delivery.recipient)
            message.connection = connection
            try:
                message.send()
            except Exception:
                logger.exception(
                    "Mail to member %s about post %s failed", delivery.recipient_id, post.pk
                )
                continue  # left unsent: the next run of the task tries again
            EmailDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
            sent += 1
    return sent
