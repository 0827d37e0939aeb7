"""Bulk-insert a large forum for benchmarks: many threads, many posts, one very long thread.

The text reads like the forum's own: words are drawn from the demo content's vocabulary with
Zipf-like weights (the k-th most frequent word about 1/k as often as the first), so common
words such as "client" or "estimate" match a large share of posts, as they do on a real
forum, and rare ones match a few. Search speed is only meaningful on such a mix.
The search index is built at the end, so the forum is searchable when the command returns.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import timedelta
from functools import cache

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import User
from accounts.services import member_counts_recount
from forum.cache_keys import thread_lists_changed
from forum.markup import render_markdown
from forum.models import Forum, Post, ProjectContext, Tag, TaggedThread, Thread
from forum.seeding import SeedPost, link_last_posts, thread_rows
from search.indexing import reindex

# The exponent of the Zipf-like weights: near 1, as measured for English text.
ZIPF_EXPONENT = 1.05
PARAGRAPHS = 5_000
TOPICS = (
    "Estimating", "Information Technology", "Stakeholder Management", "Contracts", "Risk",
    "Budgeting", "Agile", "Resourcing", "Reporting", "Scope Change", "Vendors", "PMO",
    "Quality", "Scheduling", "Communication", "Governance", "Procurement", "Change Management",
    "Benefits", "Portfolio",
)  # fmt: skip
CONTEXTS = (ProjectContext.INTERNAL, ProjectContext.CLIENT, ProjectContext.GENERAL)


@cache
def vocabulary() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The demo content's words, most frequent first, with their Zipf-like weights."""
    from forum.demo_content import THREADS

    texts = []
    for thread in THREADS:
        texts += [thread["title"], thread["body"]]
        texts += [reply["body"] for reply in thread.get("replies", [])]
    counts = Counter(re.findall(r"[a-z]+(?:'[a-z]+)?", " ".join(texts).lower()))
    words = tuple(word for word, _ in counts.most_common())
    weights = tuple(1 / rank**ZIPF_EXPONENT for rank in range(1, len(words) + 1))
    return words, weights


def searchable_words(count: int = 50) -> tuple[list[str], list[str]]:
    """The corpus's `count` most frequent words that search keeps (PostgreSQL's English stop
    words left out, as search drops them) and as many of its rarest: what the search
    benchmarks ask for."""
    from django.db import connection

    words, _ = vocabulary()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, position)"
            " WHERE to_tsvector('english', word) <> ''::tsvector ORDER BY position",
            [list(words)],
        )
        searchable = [word for (word,) in cursor.fetchall()]
    return searchable[:count], searchable[-count:]


def sentence(rng: random.Random, length: int) -> str:
    words, weights = vocabulary()
    return " ".join(rng.choices(words, weights, k=length)).capitalize()


class Command(BaseCommand):
    help = "Bulk-insert benchmark data (threads x posts plus one hot thread)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--threads", type=int, default=10_000)
        parser.add_argument("--posts-per-thread", type=int, default=20)
        parser.add_argument("--hot-thread-posts", type=int, default=2_000)
        parser.add_argument("--members", type=int, default=500)
        parser.add_argument("--batch", type=int, default=500, help="threads per transaction")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **opts) -> None:
        rng = random.Random(opts["seed"])
        self.now = timezone.now()
        self.forum = self.bench_forum()
        self.members = self.bench_members(opts["members"])
        self.tags = self.bench_tags()
        self.paragraphs = self.bench_paragraphs(rng)

        total_threads, per_thread = opts["threads"], opts["posts_per_thread"]
        with tqdm(total=total_threads * per_thread, unit="post", desc="posts") as bar:
            for start in range(0, total_threads, opts["batch"]):
                count = min(opts["batch"], total_threads - start)
                self.insert_batch(rng, start, count, per_thread)
                bar.update(count * per_thread)
        if opts["hot_thread_posts"]:
            hot = self.insert_hot_thread(rng, opts["hot_thread_posts"])
            self.stdout.write(f"Hot thread: {hot.get_absolute_url()} ({hot.last_number} posts)")
        member_counts_recount(member_ids=[member.pk for member in self.members])
        thread_lists_changed()
        with tqdm(total=Post.objects.count(), unit="post", desc="search index") as bar:
            reindex(fresh=True, progress=bar.update)
        threads, posts = Thread.objects.count(), Post.objects.count()
        self.stdout.write(f"Now {threads} threads and {posts} posts in the database.")

    def bench_forum(self) -> Forum:
        forum, _ = Forum.objects.get_or_create(
            slug="benchmark", defaults={"name": "Benchmark", "position": 99}
        )
        return forum

    def bench_members(self, count: int) -> list[User]:
        existing = set(
            User.objects.filter(username__startswith="bench_").values_list("username", flat=True)
        )
        new = [
            User(
                username=f"bench_{n}",
                email=f"bench_{n}@bench.pmforum.example",
                display_name=f"Bench Member {n}",
                headline="Delivery lead",
                location="Test City",
                password="!",  # unusable: these accounts cannot log in  # noqa: S106
            )
            for n in range(count)
            if f"bench_{n}" not in existing
        ]
        User.objects.bulk_create(new, batch_size=1000)
        return list(User.objects.filter(username__startswith="bench_"))

    def bench_tags(self) -> list[Tag]:
        for name in TOPICS:
            Tag.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})
        return list(Tag.objects.filter(name__in=TOPICS))

    def bench_paragraphs(self, rng: random.Random) -> list[tuple[str, str]]:
        """Paragraphs rendered once; each post joins one to four of them, so posts differ
        (as search needs) without rendering a million bodies (not what we measure)."""
        paragraphs = []
        for _ in range(PARAGRAPHS):
            text = sentence(rng, rng.randint(25, 60)) + "."
            paragraphs.append((text, render_markdown(text)))
        return paragraphs

    def body(self, rng: random.Random) -> tuple[str, str]:
        """A post's Markdown and its HTML: Markdown renders paragraphs one by one, joined by
        a line break."""
        chosen = rng.sample(self.paragraphs, rng.randint(1, 4))
        return "\n\n".join(text for text, _ in chosen), "\n".join(html for _, html in chosen)

    def seed_posts(self, rng: random.Random, count: int, start_at) -> list[SeedPost]:
        """Posts from `start_at` on, a few minutes to hours apart, the last one in the past
        (a post dated in the future would make its author wait to post again)."""
        gaps = [0] + [rng.randint(5, 600) for _ in range(count - 1)]
        room = (self.now - timedelta(minutes=1) - start_at) / timedelta(minutes=1)
        squeeze = min(1.0, room / max(sum(gaps), 1))
        posts = []
        moment = start_at
        for gap in gaps:
            moment += timedelta(minutes=gap * squeeze)
            body, html = self.body(rng)
            posts.append(
                SeedPost(
                    author=rng.choice(self.members),
                    body=body,
                    body_html=html,
                    created_at=moment,
                    helpful_count=rng.choice((0, 0, 0, 1, 2, 5)),
                )
            )
        return posts

    @transaction.atomic
    def insert_batch(self, rng: random.Random, start: int, count: int, per_thread: int) -> None:
        threads, post_lists = [], []
        for n in range(start, start + count):
            asked = self.now - timedelta(minutes=rng.randint(60, 60 * 24 * 365))
            posts = self.seed_posts(rng, per_thread, asked)
            thread = Thread(
                forum=self.forum,
                title=f"{sentence(rng, rng.randint(4, 9))}? (#{n})",
                slug="",
                context=rng.choice(CONTEXTS),
                author=posts[0].author,
                created_at=asked,
            )
            thread.slug = f"bench-thread-{n}"
            threads.append(thread)
            post_lists.append(posts)
        rows = [thread_rows(t, p) for t, p in zip(threads, post_lists, strict=True)]
        Thread.objects.bulk_create(threads)
        Post.objects.bulk_create(
            [post for thread_posts in rows for post in thread_posts], batch_size=5000
        )
        TaggedThread.objects.bulk_create(
            [
                TaggedThread(content_object=thread, tag=tag)
                for thread in threads
                for tag in rng.sample(self.tags, rng.randint(1, 3))
            ],
            batch_size=5000,
        )
        link_last_posts(Thread.objects.filter(pk__in=[t.pk for t in threads]))

    def insert_hot_thread(self, rng: random.Random, count: int) -> Thread:
        asked = self.now - timedelta(days=400)
        with transaction.atomic():
            thread = Thread(
                forum=self.forum,
                title="The long-running benchmark discussion about estimates",
                slug="hot-benchmark-thread",
                context=ProjectContext.CLIENT,
                created_at=asked,
            )
            posts = self.seed_posts(rng, count, asked)
            thread.author = posts[0].author
            rows = thread_rows(thread, posts)
            thread.save()
            Post.objects.bulk_create(rows, batch_size=5000)
            thread.tags.set(self.tags[:2])
            link_last_posts(Thread.objects.filter(pk=thread.pk))
        return thread
