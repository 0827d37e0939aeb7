"""Tasks a dead worker left RUNNING are run again.

django-tasks-db marks a task RUNNING when a worker takes it and never looks at it again: a
worker killed mid-task leaves it RUNNING for ever. A worker writes a heartbeat while it lives
(jobs/heartbeat.py); a running task whose worker has been silent for WORKER_STALE_SECONDS is
marked failed ("worker lost") and queued again. Every task of this project is safe to repeat.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.models import Heartbeat, Role

logger = logging.getLogger(__name__)
WORKER_LOST = "jobs.recovery.WorkerLost"


def tasks_recover(now: datetime | None = None) -> int:
    """Queue again each task whose worker died; returns how many."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    alive = set(
        Heartbeat.objects.filter(role=Role.WORKER, beat_at__gte=stale_before).values_list(
            "process", flat=True
        )
    )
    recovered = 0
    # Started before the stale limit: a worker that has just taken a task has had time to beat.
    for result in DBTaskResult.objects.running().filter(started_at__lt=stale_before):
        worker = result.worker_ids[-1] if result.worker_ids else None
        if worker in alive:
            continue
        try:
            task = result.task
        except Exception:  # a task that no longer exists in the code: leave the row to the admin
            logger.exception("Task %s of lost worker %s cannot be loaded", result.pk, worker)
            continue
        with transaction.atomic():
            # Only the one sweep that flips the row queues the copy (several may look at once).
            flipped = DBTaskResult.objects.filter(pk=result.pk, status=result.status).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=WORKER_LOST,
                traceback=f"Worker {worker} stopped beating; the task was queued again.",
            )
            if not flipped:
                continue
            task.enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        logger.warning(
            "Task %s (%s) of lost worker %s queued again", result.pk, result.task_path, worker
        )
        recovered += 1
    return recovered
