"""Checks `make serve` runs before starting anything: one clear line instead of a traceback.

    DEBUG=false python -m config.preflight

Loads the production settings (which refuse a missing or weak SECRET_KEY), runs Django's
system checks, and makes sure the database answers. Exits 1 with the reason when not. Warns
when several worker processes would each keep their own cache (no REDIS_URL).
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(f"make serve: cannot start: {error}", file=sys.stderr)
        return 1

    from django.core.management import call_command
    from django.core.management.base import SystemCheckError
    from django.db import DatabaseError, connection

    try:
        call_command("check", fail_level="ERROR", verbosity=0)
    except SystemCheckError as error:
        print(f"make serve: cannot start: {error}", file=sys.stderr)
        return 1
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        print(f"make serve: cannot start: the database does not answer: {error}", file=sys.stderr)
        return 1

    from django.conf import settings

    workers = os.environ.get("WEB_CONCURRENCY", "")
    shared = "redis" in settings.CACHES["default"]["BACKEND"].lower()
    if not shared and not (workers.isdigit() and int(workers) <= 1):
        print(
            "make serve: warning: without REDIS_URL every worker process keeps its own cache, "
            "so posting and log-in limits are counted per process (docs/deploy.md)",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
