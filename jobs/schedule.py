"""The scheduler: queues each periodic job once per period, however many schedulers run.

Every app server may run `manage.py run_scheduler`. Each tick, for each job whose period has
come, it inserts a ScheduledRun row (unique per job and period) and queues the job's task in the
same transaction: the scheduler that inserts first queues the task, the others' inserts fail and
queue nothing. That works alike on SQLite and PostgreSQL. The clock is injectable so that a test
can run an hour of ticks in a moment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs.heartbeat import beat, this_process
from jobs.models import Role, ScheduledRun

logger = logging.getLogger(__name__)
OUTCOME_REMINDER_PERIOD = 3600


def every(seconds: Callable[[], float]) -> Callable[[datetime], str | None]:
    """A period of `seconds` (read from the settings at each tick), numbered from the epoch."""
    return lambda now: f"{int(now.timestamp() // seconds())}"


def daily(hour: Callable[[], int]) -> Callable[[datetime], str | None]:
    """Once a day from `hour` on (TIME_ZONE); a scheduler started later that day still runs it."""

    def period(now: datetime) -> str | None:
        local = timezone.localtime(now)
        return local.date().isoformat() if local.hour >= hour() else None

    return period


def hour_start(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _digest_window(now: datetime) -> list:
    """The digest job's window (notifications/digest.py): from the hour of the previous run
    (the one before this hour's, which the tick has just recorded) to the start of this hour.
    The task keeps these arguments, so a retried run covers the same window."""
    from notifications.digest import digest_window

    until = hour_start(now)
    previous = (
        ScheduledRun.objects.filter(job="digest", enqueued_at__lt=until)
        .order_by("-enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    return [digest_window(until, previous).isoformat(), until.isoformat()]


def _moment(now: datetime) -> list:
    return [now.isoformat()]


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # import path of the task to queue
    period: Callable[[datetime], str | None]
    arguments: Callable[[datetime], list] = lambda now: []


JOBS = [
    # Hourly: each member's digest goes out at DIGEST_HOUR in their own time zone.
    Job("digest", "notifications.tasks.digests_enqueue", every(lambda: 3600), _digest_window),
    Job(
        "delivery_sweep",
        "notifications.tasks.deliveries_sweep",
        every(lambda: settings.DELIVERY_SWEEP_SECONDS),
    ),
    Job(
        "task_recovery",
        "jobs.tasks.recover_tasks",
        every(lambda: settings.DELIVERY_SWEEP_SECONDS),
    ),
    # Reminders are days away: asking within the hour is on time. The job is given the
    # scheduler's time, so a test's clock decides what is due.
    Job(
        "outcome_reminders",
        "forum.outcome_reminders.outcome_reminders_send",
        every(lambda: OUTCOME_REMINDER_PERIOD),
        lambda now: [now.isoformat()],
    ),
    Job("clear_sessions", "jobs.tasks.clear_sessions", daily(lambda: 0)),
    Job("prune_task_results", "jobs.tasks.prune_task_results", daily(lambda: 0)),
    # Images uploaded for posts that were never posted (forum/images.py): gone after a day.
    Job("post_images_sweep", "forum.tasks.sweep_post_images", every(lambda: 3600)),
    Job("prune_drafts", "writing.tasks.prune_drafts", daily(lambda: 0), _moment),
]


class Scheduler:
    def __init__(
        self,
        *,
        clock: Callable[[], datetime] = timezone.now,
        jobs: list[Job] | None = None,
        process: str | None = None,
    ) -> None:
        self.clock = clock
        self.jobs = JOBS if jobs is None else jobs
        self.process = process or this_process()

    def tick(self) -> list[str]:
        """Queue every job whose period has come and that no scheduler queued for it yet.
        Returns the names of the jobs this tick queued."""
        now = self.clock()
        queued = []
        for job in self.jobs:
            period = job.period(now)
            if period is None or ScheduledRun.objects.filter(job=job.name, period=period).exists():
                continue
            try:
                with transaction.atomic():
                    ScheduledRun.objects.create(job=job.name, period=period, enqueued_at=now)
                    import_string(job.task).enqueue(*job.arguments(now))
            except IntegrityError:
                continue  # another scheduler queued it in the meantime
            logger.info("Queued %s for %s", job.name, period)
            queued.append(job.name)
        beat(Role.SCHEDULER, self.process, now)
        return queued
