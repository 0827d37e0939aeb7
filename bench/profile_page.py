"""Profile one page in-process with the production settings: where does a request's time go?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmforum_bench_200000 \\
    REDIS_URL=redis://127.0.0.1:6379/6 \\
    .venv/bin/python bench/profile_page.py /threads/123/bench-thread-5/ --member --repeat 200

Prints the mean time per request, the queries of one request, and cProfile's top functions.
Run `bench/run.py` once first: it seeds the database and collects the static files this uses.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--member", action="store_true", help="as a logged-in bench member")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from accounts.models import User

    static_dir = Path(settings.STATIC_ROOT)
    if not (static_dir / "staticfiles.json").exists():
        raise SystemExit(f"no collected static files in {static_dir}: set STATIC_ROOT")
    client = Client(HTTP_HOST="127.0.0.1")
    if args.member:
        client.force_login(User.objects.filter(username__startswith="bench_").order_by("pk")[0])

    with override_settings(DEBUG=False):
        for _ in range(5):
            response = client.get(args.path)
        print(f"{args.path}: {response.status_code}, {len(response.content)} bytes")
        with CaptureQueriesContext(connection) as queries:
            client.get(args.path)
        for query in queries.captured_queries:
            print(f"  {query['time']}s  {query['sql'][:160]}")
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(args.repeat):
            client.get(args.path)
        elapsed = (time.perf_counter() - started) / args.repeat
        cpu = (time.process_time() - cpu_started) / args.repeat
        # CPU time leaves out waiting for the database and for other processes on the machine.
        print(
            f"mean {elapsed * 1000:.2f} ms per request ({cpu * 1000:.2f} ms of this process's "
            f"CPU) over {args.repeat}"
        )
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            client.get(args.path)
        profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
