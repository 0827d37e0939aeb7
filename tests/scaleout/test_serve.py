"""`make serve` as an operator runs it: production settings, gunicorn, WhiteNoise, the worker.

On the SQLite run of the suite it serves a fresh SQLite file (migrated by `make serve`
itself); on the PostgreSQL run, the suite's test database.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.scaleout.servers import (
    MAKE_SERVE,
    ROOT,
    Browser,
    make_serve,
    server_env,
    session_processes,
)


@pytest.fixture
def served(request):
    """`make serve` on a free loopback port, stopped (its whole session) afterwards."""
    with make_serve(request, WEB_CONCURRENCY="3", GUNICORN_THREADS="2") as server:
        yield server


def gunicorn_and_workers(session: int) -> tuple[list[dict], list[dict]]:
    processes = session_processes(session)
    gunicorns = [p for p in processes if any(a.endswith("bin/gunicorn") for a in p["argv"][:2])]
    masters = [p for p in gunicorns if p["ppid"] not in {g["pid"] for g in gunicorns}]
    workers = [p for p in gunicorns if masters and p["ppid"] == masters[0]["pid"]]
    return processes, workers


def test_make_serve_runs_gunicorn_workers_and_the_task_worker_with_debug_off(served):
    # The master forks its workers one by one: give a busy machine a moment.
    deadline = time.monotonic() + 30
    processes, workers = gunicorn_and_workers(served["session"])
    while len(workers) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
        processes, workers = gunicorn_and_workers(served["session"])
    assert len(workers) == 3
    # The worker and the scheduler, under the supervisor that restarts them.
    for command in ("supervise", "db_worker", "run_scheduler"):
        assert any(command in p["argv"] for p in processes), command

    browser = Browser()
    missing = browser.get(f"{served['base']}/no-such-page/")
    assert missing.status == 404
    assert "Traceback" not in missing.body and "DEBUG = True" not in missing.body
    assert browser.get(f"{served['base']}/").status == 200


def test_static_files_are_hashed_compressed_and_cached_for_ever(served):
    page = Browser().get(f"{served['base']}/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page.body)
    assert stylesheet, "the page links the stylesheet by its hashed name"

    browser = Browser()
    browser.opener.addheaders = [("Accept-Encoding", "gzip")]
    answer = browser.get(f"{served['base']}{stylesheet.group(1)}")
    assert answer.status == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "immutable" in answer.headers["Cache-Control"]


def test_make_serve_refuses_to_start_without_a_secret_key():
    env = server_env(Path(tempfile.gettempdir()), DATABASE_URL="sqlite://:memory:")
    for name in ("SECRET_KEY", "DEBUG"):
        env.pop(name)
    result = subprocess.run(
        MAKE_SERVE, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "make serve: cannot start: Set SECRET_KEY to at least 50 random characters" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.db import connections
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "page_cache": settings.PAGE_CACHE_SECONDS,
    "databases": {
        alias: {
            "engine": config["ENGINE"],
            "conn_max_age": config["CONN_MAX_AGE"],
            "health_checks": config["CONN_HEALTH_CHECKS"],
            "connect_timeout": config["OPTIONS"].get("connect_timeout"),
            "prepared": config["OPTIONS"].get("prepare_threshold"),
            "server_side_binding": config["OPTIONS"].get("server_side_binding"),
            "mirror": config["TEST"].get("MIRROR"),
        }
        for alias, config in connections.settings.items()
    },
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE,
}))
"""


def settings_with(**env: str) -> dict:
    full = server_env(Path(tempfile.gettempdir()), **env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_with_redis_shares_cache_sessions_and_cached_pages():
    found = settings_with(
        DATABASE_URL="postgres://forum@db.internal:5432/forum",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert found["cache"] == "config.redis_cache.RedisCache"
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["page_cache"] > 0
    assert found["databases"]["default"] == {
        "engine": "django.db.backends.postgresql",
        "conn_max_age": 60,
        "health_checks": True,
        "connect_timeout": 2,
        "prepared": 2,
        "server_side_binding": True,
        "mirror": None,
    }
    assert found["routers"] == []


def test_prepared_statements_can_be_switched_off_for_a_transaction_pooler():
    found = settings_with(
        DATABASE_URL="postgres://forum@pgbouncer.internal:6432/forum",
        DATABASE_PREPARED_STATEMENTS="false",
    )
    assert found["databases"]["default"]["prepared"] is None
    assert found["databases"]["default"]["server_side_binding"] is None


def test_without_redis_pages_are_not_cached_per_process():
    found = settings_with(DATABASE_URL="sqlite:///unused.sqlite3")
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["page_cache"] == 0


def test_a_replica_url_adds_the_replica_and_its_router():
    found = settings_with(
        DATABASE_URL="postgres://forum@primary.internal:5432/forum",
        DATABASE_REPLICA_URL="postgres://forum@replica.internal:5432/forum",
    )
    assert found["databases"]["replica"]["engine"] == "django.db.backends.postgresql"
    assert found["databases"]["replica"]["mirror"] == "default"
    assert found["routers"] == ["config.db_router.PrimaryReplicaRouter"]
