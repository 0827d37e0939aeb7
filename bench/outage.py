"""How fast pages and /healthz answer when PostgreSQL or Redis cannot be reached.

    .venv/bin/python bench/outage.py [--database-url postgres://postgres@127.0.0.1:5432/NAME]

Starts gunicorn (config/gunicorn.conf.py, production settings) on loopback four times: with a
database port that refuses connections (PostgreSQL stopped) and with one that accepts them
and never answers (a network that drops packets), both without Redis; then with a working
database (--database-url, default the benchmark's) and a Redis port that refuses, then one
that never answers. Prints the status and time of each request. Needs collected static files
in STATIC_ROOT (default var/bench/static; `DEBUG=false manage.py collectstatic`).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed_get(port: int, path: str) -> tuple[int, float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer.status, time.perf_counter() - started


def silent_port() -> int:
    """A port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held = []

    def accept() -> None:
        while True:
            held.append(listener.accept())

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/pmforum_bench_200000"
    )
    args = parser.parse_args()
    static_root = os.environ.get("STATIC_ROOT", str(ROOT / "var" / "bench" / "static"))
    if not (Path(static_root) / "staticfiles.json").exists():
        raise SystemExit(f"no collected static files in {static_root}")
    nowhere = "postgres://postgres@127.0.0.1:{}/none"
    database_paths = ("/healthz", "/", "/healthz", "/")
    redis_paths = ("/", "/", "/healthz", "/", "/")
    cases = (
        ("database refused", {"DATABASE_URL": nowhere.format(free_port())}, database_paths),
        ("database silent", {"DATABASE_URL": nowhere.format(silent_port())}, database_paths),
        (
            "redis refused",
            {"DATABASE_URL": args.database_url, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"},
            redis_paths,
        ),
        (
            "redis silent",
            {
                "DATABASE_URL": args.database_url,
                "REDIS_URL": f"redis://127.0.0.1:{silent_port()}/0",
            },
            redis_paths,
        ),
    )
    for label, overrides, paths in cases:
        port = free_port()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "HTTPS": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": static_root,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
            "GUNICORN_ACCESS_LOG": "off",
            "LOG_LEVEL": "CRITICAL",
            **overrides,
        }
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "config/gunicorn.conf.py",
             "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            for path in paths:
                status, seconds = timed_get(port, path)
                print(f"{label:<16} GET {path:<9} {status}  {seconds * 1000:7.0f} ms")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
