"""Subscriptions, follows, preferences and reading notices: the member-facing writes."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import User
from forum.models import Tag, Thread
from notifications.models import Notification, Preferences, Subscription, TagFollow


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


def post_author_subscribe(*, author: User, thread: Thread, number: int) -> None:
    """Subscribe whoever just asked or replied, as their preferences say. Called inside the
    post's own transaction, so the page shown after posting already says they are subscribed."""
    preferences = preferences_for(author)
    if not (preferences.subscribe_on_ask if number == 1 else preferences.subscribe_on_reply):
        return
    # The post's number comes from the locked thread row, so it is the newest and the author
    # has seen everything up to it. An existing subscription is moved on in one UPDATE; a new
    # one is inserted and counted (the thread row is locked by the posting service, or new).
    if Subscription.objects.filter(user=author, thread=thread).update(last_seen_number=number):
        return
    Subscription.objects.create(user=author, thread=thread, last_seen_number=number)
    Thread.objects.filter(pk=thread.pk).update(subscriber_count=F("subscriber_count") + 1)


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
def thread_visited(*, reader: User, subscription: Subscription, shown_up_to: int) -> None:
    """The member has now seen posts up to `shown_up_to`: clear "new", notices and the mail hold.

    `reader` is the member as this request loaded them: their header is counted afresh."""
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
        _unread_count_changed(reader)


def notices_seen(*, reader: User, post_ids: list[int]) -> None:
    """A member who follows nothing here read these posts (a mention brought them): their
    notices about them are read. Costs nothing while the member has no unread notice."""
    if not unread_count(reader):
        return
    marked = Notification.objects.filter(
        recipient_id=reader.pk, post_id__in=post_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
    if marked:
        _unread_count_changed(reader)


def notifications_mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _unread_count_changed(user)
    return marked


def unread_count_annotation() -> Coalesce:
    """The member's unread notices, counted in the query that loads the member on each request
    (accounts/backends.py). The count is read from the notices themselves, on the partial index
    of unread ones, so no process can hold a stale copy of it (docs/decisions.md)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(unread), 0)


def unread_count(user: User) -> int:
    """What the header shows: the count loaded with the member, or counted now."""
    counted = getattr(user, "unread_notices", None)
    if counted is None:
        counted = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
        user.unread_notices = counted
    return counted


def _unread_count_changed(user: User) -> None:
    """This request changed the member's notices after loading them: count again if shown."""
    user.unread_notices = None
