"""Tasks a dead worker left running are queued again; /healthz/ready tells a stale background."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.heartbeat import beat
from jobs.models import Role
from jobs.recovery import WORKER_LOST, tasks_recover
from notifications.tasks import notify_reply
from tests.scaleout.servers import REDIS_URL, redis_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_STALE_SECONDS = 60


def running(worker: str, minutes_ago: int) -> DBTaskResult:
    """A task as django-tasks-db leaves it once `worker` took it."""
    result = notify_reply.enqueue(12345).db_result
    DBTaskResult.objects.filter(pk=result.pk).update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=[worker],
    )
    return result


def test_a_task_whose_worker_stopped_beating_is_queued_again_once(database_queue):
    beat(Role.WORKER, "alive")
    beat(Role.WORKER, "dead", now=timezone.now() - timedelta(minutes=5))
    orphan = running("dead", minutes_ago=5)
    busy = running("alive", minutes_ago=5)
    just_taken = running("dead", minutes_ago=0)

    assert tasks_recover() == 1
    assert tasks_recover() == 0  # a second sweep finds nothing more to do

    orphan.refresh_from_db()
    assert orphan.status == "FAILED" and orphan.exception_class_path == WORKER_LOST
    again = DBTaskResult.objects.get(status="READY")
    assert again.task_path == orphan.task_path and again.args_kwargs == orphan.args_kwargs
    assert DBTaskResult.objects.get(pk=busy.pk).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=just_taken.pk).status == "RUNNING"


def test_readiness_is_503_while_the_backlog_ages_or_a_heartbeat_is_missing(
    client, database_queue, settings
):
    settings.READY_MAX_TASK_WAIT = 60
    settings.READY_MAX_HEARTBEAT_AGE = 30
    answer = client.get("/healthz/ready")
    assert answer.status_code == 503
    assert answer.json()["problems"] == ["worker silent", "scheduler silent"]

    beat(Role.WORKER, "w1")
    beat(Role.SCHEDULER, "s1")
    answer = client.get("/healthz/ready")
    assert answer.status_code == 200 and answer.json()["status"] == "ok"
    assert answer.json()["oldest_waiting_task_seconds"] == 0

    waiting = notify_reply.enqueue(1).db_result
    DBTaskResult.objects.filter(pk=waiting.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=90)
    )
    answer = client.get("/healthz/ready")
    assert answer.status_code == 503 and answer.json()["problems"] == ["tasks waiting"]
    assert answer.json()["oldest_waiting_task_seconds"] >= 90
    assert client.get("/healthz").status_code == 200  # liveness is not readiness


def test_readiness_reports_redis_and_the_upload_storage_without_failing_on_them(
    client, database_queue, settings
):
    beat(Role.WORKER, "w1")
    beat(Role.SCHEDULER, "s1")
    settings.REDIS_URL = ""
    answer = client.get("/healthz/ready")
    assert answer.json()["redis"] == "not configured" and answer.json()["storage"] == "up"

    # A Redis that does not answer (nothing listens on port 1) is reported; the site serves
    # without it, so readiness stays 200.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    answer = client.get("/healthz/ready")
    assert answer.status_code == 200 and answer.json()["redis"] == "down"
    if redis_answers(REDIS_URL):
        settings.REDIS_URL = REDIS_URL
        assert client.get("/healthz/ready").json()["redis"] == "up"
