"""Subscriptions, follows, preferences and reading notices: the member-facing writes."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import User
from forum.models import Tag, Thread
from notifications.models import Notification, Preferences, Subscription, TagFollow

UNREAD_CACHE_SECONDS = 300


def preferences_for(user: User) -> Preferences:
    """The member's preferences, or the defaults when they never changed them."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


@transaction.atomic
def thread_subscribe(*, user: User, thread: Thread, seen_number: int | None = None) -> Subscription:
    """Subscribe (harmless when already subscribed). New subscribers have seen what exists."""
    seen = thread.last_number if seen_number is None else seen_number
    subscription, created = Subscription.objects.get_or_create(
        user=user, thread=thread, defaults={"last_seen_number": seen}
    )
    if created:
        Thread.objects.filter(pk=thread.pk).update(subscriber_count=F("subscriber_count") + 1)
    elif subscription.last_seen_number < seen:
        Subscription.objects.filter(pk=subscription.pk).update(
            last_seen_number=Greatest("last_seen_number", seen)
        )
    return subscription


@transaction.atomic
def thread_unsubscribe(*, user_id: int, thread_id: int) -> bool:
    removed, _ = Subscription.objects.filter(user_id=user_id, thread_id=thread_id).delete()
    if removed:
        # Never below zero, should a subscription ever have been stored without the services.
        Thread.objects.filter(pk=thread_id).update(
            subscriber_count=Greatest(F("subscriber_count") - 1, 0)
        )
    return bool(removed)


def tag_follow(*, user: User, tag: Tag) -> None:
    TagFollow.objects.get_or_create(user=user, tag=tag)


def tag_unfollow(*, user_id: int, tag_id: int) -> bool:
    removed, _ = TagFollow.objects.filter(user_id=user_id, tag_id=tag_id).delete()
    return bool(removed)


@transaction.atomic
def thread_visited(*, subscription: Subscription, shown_up_to: int) -> None:
    """The member has now seen posts up to `shown_up_to`: clear "new", notices and the mail hold."""
    if shown_up_to > subscription.last_seen_number or subscription.emailed_since_visit:
        Subscription.objects.filter(pk=subscription.pk).update(
            last_seen_number=Greatest("last_seen_number", shown_up_to),
            emailed_since_visit=False,
        )
    marked = Notification.objects.filter(
        recipient_id=subscription.user_id,
        thread_id=subscription.thread_id,
        read_at__isnull=True,
        post__number__lte=shown_up_to,
    ).update(read_at=timezone.now())
    if marked:
        unread_changed([subscription.user_id])


def notifications_mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    unread_changed([user.pk])
    return marked


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user_id: int) -> int:
    return cache.get_or_set(
        _unread_key(user_id),
        lambda: Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count(),
        UNREAD_CACHE_SECONDS,
    )


def unread_changed(user_ids) -> None:
    cache.delete_many([_unread_key(user_id) for user_id in user_ids])
