"""How long a search takes on a big forum: the search query alone, and the whole /search/ page.

Against a PostgreSQL database already filled and indexed (see docs/search.md):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py seed_bench --threads 50000 --posts-per-thread 20
    .venv/bin/python bench/search.py --searches 300

It runs a few warm-up searches, then --searches searches drawn (with a fixed seed) from the
words seed_bench writes (see make_searches): mostly the corpus's 50 most frequent words and
pairs of them, also rare words, quoted phrases, exclusions, `or`, a word that matches nothing,
a share of them with a tag, context or answered filter, on page 1 or page 5. It prints the
median and 95th percentile of each, overall and by kind of search.

Not part of the test suite: the figures depend on the machine and the data.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

MISSING = ("zeppelin", "quokka", "marzipan", "tessellate")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def make_searches(
    rng: random.Random,
    count: int,
    *,
    frequent: list[str],
    rare: list[str],
    tags: list,
    contexts: list[str],
) -> list[dict]:
    """Varied searches: the kind, the query text and the page's GET parameters.

    Most are what people type on a project-management forum: one or two of the corpus's most
    frequent words ("client", "estimate"), which match a large share of posts; the rest are
    rare words, phrases, exclusions, `or` and a word that matches nothing. Pages 1 and 5 are
    asked as often, since a later page must cost what the first costs.
    """
    kinds = {
        "frequent word": 4,
        "two frequent words": 4,
        "rare word": 2,
        "phrase": 1,
        "exclusion": 1,
        "or": 1,
        "no match": 1,
    }
    searches = []
    for _ in range(count):
        kind = rng.choices(list(kinds), list(kinds.values()))[0]
        a, b = rng.sample(frequent, 2)
        q = {
            "frequent word": a,
            "two frequent words": f"{a} {b}",
            "rare word": rng.choice(rare),
            "phrase": f'"{a} {b}"',
            "exclusion": f"{a} -{b}",
            "or": f"{a} or {rng.choice(rare)}",
            "no match": rng.choice(MISSING),
        }[kind]
        params = {"q": q}
        roll = rng.random()
        if roll < 0.15 and tags:
            params["tag"] = rng.choice(tags).slug
        elif roll < 0.25:
            params["context"] = rng.choice(contexts)
        elif roll < 0.30:
            params["status"] = rng.choice(["answered", "unanswered"])
        filtered = len(params) > 1
        page = 1 if kind == "no match" else rng.choice([1, 5])
        if page > 1:
            params["page"] = str(page)
        label = kind + (" + filter" if filtered else "") + (f", page {page}" if page > 1 else "")
        searches.append({"kind": label, "params": params})
    return searches


def backend_filters(params: dict, tags: dict) -> dict:
    """The page's filters as search.backends.Filters arguments."""
    status = params.get("status")
    return dict(
        tag_id=tags[params["tag"]].pk if "tag" in params else None,
        context=params.get("context"),
        answered=None if status is None else status == "answered",
    )


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def report(title: str, timings: dict[str, list[float]]) -> None:
    every = [t for values in timings.values() for t in values]
    print(f"\n{title}")
    print(f"  {'all searches':<26} n={len(every):<4} median {statistics.median(every):7.1f} ms"
          f"   p95 {percentile(every, 0.95):7.1f} ms")  # fmt: skip
    for kind in sorted(timings):
        values = timings[kind]
        print(f"  {kind:<26} n={len(values):<4} median {statistics.median(values):7.1f} ms"
              f"   p95 {percentile(values, 0.95):7.1f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    import django

    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from forum.management.commands.seed_bench import searchable_words
    from forum.models import Post, ProjectContext, Tag
    from search.backends import Filters, search_posts
    from search.query import parse_query
    from search.views import RESULTS_PER_PAGE

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL database seed_bench filled.")
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed
    settings.DEBUG = False  # no query log kept in memory while timing
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a page past the end is a 404
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_postsearch")
        indexed = cursor.fetchone()[0]
    posts = Post.objects.count()
    if not indexed:
        sys.exit("The search index is empty: run manage.py search_reindex --fresh first.")
    tags = {tag.slug: tag for tag in Tag.objects.all()}
    print(f"{posts:,} posts, {indexed:,} in the search index; PostgreSQL "
          f"{connection.cursor().connection.info.server_version}; "
          f"rank limit {getattr(settings, 'SEARCH_RANK_LIMIT', 10_000):,}")  # fmt: skip

    frequent, rare = searchable_words()
    print(f"frequent words: {', '.join(frequent[:12])}, ...")
    print(f"rare words: {', '.join(rare[:6])}, ...")
    rng = random.Random(args.seed)
    pool = {
        "frequent": frequent,
        "rare": rare,
        "tags": list(tags.values()),
        "contexts": ProjectContext.values,
    }
    warmup = make_searches(rng, args.warmup, **pool)
    searches = make_searches(rng, args.searches, **pool)
    client = Client()

    for search in warmup:
        client.get("/search/", search["params"])

    query_ms: dict[str, list[float]] = defaultdict(list)
    page_ms: dict[str, list[float]] = defaultdict(list)
    statuses: dict[int, int] = defaultdict(int)
    for search in searches:
        params, kind = search["params"], search["kind"]
        text = parse_query(params["q"])
        page = int(params.get("page", "1"))
        filters = Filters(**backend_filters(params, tags))
        query_ms[kind].append(
            timed(
                lambda text=text, filters=filters, page=page: search_posts(
                    text,
                    filters,
                    offset=(page - 1) * RESULTS_PER_PAGE,
                    limit=RESULTS_PER_PAGE,
                )
            )
        )
        response = None

        def fetch(params=params):
            nonlocal response
            response = client.get("/search/", params)

        page_ms[kind].append(timed(fetch))
        statuses[response.status_code] += 1

    report("Search query (search.backends.search_posts: rank, count, snippets)", query_ms)
    report("Whole /search/ page (test client: view, queries, template)", page_ms)
    print(f"\nPage statuses: {dict(statuses)}")


if __name__ == "__main__":
    main()
