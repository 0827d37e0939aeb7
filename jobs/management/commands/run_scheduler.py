import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from jobs.schedule import Scheduler


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs (digest, delivery sweep, task recovery, clearsessions, pruning "
        "of finished task rows), each once per period even when every app server runs this."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="One tick, then exit (for a test or cron)."
        )

    def handle(self, *args, once: bool = False, **options) -> None:
        scheduler = Scheduler()
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        while not stop.is_set():
            close_old_connections()
            try:
                for name in scheduler.tick():
                    self.stdout.write(f"Queued {name}")
            except Exception as error:  # the database may be away: try again next tick
                self.stderr.write(f"Scheduler tick failed: {error}")
            if once:
                return
            stop.wait(settings.SCHEDULER_TICK_SECONDS)
