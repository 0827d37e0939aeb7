"""The forum's periodic job, queued by the scheduler (jobs/schedule.py)."""

from __future__ import annotations

from django_tasks import task

from forum.images import post_images_sweep


@task()
def sweep_post_images() -> int:
    """Delete the uploaded images no post took within a day, from the storage too."""
    return post_images_sweep()
