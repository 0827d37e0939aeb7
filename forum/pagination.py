"""Numbered pagination shared by every list and thread page (one include renders it)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.http import urlencode

from forum.cache_keys import thread_list_version

COUNT_TIMEOUT = 300


def requested_page(request: HttpRequest) -> int:
    """The ?page= number. Anything but a positive integer is a 404, like a page past the end."""
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 7) or int(raw) < 1:
        raise Http404("No such page.")
    return int(raw)


def page_window(current: int, total: int, *, around: int = 2) -> list[int | None]:
    """Page numbers to print: first, last and a few around the current one; None marks a gap."""
    shown = {1, total, *range(current - around, current + around + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= total)
    window: list[int | None] = []
    for n in numbers:
        if window and n - (window[-1] or 0) > 1:
            window.append(None)
        window.append(n)
    return window


@dataclass(frozen=True)
class PageLinks:
    number: int
    num_pages: int
    query: str  # the current query string without page=, ending in "&" when not empty

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def window(self) -> list[int | None]:
        return page_window(self.number, self.num_pages)


def query_string(params: Mapping[str, object | None]) -> str:
    """A query string (without "?") from a page's own parameters, in the order given.

    Callers pass only values they have checked (a known sort, an existing tag); a None or
    empty value is left out. Links built here therefore never carry what the request brought
    along unchecked: `?sort=bogus&utm_x=1` gives links with neither.
    """
    return urlencode([(name, value) for name, value in params.items() if value not in (None, "")])


def page_links(
    number: int, num_pages: int, params: Mapping[str, object | None] | None = None
) -> PageLinks:
    """Links to the pages of a list; `params` are the page's valid, non-default parameters."""
    query = query_string(params or {})
    return PageLinks(number=number, num_pages=max(1, num_pages), query=f"{query}&" if query else "")


class CachedCountPaginator(Paginator):
    """A paginator whose COUNT(*) is cached until the thread lists change.

    The services move the thread-list version whenever a thread appears, moves or is hidden,
    so a cached count never outlives the write that changed it.
    """

    def __init__(self, object_list, per_page, *, count_key: str) -> None:
        super().__init__(object_list, per_page, allow_empty_first_page=True)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        version = thread_list_version()
        digest = hashlib.blake2s(self.count_key.encode(), digest_size=8).hexdigest()
        key = f"forum:count:{version}:{digest}"
        return cache.get_or_set(key, lambda: Paginator.count.func(self), COUNT_TIMEOUT)
