"""The admin behind the site's own log-in, and behind two-factor authentication for staff."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from accounts.two_factor import two_factor_required_response


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
            next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
            return redirect_to_login(next_url)
        return two_factor_required_response(request)
