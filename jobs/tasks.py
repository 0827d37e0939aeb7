"""The periodic housekeeping jobs the scheduler queues (jobs/schedule.py)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from jobs.models import Heartbeat, ScheduledRun
from jobs.recovery import tasks_recover


@task()
def recover_tasks() -> int:
    return tasks_recover()


@task()
def clear_sessions() -> None:
    call_command("clearsessions")


@task()
def prune_task_results() -> None:
    """Finished task rows, and the scheduler's and workers' own old rows."""
    days = settings.TASK_RESULTS_KEEP_DAYS
    call_command("prune_db_task_results", min_age_days=days, verbosity=0)
    before = timezone.now() - timedelta(days=days)
    ScheduledRun.objects.filter(enqueued_at__lt=before).delete()
    Heartbeat.objects.filter(beat_at__lt=before).delete()
