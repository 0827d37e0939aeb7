"""Keep the task worker and the scheduler running beside the web server."""

import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
CHILDREN = {
    "worker": [sys.executable, MANAGE, "db_worker"],
    "scheduler": [sys.executable, MANAGE, "run_scheduler"],
}
# A child that dies sooner than this after its start is restarted after a growing delay.
HEALTHY_RUN_SECONDS = 30
MAX_RESTART_DELAY = 30.0


class Command(BaseCommand):
    help = (
        "Run the task worker (db_worker) and the scheduler (run_scheduler), and start either "
        "again when it stops. SIGINT or SIGTERM stops both."
    )

    def handle(self, *args, **options) -> None:
        self.stopping = False
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self.stop)
        running = {name: self.start(name) for name in CHILDREN}
        delays = dict.fromkeys(CHILDREN, 1.0)
        restart_at: dict[str, float] = {}
        while not self.stopping:
            now = time.monotonic()
            for name, (process, started) in list(running.items()):
                if process is None or process.poll() is None:
                    continue
                running[name] = (None, started)
                quick = now - started < HEALTHY_RUN_SECONDS
                delays[name] = min(delays[name] * 2, MAX_RESTART_DELAY) if quick else 1.0
                restart_at[name] = now + delays[name]
                self.stderr.write(
                    f"supervise: {name} exited with {process.returncode}; "
                    f"restarting in {delays[name]:.0f} s"
                )
            for name, when in list(restart_at.items()):
                if now >= when and not self.stopping:
                    del restart_at[name]
                    running[name] = self.start(name)
            time.sleep(0.2)
        self.stop_all([process for process, _ in running.values() if process is not None])

    def start(self, name: str) -> tuple[subprocess.Popen, float]:
        process = subprocess.Popen(CHILDREN[name])  # noqa: S603 (our own commands)
        self.stderr.write(f"supervise: started {name} (pid {process.pid})")
        return process, time.monotonic()

    def stop(self, signum, frame) -> None:
        self.stopping = True

    def stop_all(self, processes: list[subprocess.Popen]) -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 20
        for process in processes:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
