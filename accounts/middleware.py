"""Show a member's pages in their own time zone (accounts/time_zones.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts.time_zones import member_zone


class MemberTimeZoneMiddleware:
    """Activates the member's zone for the request; visitors and members without one get UTC.

    Costs no query: a request without a session cookie has no member to load, and for one
    with a session the member is the row the authentication backend loads for every page
    anyway (accounts/backends.py), with the zone among its fields. The zone is switched off
    again when the response is made, so a worker thread never carries it into the next
    request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                zone = member_zone(user)
        with timezone.override(zone):
            return self.get_response(request)
