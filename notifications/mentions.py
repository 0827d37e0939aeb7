"""Telling members that a post mentions them: a notice, and an e-mail if they want one.

Runs in the worker after the post (or its edit) is committed (forum/mentions.py queues it).
Who was told is kept per post (forum.PostMention), so a retried task or a later edit tells no
one twice and an edit that adds a mention tells only the newly mentioned. Mails go through the
same delivery rows and sender as reply mails (notifications/delivery.py).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from forum.markup import MENTION_LOOKUP_MAX, mention_names
from forum.models import Post, PostMention
from notifications.delivery import deliveries_send, live_post
from notifications.models import (
    DeliveryKind,
    DeliveryStatus,
    EmailDelivery,
    Notification,
    NotificationKind,
)
from notifications.watching import silenced_members

# Members told about one post, in all its versions: more names are linked but not told, so a
# post cannot be used to send mail to a crowd.
MENTIONS_NOTIFIED_MAX = 10


def mentions_posted(post_id: int) -> None:
    """Called after the post's (or the edit's) transaction commits."""
    notify_mentions.enqueue(post_id)


@task()
def notify_mentions(post_id: int) -> int:
    """Tell the members the post mentions, outside quotes and code, who have not been told yet.

    Returns the number of mails the mail server accepted."""
    post = live_post(post_id)
    if post is None:
        return 0  # hidden, deleted, or in a hidden thread: nobody else can read it
    names = mention_names(post.body, outside_quotes=True)
    if not names:
        return 0
    if not _record_mentions(post, names):
        return 0
    return deliveries_send(post_id=post.pk, kind=DeliveryKind.MENTION)


@transaction.atomic
def _record_mentions(post: Post, names: list[str]) -> list[int]:
    """Record, notice and queue the mail of each member newly told; returns their ids."""
    # One task at a time per post (an edit soon after posting), so the cap holds.
    Post.objects.select_for_update().filter(pk=post.pk).values_list("pk").first()
    told = set(PostMention.objects.filter(post=post).values_list("member_id", flat=True))
    room = MENTIONS_NOTIFIED_MAX - len(told)
    if room <= 0:
        return []
    now = timezone.now()
    found = {
        username: (pk, wants_mail)
        for pk, username, wants_mail in _reachable_members(names, now)
        .exclude(pk__in=told)
        # A member who mutes the thread (or a tag of it) hears nothing from it, mentions included.
        .exclude(silenced_members(post.thread_id))
        .exclude(pk=post.author_id)
        .values_list("pk", "username", "notification_preferences__email_mentions")
    }
    # In the order the text names them, so the first ten named are the ten told.
    newly = [found[name] for name in names if name in found][:room]
    if not newly:
        return []
    ids = [pk for pk, _ in newly]
    PostMention.objects.bulk_create(
        [PostMention(post=post, member_id=pk, created_at=now) for pk in ids]
    )
    # A member may already hold a notice about this post (a reply in a thread they follow, a
    # question with their tag): it becomes the mention, unread again, with its mail owed.
    Notification.objects.filter(post=post, recipient_id__in=ids).update(
        kind=NotificationKind.MENTION, read_at=None, emailed=False, created_at=now
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                post=post,
                thread_id=post.thread_id,
                kind=NotificationKind.MENTION,
                created_at=now,
            )
            for pk in ids
        ],
        ignore_conflicts=True,
    )
    # No preferences row means the defaults, which mail mentions.
    mailed = [pk for pk, wants_mail in newly if wants_mail is not False]
    # The mention mail says all a reply or question mail would about this post: one mail.
    EmailDelivery.objects.filter(
        post=post, recipient_id__in=mailed, status=DeliveryStatus.PENDING
    ).exclude(kind=DeliveryKind.MENTION).update(status=DeliveryStatus.SKIPPED)
    EmailDelivery.objects.bulk_create(
        [EmailDelivery(recipient_id=pk, post=post, kind=DeliveryKind.MENTION) for pk in mailed],
        ignore_conflicts=True,
    )
    return ids


def _reachable_members(names: list[str], now):
    """Members who can be told: active accounts, not suspended."""
    return User.objects.filter(username__in=names[:MENTION_LOOKUP_MAX], is_active=True).filter(
        Q(suspended_until__isnull=True) | Q(suspended_until__lte=now)
    )
