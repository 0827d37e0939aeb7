"""django-tasks-db's worker, with a heartbeat in the database while it lives."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from jobs.heartbeat import beat, beat_in_background
from jobs.models import Role


class Command(WorkerCommand):
    help = "Run the database task worker; it writes a heartbeat every HEARTBEAT_SECONDS."

    def handle(self, *args, **options) -> None:
        reloading = options["reload"] and not options["batch"]
        # With the autoreloader, the worker runs in the child process; the parent only watches.
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            super().handle(*args, **options)
            return
        if options["batch"]:
            # A batch run empties the queue and stops: one beat says it ran. A thread beating
            # beside it would only contend for the database (an in-memory SQLite locks tables).
            beat(Role.WORKER, options["worker_id"])
            super().handle(*args, **options)
            return
        heartbeat = beat_in_background(Role.WORKER, options["worker_id"])
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.set()
