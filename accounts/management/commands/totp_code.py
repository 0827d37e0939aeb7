"""Print the code a member's authenticator app shows now: for walking the demo (DEBUG only)."""

from __future__ import annotations

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.two_factor import totp_current_code


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of a member's authenticator app, to log in as a "
        "demo member. Refuses unless DEBUG is on."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "totp_code only runs with DEBUG on: on a real site, codes come from the "
                "member's own app."
            )
        authenticator = Authenticator.objects.filter(
            user__username=username.lower(), type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            if not User.objects.filter(username=username.lower()).exists():
                raise CommandError(f"No member is called {username!r}.")
            raise CommandError(f"{username} has no authenticator app.")
        now = time.time()
        # A code is also accepted during the steps of the tolerance after its own.
        period, tolerance = app_settings.TOTP_PERIOD, app_settings.TOTP_TOLERANCE
        left = period - int(now) % period + period * tolerance
        self.stdout.write(totp_current_code(authenticator, at=now))
        self.stderr.write(f"(accepted for about {left} seconds, once)")
