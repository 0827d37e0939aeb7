"""Does page 100 of a long thread cost what page 1 costs? Times both through Django.

Usage, on a database filled by `manage.py seed_bench` (which makes a 2,000-post thread):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmforum_bench \
        .venv/bin/python bench/thread_page_depth.py --requests 200
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()


from django.test import Client  # noqa: E402

from forum.models import Thread  # noqa: E402


def timed(client: Client, url: str, params: dict, count: int) -> tuple[list[float], int]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times, response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    thread = Thread.objects.order_by("-last_number").first()
    url = thread.get_absolute_url()
    client = Client()
    client.get(url)  # warm up templates and connections
    print(f"thread {thread.pk}: {thread.last_number} posts; {args.requests} requests per page")
    medians = {}
    for page in (1, 100):
        times, _ = timed(client, url, {"page": page}, args.requests)
        medians[page] = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"page {page:>3}: median {medians[page]:.2f} ms, p95 {p95:.2f} ms")
    print(f"page 100 / page 1 time: {medians[100] / medians[1]:.2f}")


if __name__ == "__main__":
    main()
