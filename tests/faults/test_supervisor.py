"""`make serve-processes` keeps its worker and scheduler alive; /healthz/ready tells when the
background falls behind.

A worker that hangs (SIGSTOP) lets the queue age: readiness turns 503 while the site itself
stays live. Killed (SIGKILL) and not restarted by hand, the supervisor starts a new one, which
sends the waiting mail, and readiness is 200 again."""

from __future__ import annotations

import json
import os
import signal
import urllib.request

import pytest

from forum.services import post_reply
from notifications.services import thread_subscribe
from tests.factories import UserFactory, make_thread
from tests.faults.processes import FAST_RECOVERY, wait_for
from tests.scaleout.servers import (
    REDIS_URL,
    needs_postgres_and_redis,
    postgres_url,
    serving,
    session_processes,
    status_of,
)

pytestmark = [
    *needs_postgres_and_redis("the fault tests run real processes on PostgreSQL and Redis"),
    pytest.mark.django_db(transaction=True),
]

THRESHOLDS = {"READY_MAX_TASK_WAIT": "2", "READY_MAX_HEARTBEAT_AGE": "3", "DIGEST_HOUR": "24"}


def readiness(base: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{base}/healthz/ready", timeout=10) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def pids(session: int, command: str) -> set[int]:
    return {p["pid"] for p in session_processes(session) if command in p["argv"]}


def test_the_supervisor_restarts_a_dead_worker_and_readiness_reports_the_backlog(
    settings, mail_server
):
    watcher = UserFactory()
    thread = make_thread(title="Waiting for a worker")
    thread_subscribe(user=watcher, thread=thread)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = {
        "DATABASE_URL": postgres_url(),
        "REDIS_URL": REDIS_URL,
        **mail_server.settings(),
        **FAST_RECOVERY,
        **THRESHOLDS,
    }
    with serving("supervised", **env) as instance:
        session = instance.process.pid

        def logs() -> str:
            return instance.log_path.read_text()

        wait_for(lambda: readiness(instance.base)[0] == 200, 60, "readiness", logs)
        [worker] = pids(session, "db_worker")
        [scheduler] = pids(session, "run_scheduler")

        os.kill(worker, signal.SIGSTOP)  # hung: alive, but neither working nor beating
        post_reply(author=UserFactory(), thread=thread, body="Who will send this?")
        wait_for(
            lambda: (
                set(readiness(instance.base)[1]["problems"]) == {"tasks waiting", "worker silent"}
            ),
            30,
            "readiness to report the aged backlog and the silent worker",
            logs,
        )
        status, report = readiness(instance.base)
        assert status == 503 and report["oldest_waiting_task_seconds"] > 2
        assert status_of(instance.port, "/healthz") == 200  # the site itself is live
        assert mail_server.total() == 0

        os.kill(worker, signal.SIGKILL)
        os.kill(scheduler, signal.SIGKILL)
        wait_for(lambda: watcher.email in mail_server.counts(), 60, "the mail", logs)
        wait_for(lambda: readiness(instance.base)[0] == 200, 60, "readiness again", logs)
        [new_worker] = pids(session, "db_worker")
        [new_scheduler] = pids(session, "run_scheduler")
        assert new_worker != worker and new_scheduler != scheduler
        assert "supervise: worker exited with -9" in logs()
