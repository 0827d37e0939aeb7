"""Heartbeats of the long-running processes, stored in the database that all app servers share."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from jobs.models import Heartbeat

logger = logging.getLogger(__name__)


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def beat(role: str, process: str, now: datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(
        role=role, process=process, defaults={"beat_at": now or timezone.now()}
    )


def beat_in_background(role: str, process: str) -> threading.Event:
    """A thread that beats every HEARTBEAT_SECONDS while the process lives: a long task in the
    main thread does not make a live worker look dead. Set the returned event to stop it."""
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                beat(role, process)
            except Exception:
                logger.exception("Heartbeat of %s %s failed", role, process)
            finally:
                connection.close()  # this thread's own connection
            stop.wait(settings.HEARTBEAT_SECONDS)

    threading.Thread(target=run, name=f"{role}-heartbeat", daemon=True).start()
    return stop


def latest_beat(role: str) -> datetime | None:
    return (
        Heartbeat.objects.filter(role=role)
        .order_by("-beat_at")
        .values_list("beat_at", flat=True)
        .first()
    )
