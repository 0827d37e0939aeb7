"""The moderators' queue: posts with open reports, held posts among them, and how many wait.

The number waiting shows in every moderator's header, so it is kept in the cache and dropped
by name (queue_changed) by the services that open or close reports.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Max, Q

from forum.models import Post
from moderation.models import Flag

QUEUE_LENGTH = 100
QUEUE_COUNT_KEY = "moderation:queue-count"
# A safeguard only: the services drop the count when it changes.
QUEUE_COUNT_SECONDS = 300


def posts_to_review() -> list[Post]:
    """Posts with open reports, most reported first, each with its open reports."""
    open_flags = Q(flags__resolved_at__isnull=True)
    posts = list(
        Post.objects.filter(pk__in=Flag.objects.open().values("post_id"))
        .annotate(open_count=Count("flags", filter=open_flags), latest=Max("flags__created_at"))
        .select_related("thread", "author")
        .order_by("-open_count", "-latest")[:QUEUE_LENGTH]
    )
    flags = Flag.objects.open().filter(post__in=posts).select_related("reporter")
    by_post: dict[int, list[Flag]] = {}
    for flag in flags:
        by_post.setdefault(flag.post_id, []).append(flag)
    for post in posts:
        post.open_flags = by_post.get(post.pk, [])
    return posts


def queue_count() -> int:
    """How many posts wait in the queue: one small query (on the open-reports index) when the
    cache does not have it."""
    return cache.get_or_set(
        QUEUE_COUNT_KEY,
        lambda: Flag.objects.open().values("post_id").distinct().count(),
        QUEUE_COUNT_SECONDS,
    )


def queue_changed() -> None:
    cache.delete(QUEUE_COUNT_KEY)
