"""Writes to members' accounts and profiles. Files are removed only after the commit."""

from __future__ import annotations

import logging
import secrets
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from accounts.models import User
from forum.cache_keys import pages_changed
from forum.models import Post, Thread

logger = logging.getLogger(__name__)

PROFILE_FIELDS = ("display_name", "headline", "location", "bio")


def _file_delete(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        # A leftover file costs a little disk; failing the member's request would cost more.
        logger.warning("Could not delete avatar file %s", name, exc_info=True)


def _avatar_write(image: ContentFile) -> str:
    """Save a processed avatar under a new random name; return the stored name."""
    field = User._meta.get_field("avatar")
    # A fresh name on every change, so no browser or proxy can keep showing the old picture.
    name = field.generate_filename(None, f"{secrets.token_urlsafe(12)}.webp")
    return default_storage.save(name, image)


def profile_update(
    *,
    user: User,
    display_name: str,
    headline: str,
    location: str,
    bio: str,
    avatar: ContentFile | None = None,
    remove_avatar: bool = False,
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
            if new_avatar:
                user.avatar.name = new_avatar
            elif remove_avatar:
                user.avatar.name = ""
            user.save(update_fields=[*PROFILE_FIELDS, "avatar"])
            if old_avatar and user.avatar.name != old_avatar:
                transaction.on_commit(partial(_file_delete, old_avatar))
    except Exception:
        # The row was not saved, so the new file belongs to nobody.
        if new_avatar:
            _file_delete(new_avatar)
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
        transaction.on_commit(partial(_file_delete, old_avatar))
    return user


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Remove the member and their personal data; their posts stay, by "Deleted member".

    The database does the rest: posts and threads keep their rows with the author set to
    NULL, and allauth's e-mail addresses and confirmations go with the user row.
    """
    avatar = user.avatar.name
    # Their helpful marks go with them, so the counts they added must go too.
    Post.objects.filter(helpful_votes__user=user).update(helpful_count=F("helpful_count") - 1)
    # And their subscriptions the threads' subscriber counts.
    Thread.objects.filter(subscriptions__user=user).update(
        subscriber_count=Greatest(F("subscriber_count") - 1, 0)
    )
    user.delete()
    if avatar:
        transaction.on_commit(partial(_file_delete, avatar))
    # Their name leaves every cached page at once. The request that deletes an account has
    # logged its member out by the time the page cache looks, so it cannot tell on its own.
    transaction.on_commit(pages_changed)
