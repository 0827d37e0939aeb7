"""Writes to members' accounts and profiles. Files are removed only after the commit."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from functools import partial

from django.contrib.auth import update_session_auth_hash
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest

from accounts.models import ConfirmationMail, User, WatchList
from config.uploads import stored_file_delete, stored_file_save
from forum.cache_keys import member_list_changed, pages_changed
from forum.models import Post, Thread
from notifications.models import FOLLOWING_LEVELS

PROFILE_FIELDS = (
    "display_name",
    "headline",
    "location",
    "bio",
    "default_experience_side",
    "time_zone",
)
AVATAR_FOLDER = User._meta.get_field("avatar").upload_to.rstrip("/")

# The shortest time between two links to confirm the same address, as allauth's own
# "confirm_email" rate (ACCOUNT_RATE_LIMITS) has it.
CONFIRMATION_MAIL_INTERVAL = timedelta(minutes=3)


def _clock_now() -> datetime:
    # The clock allauth's rate limits read, so this limit and theirs agree on when a window ends.
    return datetime.fromtimestamp(time.time(), tz=UTC)


def confirmation_mail_claim(*, email: str) -> datetime | None:
    """Take this address's turn for a new confirmation link: None when taken, else the time
    the next one may go (the last went out less than CONFIRMATION_MAIL_INTERVAL ago)."""
    now = _clock_now()
    email = email.lower()
    # A conditional UPDATE, or an INSERT on a unique address: of two app servers asking at
    # once, one wins and the other sees the winner's time.
    with transaction.atomic():
        if ConfirmationMail.objects.filter(
            email=email, sent_at__lte=now - CONFIRMATION_MAIL_INTERVAL
        ).update(sent_at=now):
            return None
        record, created = ConfirmationMail.objects.get_or_create(
            email=email, defaults={"sent_at": now}
        )
    return None if created else record.sent_at + CONFIRMATION_MAIL_INTERVAL


def confirmation_mail_sent(*, email: str) -> None:
    """Note a link that went out another way (joining, adding an address): it starts the wait."""
    ConfirmationMail.objects.update_or_create(
        email=email.lower(), defaults={"sent_at": _clock_now()}
    )


def _avatar_write(image: ContentFile) -> str:
    """Save a processed avatar under a new random name; return the stored name."""
    # A fresh name on every change, so no browser or proxy can keep showing the old picture.
    return stored_file_save(folder=AVATAR_FOLDER, extension="webp", content=image.read())


def profile_update(
    *,
    user: User,
    display_name: str,
    headline: str,
    location: str,
    bio: str,
    avatar: ContentFile | None = None,
    remove_avatar: bool = False,
    default_experience_side: str = "",
    time_zone: str = "",
) -> User:
    """Save the public profile; a new avatar replaces the old one, which is then deleted."""
    old_avatar = user.avatar.name or ""
    new_avatar = _avatar_write(avatar) if avatar is not None else None
    try:
        with transaction.atomic():
            user.display_name = display_name
            user.headline = headline
            user.location = location
            user.bio = bio
            user.default_experience_side = default_experience_side
            user.time_zone = time_zone
            if new_avatar:
                user.avatar.name = new_avatar
            elif remove_avatar:
                user.avatar.name = ""
            user.save(update_fields=[*PROFILE_FIELDS, "avatar"])
            if old_avatar and user.avatar.name != old_avatar:
                transaction.on_commit(partial(stored_file_delete, old_avatar))
    except Exception:
        # The row was not saved, so the new file belongs to nobody.
        if new_avatar:
            stored_file_delete(new_avatar)
        user.avatar.name = old_avatar
        raise
    return user


def avatar_remove(*, user: User) -> User:
    """Back to the initials avatar (also the admin's action for an unsuitable picture)."""
    old_avatar = user.avatar.name
    if not old_avatar:
        return user
    with transaction.atomic():
        user.avatar.name = ""
        user.save(update_fields=["avatar"])
        transaction.on_commit(partial(stored_file_delete, old_avatar))
    return user


def member_counts_change(
    *, member_id: int | None, posts: int = 0, helpful: int = 0, accepted: int = 0
) -> None:
    """Move a member's stored counts by the change one write made: O(1), in the writer's
    transaction. Never below zero, should a count ever have drifted."""
    moves = {"post_count": posts, "helpful_count": helpful, "accepted_count": accepted}
    changes = {
        field: Greatest(F(field) + change, Value(0)) for field, change in moves.items() if change
    }
    if member_id is None or not changes:
        return
    User.objects.filter(pk=member_id).update(**changes)


def member_counts_recount(*, member_ids) -> None:
    """Set members' stored counts from their posts, in one UPDATE (the post_author index).

    For writes that change many posts at once (a thread hidden or deleted, seeding) and for the
    recount_members command; `member_ids` may be a list or a queryset of ids.
    """
    shown = Post.objects.public().filter(author=OuterRef("pk")).order_by().values("author")
    posts = shown.annotate(total=Count("pk")).values("total")
    helpful = shown.annotate(total=Sum("helpful_count")).values("total")
    accepted = (
        Thread.objects.credited_answers()
        .filter(accepted_post__author=OuterRef("pk"))
        .order_by()
        .values("accepted_post__author")
        .annotate(total=Count("pk"))
        .values("total")
    )
    User.objects.filter(pk__in=member_ids).update(
        post_count=Coalesce(Subquery(posts), 0),
        helpful_count=Coalesce(Subquery(helpful), 0),
        accepted_count=Coalesce(Subquery(accepted), 0),
    )


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Remove the member and their personal data; their posts stay, by "Deleted member".

    The database does the rest: posts and threads keep their rows with the author set to
    NULL, and allauth's e-mail addresses and confirmations go with the user row.
    """
    avatar = user.avatar.name
    # The times links went to their addresses are personal data too; allauth's table of
    # addresses goes with the user row, so it is read first.
    addresses = {
        user.email.lower(),
        *(address.lower() for address in user.emailaddress_set.values_list("email", flat=True)),
    }
    ConfirmationMail.objects.filter(email__in=addresses).delete()
    # Their helpful marks go with them, so the counts they added must go too.
    marked_authors = list(
        Post.objects.filter(helpful_votes__user=user).values_list("author", flat=True).distinct()
    )
    Post.objects.filter(helpful_votes__user=user).update(helpful_count=F("helpful_count") - 1)
    # And their subscriptions the threads' subscriber counts (Watching and Tracking count).
    Thread.objects.filter(
        subscriptions__user=user, subscriptions__level__in=FOLLOWING_LEVELS
    ).update(subscriber_count=Greatest(F("subscriber_count") - 1, 0))
    user.delete()
    member_counts_recount(member_ids=marked_authors)
    if avatar:
        transaction.on_commit(partial(stored_file_delete, avatar))
    # Their name leaves every cached page at once. The request that deletes an account has
    # logged its member out by the time the page cache looks, so it cannot tell on its own.
    transaction.on_commit(pages_changed)
    transaction.on_commit(member_list_changed)


def watch_list_save(*, user: User, names: list[str]) -> None:
    """Keep the member's private watch list (accounts.WatchList); an empty one leaves no row."""
    if not names:
        WatchList.objects.filter(user=user).delete()
        return
    WatchList.objects.update_or_create(user=user, defaults={"names": "\n".join(names)})


def time_zone_answer(*, user: User, time_zone: str | None) -> User:
    """The member's answer when offered their browser's zone: the zone (validated by the
    caller against accounts/time_zones.py), or None for "No", which stops the offer."""
    if time_zone:
        user.time_zone = time_zone
        user.time_zone_declined = False
    else:
        user.time_zone_declined = True
    user.save(update_fields=["time_zone", "time_zone_declined"])
    return user


def other_sessions_end(*, request: HttpRequest, user: User) -> None:
    """Ends every session of the member except the one making this request: on every other
    device they have to log in again (User.session_epoch)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    update_session_auth_hash(request, user)
