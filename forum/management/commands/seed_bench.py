"""Bulk-insert a large forum for benchmarks: many threads, many posts, one very long thread."""

from __future__ import annotations

import random
from datetime import timedelta

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

WORDS = (
    "scope", "budget", "sponsor", "client", "estimate", "baseline", "milestone", "risk", "change",
    "request", "contract", "delivery", "backlog", "sprint", "stakeholder", "invoice", "handover",
    "acceptance", "vendor", "timeline", "dependency", "forecast", "steering", "status", "margin",
)  # fmt: skip
TOPICS = (
    "Estimating", "Information Technology", "Stakeholder Management", "Contracts", "Risk",
    "Budgeting", "Agile", "Resourcing", "Reporting", "Scope Change", "Vendors", "PMO",
    "Quality", "Scheduling", "Communication", "Governance", "Procurement", "Change Management",
    "Benefits", "Portfolio",
)  # fmt: skip
CONTEXTS = (ProjectContext.INTERNAL, ProjectContext.CLIENT, ProjectContext.GENERAL)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


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
        self.bodies = self.bench_bodies(rng)

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

    def bench_bodies(self, rng: random.Random) -> list[tuple[str, str]]:
        """A few dozen bodies rendered once and shared: rendering is not what we measure."""
        bodies = []
        for _ in range(40):
            paragraphs = (sentence(rng, rng.randint(25, 60)) for _ in range(rng.randint(1, 4)))
            body = ".\n\n".join(paragraphs) + "."
            bodies.append((body, render_markdown(body)))
        return bodies

    def seed_posts(self, rng: random.Random, count: int, start_at) -> list[SeedPost]:
        posts = []
        moment = start_at
        for _ in range(count):
            body, html = rng.choice(self.bodies)
            posts.append(
                SeedPost(
                    author=rng.choice(self.members),
                    body=body,
                    body_html=html,
                    created_at=moment,
                    helpful_count=rng.choice((0, 0, 0, 1, 2, 5)),
                )
            )
            moment += timedelta(minutes=rng.randint(5, 600))
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
