"""Send a request's reads to the read replica, except for a member who has just written.

Active only when the replica router is installed (settings.py does so when
DATABASE_REPLICA_URL is set); otherwise Django drops the middleware at start-up. A POST (or any
other unsafe method) sets a short-lived cookie; while it is valid, that browser's pages read
from the primary, so a member who has just posted, edited or voted sees the result at once
even if the replica lags behind. The cookie holds only a time: forging it merely sends one's
own reads to the primary.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import router
from django.http import HttpRequest, HttpResponse

from config.db_router import PrimaryReplicaRouter, reads_from_replica

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PIN_COOKIE = "pmforum_primary"


def pinned_to_primary(request: HttpRequest, now: float | None = None) -> bool:
    """Whether the browser wrote recently enough that its reads must see the primary."""
    raw = request.COOKIES.get(PIN_COOKIE, "")
    if not (raw.isascii() and raw.isdigit()):
        return False
    return int(raw) > (now if now is not None else time.time())


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not any(isinstance(r, PrimaryReplicaRouter) for r in router.routers):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in READ_METHODS and not pinned_to_primary(request):
            with reads_from_replica():
                return self.get_response(request)
        response = self.get_response(request)
        if request.method not in READ_METHODS and response.status_code < 500:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
