"""What an operator reads about requests: ids, one log line each, and metrics.

The log format itself and error reports are set up in config/logs.py, which the settings load.

- Every request gets an id (the proxy's `X-Request-ID` when it sends a sane one), sent back in
  the response's `X-Request-ID` and put on every log line written while it is served.
- One log line per request: method, path, status, duration, view, queries and the member's id.
  Never an e-mail address; the client's address only with `LOG_CLIENT_IP=true`.
- Logs are readable text by default and one JSON object a line with `LOG_FORMAT=json`.
- Metrics in Prometheus' format at `/metrics`, only with `Authorization: Bearer METRICS_TOKEN`
  (absent, a 404, when no token is set). Under gunicorn every worker process writes its
  figures to `PROMETHEUS_MULTIPROC_DIR`, so one scrape sees them all.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime

from django.conf import settings
from django.db import connections
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import empty
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from config.logs import REQUEST_ID

SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_logger = logging.getLogger("pmforum.request")

REQUESTS = Counter(
    "pmforum_requests_total", "Requests answered, by view and status.", ["view", "status"]
)
REQUEST_SECONDS = Histogram(
    "pmforum_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUEST_QUERIES = Histogram(
    "pmforum_request_queries",
    "Database queries run to answer a request, by view.",
    ["view"],
    buckets=(0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64),
)
CACHE_READS = Counter(
    "pmforum_cache_reads_total", "Reads of the shared cache, by result.", ["result"]
)
MAILS = Counter(
    "pmforum_mails_total", "Mail deliveries, by outcome (sent, retried, failed).", ["outcome"]
)
POSTS_CREATED = Counter("pmforum_posts_created_total", "Questions and replies posted.")


# --- Requests ---------------------------------------------------------------------------------


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _loaded_member_id(request: HttpRequest) -> int | None:
    """The member's id when this request already loaded the member; never loads it."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestObservabilityMiddleware:
    """First in the stack: ids, times and counts the request, logs it, feeds the metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        queries = _QueryCounter()
        started = time.perf_counter()
        try:
            with ExitStack() as stack:
                for alias in settings.DATABASES:
                    stack.enter_context(connections[alias].execute_wrapper(queries))
                response = self.get_response(request)
            duration = time.perf_counter() - started
            response["X-Request-ID"] = request_id
            view = request.resolver_match.view_name if request.resolver_match else "unresolved"
            self.record(request, response, view=view, duration=duration, queries=queries.count)
            return response
        finally:
            REQUEST_ID.reset(token)

    @staticmethod
    def record(
        request: HttpRequest, response: HttpResponse, *, view: str, duration: float, queries: int
    ) -> None:
        REQUESTS.labels(view=view, status=str(response.status_code)).inc()
        REQUEST_SECONDS.labels(view=view).observe(duration)
        REQUEST_QUERIES.labels(view=view).observe(queries)
        extra = {
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(duration * 1000, 1),
            "view": view,
            "queries": queries,
            "member_id": _loaded_member_id(request),
        }
        if settings.LOG_CLIENT_IP:
            extra["client_ip"] = request.META.get("REMOTE_ADDR")
        level = logging.WARNING if response.status_code >= 500 else logging.INFO
        request_logger.log(
            level, "%s %s %s", request.method, request.path, response.status_code, extra=extra
        )


# --- Metrics ----------------------------------------------------------------------------------


class TaskBacklogCollector:
    """Tasks waiting in the database queue and the age of the oldest, read at each scrape."""

    def describe(self) -> list:
        # Registering must not query the database (the registry would collect to learn names).
        return []

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count, Min
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).aggregate(
            count=Count("id"), oldest=Min("enqueued_at")
        )
        age = 0.0
        if waiting["oldest"] is not None:
            age = max(0.0, (datetime.now(UTC) - waiting["oldest"]).total_seconds())
        yield GaugeMetricFamily("pmforum_tasks_waiting", "Tasks waiting.", value=waiting["count"])
        yield GaugeMetricFamily(
            "pmforum_tasks_oldest_waiting_seconds", "Age of the oldest waiting task.", value=age
        )


TASK_BACKLOG = TaskBacklogCollector()
REGISTRY.register(TASK_BACKLOG)


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every gunicorn worker writes its figures to files there; read them all.
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(TASK_BACKLOG)
        return registry
    return REGISTRY


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(offered.encode(), token.encode()):
        response = HttpResponse("A valid bearer token is required.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
