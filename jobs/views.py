from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.heartbeat import latest_beat
from jobs.models import Role


def _age(moment, now) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def _redis_state() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=settings.REDIS_TIMEOUT)
        client.ping()
    except redis.RedisError:
        return "down"
    return "up"


def _storage_state() -> str:
    try:
        default_storage.exists("readiness-probe")  # a HEAD request on object storage
    except Exception:  # any backend's failure: the answer is "down", not a 500
        return "down"
    return "up"


def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the background side keeps up. 503 when the oldest waiting task has waited too
    long, or the worker or the scheduler has not beaten lately (thresholds: READY_MAX_*).
    /healthz stays the cheap liveness check."""
    now = timezone.now()
    try:
        oldest = (
            DBTaskResult.objects.ready()
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
        worker, scheduler = latest_beat(Role.WORKER), latest_beat(Role.SCHEDULER)
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    report = {
        "oldest_waiting_task_seconds": _age(oldest, now) or 0,
        "worker_heartbeat_seconds_ago": _age(worker, now),
        "scheduler_heartbeat_seconds_ago": _age(scheduler, now),
        "worker_heartbeat_at": worker and worker.isoformat(),
        "scheduler_heartbeat_at": scheduler and scheduler.isoformat(),
        # Reported, not failed on: the site serves without Redis (pages from the database) and
        # without the upload storage (no new avatars), and both are shared by every server, so
        # failing readiness would take the whole site out instead of one server.
        "redis": _redis_state(),
        "storage": _storage_state(),
    }
    heartbeat_limit = settings.READY_MAX_HEARTBEAT_AGE
    problems = [
        name
        for name, late in (
            ("tasks waiting", report["oldest_waiting_task_seconds"] > settings.READY_MAX_TASK_WAIT),
            ("worker silent", worker is None or _age(worker, now) > heartbeat_limit),
            ("scheduler silent", scheduler is None or _age(scheduler, now) > heartbeat_limit),
        )
        if late
    ]
    report["status"] = "stale" if problems else "ok"
    report["problems"] = problems
    return JsonResponse(report, status=503 if problems else 200)
