"""The scheduler queues each periodic job once per period, however many schedulers run."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from jobs.models import Heartbeat, ScheduledRun
from jobs.schedule import JOBS, Scheduler

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def test_two_schedulers_over_an_hour_queue_each_job_once_per_period(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DIGEST_HOUR = 7
    settings.DELIVERY_SWEEP_SECONDS = 60
    clock = Clock(datetime(2026, 12, 1, 6, 30, tzinfo=UTC))
    first = Scheduler(clock=clock, process="app-1:100")
    second = Scheduler(clock=clock, process="app-2:200")

    # Both tick every 10 simulated seconds, a little apart, for an hour: 06:30 to 07:30.
    end = clock.now + timedelta(hours=1)
    while clock.now < end:
        first.tick()
        clock.now += timedelta(seconds=4)
        second.tick()
        clock.now += timedelta(seconds=6)

    runs = Counter(ScheduledRun.objects.values_list("job", flat=True))
    assert runs == {
        "delivery_sweep": 60,
        "task_recovery": 60,
        "digest": 2,  # hourly, each member's 07:00 in their own zone: 06:30 and 07:00
        "outcome_reminders": 2,  # hourly: the hour from 06:00, then the one from 07:00
        "clear_sessions": 1,
        "prune_task_results": 1,
        "post_images_sweep": 2,  # hourly: at 06:30 and at 07:00
        "prune_drafts": 1,
    }
    queued = Counter(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == {job.task: runs[job.name] for job in JOBS}
    windows = [
        result.args_kwargs["args"]
        for result in DBTaskResult.objects.filter(
            task_path="notifications.tasks.digests_enqueue"
        ).order_by("enqueued_at")
    ]
    # The first run covers the day before it (no earlier run); each next one starts where
    # the last one ended, so every moment is in exactly one window.
    assert windows == [
        ["2026-11-30T06:00:00+00:00", "2026-12-01T06:00:00+00:00"],
        ["2026-12-01T06:00:00+00:00", "2026-12-01T07:00:00+00:00"],
    ]
    assert set(Heartbeat.objects.values_list("process", flat=True)) == {"app-1:100", "app-2:200"}


def test_a_scheduler_started_after_the_digest_hour_still_covers_the_hours_it_missed(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DIGEST_HOUR = 7
    clock = Clock(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    assert "digest" in Scheduler(clock=clock).tick()
    clock.now += timedelta(hours=8)  # 23:00 the same day, nothing ran in between
    assert "digest" in Scheduler(clock=clock).tick()
    windows = [
        result.args_kwargs["args"]
        for result in DBTaskResult.objects.filter(
            task_path="notifications.tasks.digests_enqueue"
        ).order_by("enqueued_at")
    ]
    assert windows == [
        ["2026-11-30T15:00:00+00:00", "2026-12-01T15:00:00+00:00"],
        ["2026-12-01T15:00:00+00:00", "2026-12-01T23:00:00+00:00"],
    ]
