"""Posting limits per member, decided from the member's own posts inside the posting transaction.

The posts table is the record: "one post every 15 seconds, 30 an hour" means the member's last
posts are far enough apart. The posting services lock the member's row first (`posting_turn`),
so one member's posts are decided one after another: each sees the posts committed before it,
and a burst of simultaneous submissions lands one post. A refused, invalid or failed post
writes nothing, so it uses up nothing; and nothing here depends on Redis.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from forum.models import Post
from limits.counters import wait_under


class PostingTooFast(Exception):
    """The member posted too recently; `wait` is the seconds until they may post again."""

    def __init__(self, wait: int) -> None:
        super().__init__(f"Posting again is possible in {wait} s")
        self.wait = wait


class DuplicatePost(Exception):
    """The same text from the same member within the duplicate window: `post` is the one made."""

    def __init__(self, post: Post) -> None:
        super().__init__(f"Already posted as #{post.pk}")
        self.post = post


def posting_turn(author: User) -> None:
    """Wait for the member's other postings in progress to finish (a row lock held until this
    transaction ends), so the checks below see them."""
    User.objects.select_for_update(no_key=True).filter(pk=author.pk).values_list("pk").get()


def recent_duplicate(*, author: User, body: str, thread_id: int | None = None) -> Post | None:
    """The same text from the same member within the duplicate window, if there is one.

    A double-clicked submit or a resent form lands on the post already made.
    """
    since = timezone.now() - timedelta(seconds=settings.FORUM_DUPLICATE_WINDOW)
    posts = Post.objects.filter(author=author, body=body, created_at__gte=since, is_deleted=False)
    # A question matches questions; a reply matches replies in the same thread.
    posts = posts.filter(thread_id=thread_id) if thread_id is not None else posts.filter(number=1)
    return posts.select_related("thread").order_by("-pk").first()


def posting_wait(author: User) -> int:
    """Seconds the member must wait before posting again; 0 when they may post now."""
    rates = settings.FORUM_POST_RATE_LIMITS
    now = timezone.now()
    longest = max(seconds for _, seconds in rates)
    most = max(count for count, _ in rates)
    recent = (
        Post.objects.filter(author=author, created_at__gt=now - timedelta(seconds=longest))
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:most]
    )
    return math.ceil(wait_under([at.timestamp() for at in recent], rates, now.timestamp()))


def posting_allowed(*, author: User, body: str, thread_id: int | None = None) -> None:
    """Inside a posting transaction: take the member's turn, then refuse a duplicate
    (`DuplicatePost`) or a post that comes too soon (`PostingTooFast`)."""
    posting_turn(author)
    duplicate = recent_duplicate(author=author, body=body, thread_id=thread_id)
    if duplicate is not None:
        raise DuplicatePost(duplicate)
    wait = posting_wait(author)
    if wait:
        raise PostingTooFast(wait)
