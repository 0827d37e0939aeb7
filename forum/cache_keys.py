"""Cache keys for stored counts that go stale when threads appear, move or are hidden."""

import secrets

from django.core.cache import cache

THREAD_LIST_VERSION_KEY = "forum:thread-list-version"


def _version(key: str) -> int:
    return cache.get_or_set(key, 1, timeout=None)


def _version_moved(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def thread_list_version() -> int:
    return _version(THREAD_LIST_VERSION_KEY)


def thread_lists_changed() -> None:
    """Invalidate every cached thread-list count at once by moving to a new version."""
    _version_moved(THREAD_LIST_VERSION_KEY)


PAGES_VERSION_KEY = "forum:pages-version"


def page_cache_version() -> str:
    """The version under which whole public pages are cached (config/page_cache.py).

    It moves with the thread lists and with every change made through the site, so a cached
    page never outlives the write that changed it. One round trip to the cache.
    """
    found = cache.get_many([THREAD_LIST_VERSION_KEY, PAGES_VERSION_KEY])
    lists = found.get(THREAD_LIST_VERSION_KEY) or thread_list_version()
    pages = found.get(PAGES_VERSION_KEY)
    if pages is None:
        # A random start: should the key ever be evicted, old pages are not found again.
        cache.add(PAGES_VERSION_KEY, secrets.randbelow(2**40) + 1, timeout=None)
        pages = cache.get(PAGES_VERSION_KEY)
    return f"{lists}.{pages}"


def pages_changed() -> None:
    """Invalidate every cached public page at once."""
    try:
        cache.incr(PAGES_VERSION_KEY)
    except ValueError:
        cache.add(PAGES_VERSION_KEY, secrets.randbelow(2**40) + 1, timeout=None)


MEMBER_LIST_VERSION_KEY = "accounts:member-list-version"


def member_list_version() -> int:
    return _version(MEMBER_LIST_VERSION_KEY)


def member_list_changed() -> None:
    """Invalidate the member directory's cached counts: someone joined or left."""
    _version_moved(MEMBER_LIST_VERSION_KEY)
