"""Log lines and error reports: the same in the web processes, the worker and the scheduler.

- Readable text by default; one JSON object a line with `LOG_FORMAT=json`, for collectors.
- Each line carries the id of the request being served ("-" outside requests), which is also
  sent back to the client in `X-Request-ID` (config/observability.py).
- Errors go to Sentry when `SENTRY_DSN` is set, tagged with the release, without personal data.
"""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime
from pathlib import Path

REQUEST_ID = contextvars.ContextVar("request_id", default="-")


# --- Logs -------------------------------------------------------------------------------------


class RequestContextFilter(logging.Filter):
    """Puts the id of the request being served (or "-") on every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = REQUEST_ID.get()
        return True


# Extra fields a log call may carry, printed when present.
EXTRA_FIELDS = (
    "method",
    "path",
    "status",
    "duration_ms",
    "view",
    "queries",
    "member_id",
    "client_ip",
    "task_name",
    "task_id",
)


class TextFormatter(logging.Formatter):
    """`2026-12-01 09:30:00,123 INFO pmforum.request [id] message key=value ...`"""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = [
            f"{name}={getattr(record, name)}"
            for name in EXTRA_FIELDS
            if getattr(record, name, None) is not None
        ]
        return " ".join([line, *extras]) if extras else line


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", REQUEST_ID.get()),
        }
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: every process (web, worker, scheduler) logs the same way."""
    formatter = "json" if log_format == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestContextFilter}},
        "formatters": {"text": {"()": TextFormatter}, "json": {"()": JsonFormatter}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request"],
                "formatter": formatter,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "INFO"}},
    }


def release_from_git(base_dir: Path) -> str:
    """The commit this copy runs, read from .git without running git; "unknown" elsewhere."""
    git = base_dir / ".git"
    try:
        if git.is_file():  # a worktree or submodule: "gitdir: <path>"
            git = (base_dir / git.read_text().split(":", 1)[1].strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head[5:]
        common = git / "commondir"
        roots = [git] + ([(git / common.read_text().strip()).resolve()] if common.exists() else [])
        for root in roots:
            if (root / ref).exists():
                return (root / ref).read_text().strip()[:12]
            packed = root / "packed-refs"
            if packed.exists():
                for line in packed.read_text().splitlines():
                    if line.endswith(" " + ref):
                        return line.split()[0][:12]
    except OSError:
        pass
    return "unknown"


def start_error_reporting(*, dsn: str, release: str, environment: str) -> None:
    """Sentry, with the release and no personal data (no e-mail, IP, cookies or bodies)."""
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        release=release,
        environment=environment,
        send_default_pii=False,
        integrations=[DjangoIntegration()],
        traces_sample_rate=0,
    )
