"""The daily pruning of old drafts, queued by the scheduler (jobs/schedule.py)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from writing.services import drafts_prune


@task()
def prune_drafts(now: str) -> int:
    """Drafts untouched for 30 days before `now` (the scheduler's time, ISO 8601) go."""
    return drafts_prune(now=datetime.fromisoformat(now))
