"""Watching levels of threads and tags, preferences and reading notices: the member-facing
writes. What each level does is told in notifications/watching.py."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import User
from forum.models import Tag, TaggedThread, Thread
from notifications.models import (
    FOLLOWING_LEVELS,
    Notification,
    Preferences,
    Subscription,
    TagFollow,
    TagWatchLevel,
    WatchLevel,
)


def preferences_for(user: User) -> Preferences:
    """The member's preferences, or the defaults when they never changed them."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def _follower_count_change(before: str | None, after: str | None) -> int:
    """How a level change moves the thread's "members subscribed": Watching and Tracking count."""
    return int(after in FOLLOWING_LEVELS) - int(before in FOLLOWING_LEVELS)


@transaction.atomic
def thread_watch_set(
    *, user: User, thread: Thread, level: str, seen_number: int | None = None
) -> Subscription | None:
    """Set the member's watching level of the thread; Normal removes the row.

    Someone starting to watch or track has seen what exists (`seen_number`, by default the
    thread's last post). Muting marks the thread's unread notices read: the header never counts
    what the member asked not to hear about."""
    row = Subscription.objects.select_for_update().filter(user=user, thread=thread).first()
    before = row.level if row is not None else None
    if level == WatchLevel.NORMAL:
        if row is not None:
            row.delete()
    else:
        seen = thread.last_number if seen_number is None else seen_number
        if row is None:
            row = Subscription.objects.create(
                user=user, thread=thread, level=level, last_seen_number=seen
            )
        else:
            row.level = level
            row.last_seen_number = max(row.last_seen_number, seen)
            row.save(update_fields=["level", "last_seen_number"])
    change = _follower_count_change(before, None if level == WatchLevel.NORMAL else level)
    if change:
        Thread.objects.filter(pk=thread.pk).update(
            subscriber_count=Greatest(F("subscriber_count") + change, 0)
        )
    if level == WatchLevel.MUTED:
        marked = Notification.objects.filter(
            recipient=user, thread=thread, read_at__isnull=True
        ).update(read_at=timezone.now())
        if marked:
            _unread_count_changed(user)
    return None if level == WatchLevel.NORMAL else row


def thread_subscribe(*, user: User, thread: Thread, seen_number: int | None = None) -> Subscription:
    """Watch the thread (the old "Subscribe" button, and logging in from "log in to subscribe")."""
    return thread_watch_set(
        user=user, thread=thread, level=WatchLevel.WATCHING, seen_number=seen_number
    )


def post_author_subscribe(*, author: User, thread: Thread, number: int) -> None:
    """Watch the thread for whoever just asked or replied, as their preferences say. Called
    inside the post's own transaction, so the page shown after posting already says so."""
    # The post's number comes from the locked thread row, so it is the newest and the author
    # has seen everything up to it. An existing row keeps its level (a member who muted or
    # tracks the thread chose so) and is moved on in one UPDATE.
    if Subscription.objects.filter(user=author, thread=thread).update(last_seen_number=number):
        return
    preferences = preferences_for(author)
    if not (preferences.subscribe_on_ask if number == 1 else preferences.subscribe_on_reply):
        return
    # A new row is inserted and counted (the thread row is locked by the posting service, or new).
    Subscription.objects.create(
        user=author, thread=thread, last_seen_number=number, level=WatchLevel.WATCHING
    )
    Thread.objects.filter(pk=thread.pk).update(subscriber_count=F("subscriber_count") + 1)


@transaction.atomic
def thread_unsubscribe(*, user_id: int, thread_id: int) -> bool:
    """Back to Normal: the row goes, whatever its level."""
    row = Subscription.objects.filter(user_id=user_id, thread_id=thread_id).first()
    if row is None:
        return False
    row.delete()
    if row.level in FOLLOWING_LEVELS:
        # Never below zero, should a subscription ever have been stored without the services.
        Thread.objects.filter(pk=thread_id).update(
            subscriber_count=Greatest(F("subscriber_count") - 1, 0)
        )
    return True


@transaction.atomic
def tag_watch_set(*, user: User, tag: Tag, level: str) -> TagFollow | None:
    """Set the member's watching level of the tag; Normal removes the row. Muting marks read
    the unread notices from the tag's threads that the member does not follow themselves."""
    if level == TagWatchLevel.NORMAL:
        TagFollow.objects.filter(user=user, tag=tag).delete()
        return None
    follow, _ = TagFollow.objects.update_or_create(user=user, tag=tag, defaults={"level": level})
    if level == TagWatchLevel.MUTED:
        followed = Subscription.objects.filter(user=user, level__in=FOLLOWING_LEVELS).values(
            "thread_id"
        )
        marked = (
            Notification.objects.filter(
                recipient=user,
                read_at__isnull=True,
                thread_id__in=TaggedThread.objects.filter(tag=tag).values("content_object_id"),
            )
            .exclude(thread_id__in=followed)
            .update(read_at=timezone.now())
        )
        if marked:
            _unread_count_changed(user)
    return follow


def tag_follow(*, user: User, tag: Tag) -> None:
    """The old "Follow" button: told of new questions (unless already watching the tag)."""
    if not TagFollow.objects.filter(user=user, tag=tag, level=TagWatchLevel.WATCHING).exists():
        tag_watch_set(user=user, tag=tag, level=TagWatchLevel.FIRST_POST)


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
