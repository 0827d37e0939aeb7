"""Request middleware of the accounts app: a member's pages in their own time zone
(accounts/time_zones.py), and the admin behind the site's log-in and two-factor authentication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from accounts.time_zones import UTC_NAME, member_zone
from accounts.two_factor import two_factor_required_response


class MemberZone(tzinfo):
    """The requesting member's zone, looked up the first time a date is shown.

    Most requests show dates and load the member anyway; a few (a script's JSON answer) load
    neither, and activating the zone must not make them load the member. So this stands in
    for the zone and asks `request.user` only when a date is converted; the member row the
    authentication backend loads (accounts/backends.py) carries the zone, so that costs no
    query of its own. Conversions hand back datetimes in the member's real zone."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._zone: tzinfo | None = None

    def resolved(self) -> tzinfo:
        if self._zone is None:
            user = getattr(self._request, "user", None)
            zone = member_zone(user) if user is not None and user.is_authenticated else None
            self._zone = zone or ZoneInfo(UTC_NAME)
        return self._zone

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return self.resolved().utcoffset(dt)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return self.resolved().dst(dt)

    def tzname(self, dt: datetime | None) -> str | None:
        return self.resolved().tzname(dt)

    def fromutc(self, dt: datetime) -> datetime:
        zone = self.resolved()
        return zone.fromutc(dt.replace(tzinfo=zone))

    @property
    def key(self) -> str:
        return getattr(self.resolved(), "key", None) or str(self.resolved())

    def __str__(self) -> str:
        return self.key

    def __repr__(self) -> str:
        return f"MemberZone({self.key!r})" if self._zone is not None else "MemberZone(unresolved)"


class MemberTimeZoneMiddleware:
    """Activates the member's zone for the request; visitors and members without one get UTC.

    A request without a session cookie has no member: UTC, nothing more to do. Otherwise the
    zone is the member's, looked up lazily (MemberZone). The zone is switched off again when
    the response is made, so a worker thread never carries it into the next request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = MemberZone(request) if settings.SESSION_COOKIE_NAME in request.COOKIES else None
        with timezone.override(zone):
            return self.get_response(request)


class AdminTwoFactorMiddleware:
    """Django's admin has a log-in form of its own, which checks the password and nothing
    else: it is replaced by the site's (allauth's, with its second step), keeping where the
    admin was going. Staff who must have two-factor authentication and have not set it up
    are sent to do so before any admin page (accounts/two_factor.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.app_name != "admin":
            return None
        if match.url_name == "login":
            if request.user.is_authenticated:
                # The admin sends a logged-in member who is not staff here; the site's log-in
                # would send them straight back to the admin, round and round.
                raise PermissionDenied("The admin is for staff.")
            next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
            return redirect_to_login(next_url)
        return two_factor_required_response(request)
