"""Moderators' writes. Each one changes the content and leaves an entry in the log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import member_counts_change, member_counts_recount
from accounts.time_zones import local_moment
from forum.cache_keys import thread_lists_changed
from forum.experience import side_count_change
from forum.models import Forum, Post, Thread
from moderation.models import Action, Flag, FlagReason, LogEntry, Resolution
from moderation.queue import queue_changed
from search.indexing import index_post, index_thread

AUTO_HIDE_FLAGS = 3
AUTO_HIDE_REASON = _("Hidden after reports from members, until a moderator reviews it.")


class FlagRefused(Exception):
    """A report that cannot be made; the message says why."""


def _log(action: str, *, moderator: User | None, reason: str = "", **targets) -> LogEntry:
    return LogEntry.objects.create(action=action, moderator=moderator, reason=reason, **targets)


def _reindex_post(post: Post) -> None:
    transaction.on_commit(lambda: index_post(post), robust=True)


def _reindex_thread(thread: Thread) -> None:
    transaction.on_commit(lambda: index_thread(thread), robust=True)


@transaction.atomic
def post_flag(*, post: Post, reporter: User, reason: str, note: str = "") -> bool:
    """Report a post. Returns True when this report hid it (the third member to report it)."""
    if post.author_id == reporter.pk:
        raise FlagRefused(_("You cannot report your own post."))
    try:
        with transaction.atomic():
            Flag.objects.create(post=post, reporter=reporter, reason=reason, note=note)
    except IntegrityError:
        raise FlagRefused(
            _("You have already reported this post; a moderator will look at it.")
        ) from None
    transaction.on_commit(queue_changed)
    reporters = (
        Flag.objects.filter(post=post, resolved_at__isnull=True, reporter__isnull=False)
        .values("reporter")
        .distinct()
        .count()
    )
    if reporters >= AUTO_HIDE_FLAGS and not post.is_hidden:
        post_set_hidden(post=post, hidden=True, reason=AUTO_HIDE_REASON, moderator=None)
        return True
    return False


@transaction.atomic
def post_set_hidden(*, post: Post, hidden: bool, reason: str, moderator: User | None) -> None:
    """Hide or show a post. Hiding the question hides its whole thread."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if post.is_question:
        thread_set_hidden(thread=post.thread, hidden=hidden, reason=reason, moderator=moderator)
        return
    if post.is_hidden == hidden:
        return
    # A hidden accepted answer stays accepted but leaves its author's count while hidden.
    credit_before = post.thread.answer_credit(post)
    post.is_hidden = hidden
    post.hidden_reason = reason if hidden else ""
    post.save(update_fields=["is_hidden", "hidden_reason"])
    if not post.is_deleted:
        # Hidden replies leave the counts everyone sees.
        change = -1 if hidden else 1
        if post.is_reply:
            Thread.objects.filter(pk=post.thread_id).update(
                reply_count=F("reply_count") + change,
                **side_count_change(post.experience_side, change),
            )
        elif post.is_outcome:
            # A thread links to its outcome only while everyone may read it (forum/outcomes.py).
            Thread.objects.filter(pk=post.thread_id).update(outcome=None if hidden else post)
        if not post.thread.is_hidden:
            member_counts_change(
                member_id=post.author_id,
                posts=change,
                helpful=change * post.helpful_count,
                accepted=post.thread.answer_credit(post) - credit_before,
            )
    if moderator is None:
        action = Action.AUTO_HIDE
    else:
        action = Action.HIDE_POST if hidden else Action.UNHIDE_POST
    _log(action, moderator=moderator, reason=reason, post=post, thread=post.thread)
    _reindex_post(post)
    transaction.on_commit(thread_lists_changed)


@transaction.atomic
def thread_set_hidden(*, thread: Thread, hidden: bool, reason: str, moderator: User | None) -> None:
    Thread.objects.filter(pk=thread.pk).update(
        is_hidden=hidden, hidden_reason=reason if hidden else ""
    )
    thread.is_hidden, thread.hidden_reason = hidden, reason if hidden else ""
    member_counts_recount(member_ids=Post.objects.filter(thread=thread).values("author"))
    action = Action.HIDE_THREAD if hidden else Action.UNHIDE_THREAD
    _log(action, moderator=moderator, reason=reason, thread=thread)
    _reindex_thread(thread)
    transaction.on_commit(thread_lists_changed)


@transaction.atomic
def thread_set_locked(*, thread: Thread, locked: bool, moderator: User, reason: str = "") -> None:
    Thread.objects.filter(pk=thread.pk).update(is_locked=locked)
    _log(
        Action.LOCK if locked else Action.UNLOCK, moderator=moderator, reason=reason, thread=thread
    )
    # The thread's page and its rows in the lists show the lock (and its buttons go).
    transaction.on_commit(thread_lists_changed)


@transaction.atomic
def thread_set_pinned(*, thread: Thread, pinned: bool, moderator: User) -> None:
    Thread.objects.filter(pk=thread.pk).update(is_pinned=pinned)
    _log(Action.PIN if pinned else Action.UNPIN, moderator=moderator, thread=thread)
    transaction.on_commit(thread_lists_changed)


@transaction.atomic
def thread_move(*, thread: Thread, forum: Forum, moderator: User) -> None:
    if thread.forum_id == forum.pk:
        return
    old = thread.forum.name
    Thread.objects.filter(pk=thread.pk).update(forum=forum)
    _log(Action.MOVE, moderator=moderator, reason=f"From {old} to {forum.name}", thread=thread)
    _reindex_thread(thread)
    transaction.on_commit(thread_lists_changed)


@transaction.atomic
def thread_retag(*, thread: Thread, tags: Iterable[str], moderator: User) -> None:
    names = list(tags)
    thread.tags.set(names)
    _log(Action.RETAG, moderator=moderator, reason=", ".join(names), thread=thread)
    _reindex_thread(thread)
    transaction.on_commit(thread_lists_changed)


@transaction.atomic
def member_suspend(*, member: User, until: datetime | None, reason: str, moderator: User) -> None:
    """Suspend a member until a moment, or lift the suspension (until=None)."""
    User.objects.filter(pk=member.pk).update(
        suspended_until=until, suspension_reason=reason if until else ""
    )
    action = Action.SUSPEND if until else Action.UNSUSPEND
    # The zone named, as the moderator meant it: the log is read by moderators elsewhere.
    note = f"Until {local_moment(until)}. {reason}".strip() if until else reason
    _log(action, moderator=moderator, reason=note, member=member)


@transaction.atomic
def flags_resolve(*, post: Post, moderator: User, hide: bool, reason: str = "") -> int:
    """Close every open report on a post: dismiss them (showing a post that reports hid) or
    act on them (hide the post with a reason the author sees). Returns reports closed."""
    closed = Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(),
        resolution=Resolution.ACTIONED if hide else Resolution.DISMISSED,
        resolved_by=moderator,
    )
    transaction.on_commit(queue_changed)
    if hide:
        post_set_hidden(post=post, hidden=True, reason=reason, moderator=moderator)
    else:
        held = post.hidden_reason in {AUTO_HIDE_REASON, HELD_REASON}
        if post.is_hidden and held:
            post_set_hidden(post=post, hidden=False, reason="", moderator=moderator)
        _log(Action.DISMISS, moderator=moderator, reason=reason, post=post, thread=post.thread)
    return closed


HELD_REASON = _("Held for review: it contains a word the forum holds for a moderator.")


def post_held(*, post: Post) -> None:
    """Record a post that was held on arrival, so it waits in the moderators' queue."""
    Flag.objects.create(post=post, reporter=None, reason=FlagReason.BLOCKED_WORDS)
    transaction.on_commit(queue_changed)
    _log(Action.HOLD, moderator=None, reason=HELD_REASON, post=post, thread=post.thread)
