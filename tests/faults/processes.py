"""Real background processes for the fault tests: `manage.py db_worker` and `run_scheduler`
against the suite's PostgreSQL database, each in a session of its own so that a test can kill
exactly it (SIGKILL, as a crash or the OOM killer does) and start it again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.faults.smtp import MailServer
from tests.scaleout.servers import REDIS_URL, ROOT, postgres_url, server_env, stop_session

# Short enough for a test to see recovery in seconds; the defaults are minutes (settings.py).
FAST_RECOVERY = {
    "DELIVERY_SWEEP_SECONDS": "1",
    "DELIVERY_LEASE_SECONDS": "4",
    "HEARTBEAT_SECONDS": "0.5",
    "WORKER_STALE_SECONDS": "5",
    "SCHEDULER_TICK_SECONDS": "0.5",
}
COMMANDS = {
    "worker": ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
    "scheduler": ["run_scheduler"],
}


def background_env(folder: Path, mail_server: MailServer, **overrides: str) -> dict[str, str]:
    """Production settings on the suite's PostgreSQL and Redis, mail to the local server."""
    return server_env(
        folder,
        DATABASE_URL=postgres_url(),
        REDIS_URL=REDIS_URL,
        SITE_URL="http://127.0.0.1:8999",
        **mail_server.settings(),
        **{**FAST_RECOVERY, **overrides},
    )


class Background:
    """One long-running manage.py command, logged to a file."""

    def __init__(self, role: str, env: dict[str, str], log_dir: Path) -> None:
        self.role = role
        self.env = env
        self.log_path = log_dir / f"{role}.log"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> Background:
        self.starts += 1
        log = self.log_path.open("a")
        log.write(f"--- start {self.starts}\n")
        log.flush()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", *COMMANDS[self.role]],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is cleaned up."""
        assert self.process is not None and self.process.poll() is None, self.log()
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        stop_session(self.process)

    def log(self) -> str:
        """The log without the worker's line per task state."""
        if not self.log_path.exists():
            return ""
        lines = self.log_path.read_text().splitlines()
        return "\n".join(line for line in lines if " state=" not in line)


@contextmanager
def background(mail_server: MailServer, *roles: str, **env: str) -> Iterator[dict[str, Background]]:
    """The given roles started; all stopped and their folder removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="pmforum-faults-"))
    environment = background_env(folder, mail_server, **env)
    started = {role: Background(role, environment, folder) for role in roles}
    try:
        for process in started.values():
            process.start()
        yield started
    finally:
        for process in started.values():
            process.stop()
        shutil.rmtree(folder, ignore_errors=True)


def wait_until_beating(running: dict[str, Background], timeout: float = 120) -> None:
    """Until every started process has written its heartbeat: it is up and working."""
    from jobs.models import Heartbeat

    def logs() -> str:
        return "".join(process.log() for process in running.values())

    for role in running:
        wait_for(
            lambda role=role: Heartbeat.objects.filter(role=role).exists(), timeout, role, logs
        )


def wait_for(condition: Callable[[], bool], timeout: float, what: str, logs: Callable[[], str]):
    """Poll until `condition` holds; fail with `what` and the processes' logs when it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s\n{logs()[-6000:]}")
        time.sleep(0.01)
