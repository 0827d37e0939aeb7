"""Who may do what. Views ask here; nothing else decides."""

from __future__ import annotations

from forum.models import Post

MODERATORS_GROUP = "Moderators"


def is_moderator(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    # Remembered on the user object: a page asks many times, the database once.
    if not hasattr(user, "_is_moderator"):
        user._is_moderator = user.groups.filter(name=MODERATORS_GROUP).exists()
    return user._is_moderator


def is_author(user, post: Post) -> bool:
    return user.is_authenticated and post.author_id == user.pk


def can_edit(user, post: Post) -> bool:
    return not post.is_deleted and (is_author(user, post) or is_moderator(user))


def can_delete(user, post: Post) -> bool:
    if post.is_deleted:
        return False
    if is_moderator(user):
        return True
    # A question with answers belongs to the people who answered it too.
    return is_author(user, post) and (not post.is_question or post.thread.reply_count == 0)


def can_vote(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and not post.is_question
        and post.is_visible
        and post.author_id != user.pk
    )


def can_accept(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and not post.is_question
        and post.is_visible
        and post.thread.author_id == user.pk
    )


def can_reply(user, thread) -> bool:
    return user.is_authenticated and (not thread.is_locked or is_moderator(user))
