"""Whole-page cache for visitors: the public pages, shared by every app server through Redis.

A visitor (no session cookie) asking for a thread list, a tag page or a thread page gets the
page rendered for the previous visitor, from the cache, without a database query. Members
are never served from it: their pages carry their name, forms and votes.

Correctness comes from versions (forum/cache_keys.py): every change a member makes through
the site (any POST, PUT, PATCH or DELETE of theirs that succeeds) and every thread-list
change committed by the services moves the version, and a page is only found under the
version that was current when its rendering began. A page rendered while a write was
committing is therefore filed under the old version and never served after it. Pages also
expire after PAGE_CACHE_SECONDS, which bounds how old a relative time ("5 minutes ago") can
be and covers changes made outside a request (the admin shell, a data migration).

With a read replica, a page that is about to be cached is rendered from the primary, so a
lagging replica cannot put an old page under a new version.

Enabled when PAGE_CACHE_SECONDS > 0 (by default only with REDIS_URL: a per-process cache
would see other processes' writes too late).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from config.db_router import reads_from_primary
from forum.cache_keys import page_cache_version, pages_changed
from forum.facts import FACT_NAMES
from forum.fragments import rendering_language

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The public pages whose content is the same for every visitor.
CACHED_VIEWS = frozenset(
    {
        "forum:thread_list",
        "forum:forum_list",
        "forum:forum_detail",
        "forum:tag_list",
        "forum:tag_detail",
        "forum:thread_detail",
    }
)
# Query parameters those pages read (the side of experience and the questions' facts among
# them: forum/list_filters.py; the "With an outcome" filter); any other makes the request
# bypass the cache, so random parameters cannot fill it.
CACHED_PARAMETERS = frozenset({"page", "sort", "context", "side", "outcome", *FACT_NAMES})
# Cookies that make a response personal: a member's session, flash messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
STATUS_HEADER = "X-Page-Cache"


def known_parameters_only(request: HttpRequest) -> bool:
    """Whether the address has only parameters the cached pages read, each once."""
    query = request.GET
    return all(name in CACHED_PARAMETERS and len(query.getlist(name)) == 1 for name in query)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if settings.PAGE_CACHE_SECONDS <= 0:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.timeout = settings.PAGE_CACHE_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READ_METHODS:
            response = self.get_response(request)
            if self.may_have_changed_pages(request, response):
                pages_changed()
            return response
        if not self.cacheable_request(request):
            return self.get_response(request)

        version = page_cache_version()  # read before rendering: see the module's docstring
        key = self.key(request, version)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers[STATUS_HEADER] = "hit"
            return response

        with reads_from_primary():
            response = self.get_response(request)
        if self.cacheable_response(request, response):
            headers = [(k, v) for k, v in response.headers.items() if k != STATUS_HEADER]
            cache.set(key, (response.status_code, headers, response.content), self.timeout)
            response.headers[STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def may_have_changed_pages(request: HttpRequest, response: HttpResponse) -> bool:
        """A member's successful write. A visitor's POST changes no public page (it is sent
        to log in, or is a log-in, sign-up or unsubscribe), so bots posting forms cannot
        empty the cache; a log-in that succeeds counts, as its member is known by then."""
        user = getattr(request, "user", None)
        return response.status_code < 400 and user is not None and user.is_authenticated

    @staticmethod
    def cacheable_request(request: HttpRequest) -> bool:
        if request.method != "GET" or any(name in request.COOKIES for name in PERSONAL_COOKIES):
            return False
        if not known_parameters_only(request):
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in CACHED_VIEWS

    @staticmethod
    def cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # The page printed a CSRF token: it belongs to this browser alone.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (user is not None and user.is_authenticated)
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        )

    @staticmethod
    def key(request: HttpRequest, version: str) -> str:
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.blake2s(address.encode(), digest_size=16).hexdigest()
        # The language too: with LocaleMiddleware (several LANGUAGES) it is the visitor's.
        return f"page:{version}:{rendering_language()}:{digest}"
