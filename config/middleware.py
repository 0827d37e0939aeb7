"""Response headers that Django and django-csp do not set themselves."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _


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


class RequestBodyLimitMiddleware:
    """Answer 413 to a request whose declared body is larger than REQUEST_BODY_MAX_BYTES,
    before anything reads it.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not files, which it spools to
    disk whatever their size; and the CSRF check reads the whole body before any view could
    look at a file. A body without a length is read as empty, so the declared length is the
    bound. Scripts that ask for JSON get the reason as JSON, as the upload endpoint answers.
    """

    MESSAGE = _("The file is too large to send: images may be up to 5 MB.")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty too
        if length > settings.REQUEST_BODY_MAX_BYTES:
            if "application/json" in request.headers.get("Accept", ""):
                response = JsonResponse({"error": self.MESSAGE, "field": "image"}, status=413)
            else:
                html = loader.get_template("413.html").render()
                response = HttpResponse(html, status=413)
            return response
        return self.get_response(request)
