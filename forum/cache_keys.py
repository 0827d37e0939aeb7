"""Cache keys for stored counts that go stale when threads appear, move or are hidden."""

from django.core.cache import cache

THREAD_LIST_VERSION_KEY = "forum:thread-list-version"


def thread_list_version() -> int:
    return cache.get_or_set(THREAD_LIST_VERSION_KEY, 1, timeout=None)


def thread_lists_changed() -> None:
    """Invalidate every cached thread-list count at once by moving to a new version."""
    try:
        cache.incr(THREAD_LIST_VERSION_KEY)
    except ValueError:
        cache.set(THREAD_LIST_VERSION_KEY, 2, timeout=None)
