"""One gate for every change a suspended member sends, so that no view can forget it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

from config.page_cache import READ_METHODS
from forum.permissions import can_submit, suspension_response


class SuspensionMiddleware:
    """Answers a suspended member's POST (any method but a read) with the suspension page,
    unless forum.permissions.can_submit lets it through. Views keep their own checks too: their
    pages explain a refusal in their own words."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if request.method in READ_METHODS:
            return None
        if can_submit(request.user, request.resolver_match.view_name):
            return None
        if "application/json" in request.headers.get("Accept", ""):
            # The live preview and other scripts read a reason, not a page.
            return JsonResponse(
                {"problem": _("Your account is suspended: you can read but not write.")}, status=403
            )
        return suspension_response(request)
