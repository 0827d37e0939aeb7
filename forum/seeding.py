"""Inserting threads with a past: demo content and benchmark data.

The live services (forum.services) create posts one at a time with "now" as their time.
Seeding writes whole histories at once, so it builds rows with their counters already right.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery

from accounts.models import User
from accounts.services import member_counts_recount
from forum.cache_keys import thread_lists_changed
from forum.experience import SIDE_COUNT_FIELDS
from forum.facts import FACT_NAMES
from forum.markup import render_markdown
from forum.mentions import render_post
from forum.models import OUTCOME_NUMBER, Forum, Post, Thread
from search.indexing import index_post, index_thread


@dataclass(frozen=True)
class SeedPost:
    author: User | None
    body: str
    created_at: datetime
    helpful_count: int = 0
    body_html: str | None = None  # pre-rendered, when many posts share one body
    experience_side: str = ""  # for a reply: forum/experience.py


def thread_rows(thread: Thread, posts: list[SeedPost]) -> list[Post]:
    """Unsaved posts numbered 1..N, and the thread's counters set to match them."""
    rows = [
        Post(
            thread=thread,
            number=number,
            author=seed.author,
            body=seed.body,
            body_html=seed.body_html if seed.body_html is not None else render_post(seed.body),
            created_at=seed.created_at,
            helpful_count=seed.helpful_count,
            experience_side=seed.experience_side if number > 1 else "",
        )
        for number, seed in enumerate(posts, start=1)
    ]
    thread.last_number = len(rows)
    thread.reply_count = len(rows) - 1
    sides = Counter(row.experience_side for row in rows[1:])
    for side, counter in SIDE_COUNT_FIELDS.items():
        setattr(thread, counter, sides[side])
    thread.last_activity_at = posts[-1].created_at
    return rows


def link_last_posts(threads) -> None:
    """Point each thread's last_post at its highest-numbered post, in one UPDATE."""
    last = Post.objects.filter(thread=OuterRef("pk"), number=OuterRef("last_number")).values("pk")
    threads.update(last_post_id=Subquery(last[:1]))


@transaction.atomic
def thread_insert_history(
    *,
    forum: Forum,
    title: str,
    context: str,
    tags: list[str],
    posts: list[SeedPost],
    facts: Mapping[str, str] | None = None,
    accepted: int | None = None,
) -> Thread:
    """One thread whose question is posts[0] and whose replies are the rest, in order; with
    `accepted`, posts[accepted] is the accepted answer (counted to its author by the recount
    below)."""
    question = posts[0]
    thread = Thread(
        forum=forum,
        title=title,
        context=context,
        author=question.author,
        created_at=question.created_at,
        **{name: (facts or {}).get(name, "") for name in FACT_NAMES},
    )
    rows = thread_rows(thread, posts)
    thread.save()
    Post.objects.bulk_create(rows)
    link_last_posts(Thread.objects.filter(pk=thread.pk))
    if accepted is not None:
        if not 1 <= accepted < len(posts):
            raise ValueError("Only a reply can be the accepted answer.")
        answer = Post.objects.filter(thread=thread, number=accepted + 1).values("pk")
        Thread.objects.filter(pk=thread.pk).update(accepted_post_id=Subquery(answer))
    if tags:
        thread.tags.set(tags)
    member_counts_recount(member_ids={post.author.pk for post in posts if post.author})
    index_thread(thread)  # searchable as soon as it is committed
    transaction.on_commit(thread_lists_changed)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def outcome_insert_history(
    *, thread: Thread, author: User, body: str, created_at: datetime
) -> Post:
    """A thread's outcome written in the past (forum/outcomes.py), linked from its thread,
    without notifying anyone."""
    outcome = Post.objects.create(
        thread=thread,
        number=OUTCOME_NUMBER,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=created_at,
    )
    changes = {"outcome": outcome}
    if created_at > thread.last_activity_at:
        changes |= {"last_activity_at": created_at, "last_post": outcome}
    Thread.objects.filter(pk=thread.pk).update(**changes)
    member_counts_recount(member_ids=[author.pk])
    index_post(outcome)
    transaction.on_commit(thread_lists_changed)
    return outcome
