"""Outcomes: what the asker decided and how it went, posted once per thread.

An outcome is a Post numbered OUTCOME_NUMBER (0), so editing, history, hiding, reporting,
search and rendering are the posts' own. Being outside the replies' numbers, it is never
listed among them nor counted as one, and the unique (thread, number) pair makes a second
outcome impossible even for two simultaneous posts. Its thread links to it (`Thread.outcome`)
while everyone may read it: the lists' filter, counts and badges read that link alone. An
outcome held for review or hidden by a moderator is unlinked until a moderator shows it
(moderation/services.py post_set_hidden). The one reminder that asks for an outcome is in
forum/outcome_reminders.py.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import member_counts_change
from forum.markup import render_markdown
from forum.models import OUTCOME_NUMBER, OutcomeReminder, Post, Thread
from forum.permissions import is_moderator
from forum.ratelimit import posting_allowed
from forum.services import ThreadLocked, post_published
from moderation.rules import blocked_phrase
from moderation.services import HELD_REASON, post_held
from notifications.models import Notification, NotificationKind
from notifications.tasks import reply_posted


class OutcomeExists(Exception):
    """The thread has its outcome already: `post` is the one posted."""

    def __init__(self, post: Post) -> None:
        super().__init__(f"Thread {post.thread_id} has an outcome already")
        self.post = post


@transaction.atomic
def outcome_post(
    *,
    thread: Thread,
    author: User,
    body: str,
    created_at: datetime | None = None,
    enforce_limits: bool = False,
) -> Post:
    """Post the thread's outcome, once. Its subscribers hear of it as of a reply; it counts
    as a post of its author but not as a reply. Text with a blocked word waits hidden in the
    moderators' queue, as a reply would."""
    if enforce_limits:
        posting_allowed(author=author, body=body, thread_id=thread.pk)
    created_at = created_at or timezone.now()
    held_reason = HELD_REASON if blocked_phrase(body) else ""
    # The locked row decides between two simultaneous outcomes; the unique number backs it.
    locked = (
        Thread.objects.select_for_update().only("pk", "is_locked", "is_hidden").get(pk=thread.pk)
    )
    existing = Post.objects.filter(thread_id=locked.pk, number=OUTCOME_NUMBER).first()
    if existing is not None:  # published, or hidden by a moderator
        existing.thread = thread
        raise OutcomeExists(existing)
    if locked.is_locked and not is_moderator(author):
        raise ThreadLocked
    post = Post.objects.create(
        thread_id=locked.pk,
        number=OUTCOME_NUMBER,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=created_at,
        is_hidden=bool(held_reason),
        hidden_reason=held_reason,
    )
    post.thread = thread
    if held_reason:
        post_held(post=post)  # linked from the thread once a moderator shows it
    else:
        # News for the lists: the thread moves up the latest activity, as with a reply.
        Thread.objects.filter(pk=locked.pk).update(
            outcome=post, last_activity_at=created_at, last_post=post
        )
        if not locked.is_hidden:
            member_counts_change(member_id=author.pk, posts=1)
    # Answered: no reminder is owed any more, and the one shown is done with.
    OutcomeReminder.objects.filter(thread_id=locked.pk).update(due_at=None)
    Notification.objects.filter(
        thread_id=locked.pk, kind=NotificationKind.OUTCOME_PROMPT, read_at__isnull=True
    ).update(read_at=created_at)
    # Lists filter and count threads with an outcome; subscribers hear of it through the reply
    # fan-out (notifications/tasks.py notify_reply).
    post_published(post, fan_out=reply_posted)
    return post


@transaction.atomic
def outcome_reminder_decline(*, thread: Thread) -> None:
    """The asker's "Don't ask again" for this thread: no reminder now or later, and the prompt
    on the page and in the notices goes."""
    now = timezone.now()
    reminder, created = OutcomeReminder.objects.get_or_create(
        thread=thread, defaults={"declined_at": now}
    )
    if not created:
        OutcomeReminder.objects.filter(pk=reminder.pk).update(due_at=None, declined_at=now)
    Notification.objects.filter(
        thread=thread, kind=NotificationKind.OUTCOME_PROMPT, read_at__isnull=True
    ).update(read_at=now)
