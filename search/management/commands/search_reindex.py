"""Build or refresh the search index from the posts, a range of post ids per SQL statement."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from search.indexing import id_ranges, reindex


class Command(BaseCommand):
    help = (
        "Bring the search index in line with every post (after seed_bench, an import, or a "
        "change to how posts are indexed). Set-based: one INSERT ... SELECT per range of ids."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", type=int, default=20_000, help="post ids per statement (default 20000)"
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="empty the index and build it from scratch: fastest for a first build, but "
            "searches find little until it ends. Without it, each range is rewritten in place "
            "and the site can keep running.",
        )

    def handle(self, *args, batch: int, fresh: bool, **options) -> None:
        if batch < 1:
            raise CommandError("--batch must be a positive number of post ids.")
        ranges = list(id_ranges(batch))
        span = ranges[-1][1] - ranges[0][0] if ranges else 0
        started = time.monotonic()
        with tqdm(total=span, unit="id", desc="search index", disable=not span) as bar:
            reindex(batch=batch, fresh=fresh, progress=bar.update)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT count(*) FROM search_postsearch")
            else:
                cursor.execute("SELECT count(*) FROM search_postfts")
            entries = cursor.fetchone()[0]
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Search index: {entries} searchable posts ({connection.vendor}, {seconds:.1f} s)."
        )
