"""The one reminder an asker gets: "What did you decide, and how did it go?"

- When a question gets its first reply from someone other than the asker, the reply fan-out
  (notifications/tasks.py notify_reply) makes the thread's OutcomeReminder, due
  FORUM_OUTCOME_DAYS after that reply.
- The scheduler (jobs/schedule.py) queues `outcome_reminders_send` every hour with its own
  clock's time. The job claims each due reminder with one conditional UPDATE, so of two runs
  (or two schedulers' runs at once) exactly one takes it; in the same transaction it records
  the asker's notice and, unless they take no mail, an e-mail delivery, unique per asker and
  question. notifications/delivery.py then sends that mail as it sends every other, with its
  lease, retries and bounce handling.
- Posting the outcome, "Don't ask again" on the thread, or the setting on the subscriptions
  page stop the reminder; a question hidden, deleted or left without replies is not asked about.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django_tasks import task

from forum.models import OutcomeReminder, Post, Thread
from notifications.delivery import deliveries_send
from notifications.models import (
    DeliveryKind,
    EmailDelivery,
    EmailFrequency,
    Notification,
    NotificationKind,
    Preferences,
)

# Reminders claimed per transaction round; the job goes on until none is due.
CLAIM_BATCH = 200


def outcome_reminder_schedule(*, reply: Post) -> None:
    """After a reply is published: the first one from someone else makes the thread's reminder.
    Later replies, and replies of the asker, change nothing (one INSERT that yields)."""
    thread = reply.thread
    if not reply.is_reply or thread.author_id in (None, reply.author_id):
        return
    if thread.outcome_id is not None:
        return
    due_at = reply.created_at + timedelta(days=settings.FORUM_OUTCOME_DAYS)
    OutcomeReminder.objects.bulk_create(
        [OutcomeReminder(thread_id=thread.pk, due_at=due_at)], ignore_conflicts=True
    )


def _still_wanted(thread: Thread) -> tuple[bool, bool]:
    """(ask at all, e-mail too) for a thread whose reminder has come due."""
    asker = thread.author
    if (
        asker is None
        or not asker.is_active
        or thread.is_hidden
        or thread.outcome_id is not None
        or thread.reply_count == 0
    ):
        return False, False
    preferences = Preferences.objects.filter(user=asker).first() or Preferences(user=asker)
    if not preferences.ask_for_outcomes:
        return False, False
    return True, bool(asker.email) and preferences.email_frequency != EmailFrequency.NEVER


def _claim_one(thread_id: int, now: datetime) -> bool:
    """Take one due reminder and record what it sends; False if another run took it first."""
    with transaction.atomic():
        # The claim: of two runs updating the same row, the second finds due_at gone.
        taken = OutcomeReminder.objects.filter(
            thread_id=thread_id, due_at__isnull=False, due_at__lte=now
        ).update(due_at=None)
        if not taken:
            return False
        thread = Thread.objects.select_related("author").get(pk=thread_id)
        ask, mail = _still_wanted(thread)
        if not ask:
            return False
        OutcomeReminder.objects.filter(thread_id=thread_id).update(asked_at=now)
        question = Post.objects.only("pk").get(thread_id=thread_id, number=1)
        # Unique per (recipient, post), as every notice and mail: a repeat adds nothing.
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=thread.author_id,
                    post=question,
                    thread_id=thread_id,
                    kind=NotificationKind.OUTCOME_PROMPT,
                    created_at=now,
                )
            ],
            ignore_conflicts=True,
        )
        if mail:
            EmailDelivery.objects.bulk_create(
                [
                    EmailDelivery(
                        recipient_id=thread.author_id,
                        post=question,
                        kind=DeliveryKind.OUTCOME_PROMPT,
                    )
                ],
                ignore_conflicts=True,
            )
        return True


def outcome_reminders_claim(*, now: datetime) -> int:
    """Ask every asker whose reminder is due at `now`; returns how many were asked."""
    asked = 0
    while True:
        due = list(
            OutcomeReminder.objects.filter(due_at__lte=now)
            .order_by("due_at", "thread_id")
            .values_list("thread_id", flat=True)[:CLAIM_BATCH]
        )
        if not due:
            return asked
        asked += sum(_claim_one(thread_id, now) for thread_id in due)


@task()
def outcome_reminders_send(now: str) -> int:
    """The scheduled job: ask the askers whose reminders are due at the scheduler's `now` (an
    ISO time), then send the mails. Returns how many mails the mail server accepted."""
    outcome_reminders_claim(now=datetime.fromisoformat(now))
    return deliveries_send(kind=DeliveryKind.OUTCOME_PROMPT)
