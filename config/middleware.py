"""Response headers that Django and django-csp do not set themselves."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    """Send `Permissions-Policy` (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class NulCharacterInRequest(SuspiciousOperation):
    """A NUL character in the path or query string: no page has a use for one."""


class RejectNulCharactersMiddleware:
    """Answer 400 to a path or query string holding a NUL character.

    PostgreSQL cannot store or compare text holding NUL, so such a value reaching a query
    would be a server error; forms already refuse it in posted fields. A cookie holding one
    is dropped instead: no cookie we set has one, so a session cookie with a NUL is no
    session, and the page is served as to anyone without a cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "\x00" in query or "%00" in query:
            raise NulCharacterInRequest("NUL character in the request's path or query string")
        # Checked once parsed: a quoted cookie may spell the NUL as an escape ("\\000").
        cookies = {
            name: value for name, value in request.COOKIES.items() if "\x00" not in name + value
        }
        if len(cookies) != len(request.COOKIES):
            request.COOKIES = cookies
        return self.get_response(request)
