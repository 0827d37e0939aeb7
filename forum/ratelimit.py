"""Posting limits per member, kept in the shared cache so they hold across app servers.

Each limit keeps the times of the member's recent posts (a sliding window), so "one post
every 15 seconds" means exactly that, with no burst at a window boundary.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache


def _recent(user_id: int, count: int, seconds: int, now: float) -> tuple[str, list[float]]:
    key = f"forum:posting:{user_id}:{count}/{seconds}"
    times = [t for t in cache.get(key, []) if t > now - seconds]
    return key, times


def posting_wait(user_id: int) -> int:
    """Seconds the member must wait before posting again; 0 when they may post now.

    Only reads: a post that is refused, or that fails validation, uses up nothing.
    """
    now = time.time()
    wait = 0.0
    for count, seconds in settings.FORUM_POST_RATE_LIMITS:
        _, times = _recent(user_id, count, seconds, now)
        if len(times) >= count:
            wait = max(wait, sorted(times)[-count] + seconds - now)
    return math.ceil(wait)


def posting_recorded(user_id: int) -> None:
    """Count a post that was made against every limit."""
    now = time.time()
    for count, seconds in settings.FORUM_POST_RATE_LIMITS:
        key, times = _recent(user_id, count, seconds, now)
        cache.set(key, sorted([*times, now])[-count:], timeout=seconds + 1)
