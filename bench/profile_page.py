"""Profile one page in-process with the production settings: where does a request's time go?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmforum_bench_200000 \\
    REDIS_URL=redis://127.0.0.1:6379/6 \\
    .venv/bin/python bench/profile_page.py /threads/123/bench-thread-5/ --member --repeat 200

    # A member reading 1,000 threads in turn, each once (nothing of them cached yet):
    ... bench/profile_page.py /threads/ --member --rotate 1000

Prints the mean time per request, the queries of one request, where a request's time goes
(middleware, session, member, view, queries, templates, from cProfile's cumulative times) and
cProfile's top functions. Run `bench/run.py` once first: it seeds the database and collects
the static files this uses.
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
    parser.add_argument(
        "--rotate",
        type=int,
        default=0,
        help="read this many benchmark threads in turn instead of `path` (give /threads/)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from accounts.models import User
    from forum.models import Thread

    static_dir = Path(settings.STATIC_ROOT)
    if not (static_dir / "staticfiles.json").exists():
        raise SystemExit(f"no collected static files in {static_dir}: set STATIC_ROOT")
    client = Client(HTTP_HOST="127.0.0.1")
    if args.member:
        client.force_login(User.objects.filter(username__startswith="bench_").order_by("pk")[0])

    if args.rotate:
        threads = Thread.objects.filter(slug__startswith="bench-thread-").order_by("?")
        paths = [t.get_absolute_url() for t in threads[: args.rotate * 3]]
        # Three sets: one to look at, one to time, one to profile, each read once.
        sets = [
            paths[: args.rotate],
            paths[args.rotate : 2 * args.rotate],
            paths[2 * args.rotate :],
        ]
    else:
        sets = [[args.path] * 5, [args.path] * args.repeat, [args.path] * args.repeat]

    with override_settings(DEBUG=False):
        for path in sets[0]:
            response = client.get(path)
        print(f"{sets[0][-1]}: {response.status_code}, {len(response.content)} bytes")
        with CaptureQueriesContext(connection) as queries:
            client.get(sets[0][0] if args.rotate else args.path)
        for query in queries.captured_queries:
            print(f"  {query['time']}s  {query['sql'][:160]}")
        started, cpu_started = time.perf_counter(), time.process_time()
        for path in sets[1]:
            client.get(path)
        elapsed = (time.perf_counter() - started) / len(sets[1])
        cpu = (time.process_time() - cpu_started) / len(sets[1])
        # CPU time leaves out waiting for the database and for other processes on the machine.
        print(
            f"mean {elapsed * 1000:.2f} ms per request ({cpu * 1000:.2f} ms of this process's "
            f"CPU) over {len(sets[1])}"
        )
        profile = cProfile.Profile()
        profile.enable()
        for path in sets[2]:
            client.get(path)
        profile.disable()
    stats = pstats.Stats(profile)
    print_breakdown(stats, len(sets[2]))
    stats.sort_stats(args.sort).print_stats(args.top)


# Where a request's time goes: cumulative time in these functions (file ending, name). Where
# a file has several functions of that name (Template.render, Node.render, ...), the one with
# the most time is the outermost, which holds the others.
BREAKDOWN = [
    ("whole request (test client's handler)", "django/test/client.py", "request"),
    ("middleware and view", "django/core/handlers/base.py", "_get_response"),
    ("  view", "forum/views.py", "thread_detail"),
    ("session loaded", "django/contrib/sessions/backends/base.py", "_get_session"),
    ("member loaded", "django/contrib/auth/__init__.py", "get_user"),
    ("database queries (incl. waiting)", "django/db/backends/utils.py", "_execute"),
    ("cache reads and writes", "django/core/cache/backends/redis.py", "get_many"),
    ("  cache get", "django/core/cache/backends/redis.py", "get"),
    ("  cache set_many", "django/core/cache/backends/redis.py", "set_many"),
    ("template rendering", "django/template/base.py", "render"),
    ("  posts' shared contents rendered", "forum/post_rendering.py", "post_contents"),
]


def print_breakdown(stats: pstats.Stats, requests: int) -> None:
    print(f"\nWhere the time goes (cumulative ms per request over {requests}):")
    for label, file_end, name in BREAKDOWN:
        total = max(
            (
                cumulative
                for (filename, _, function), (_, _, _, cumulative, _) in stats.stats.items()
                if filename.endswith(file_end) and function == name
            ),
            default=0.0,
        )
        print(f"  {label:<40} {total * 1000 / requests:8.2f}")
    print()


if __name__ == "__main__":
    main()
