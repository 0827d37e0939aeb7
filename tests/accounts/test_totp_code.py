"""`manage.py totp_code`: the demo moderator's code, for walking the demo."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def totp_code(username: str) -> str:
    out = StringIO()
    call_command("totp_code", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_the_demo_moderator_logs_in_with_the_printed_code(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    client = Client()

    password = client.post(
        "/accounts/login/?next=/moderation/",
        {"login": "priya_raman", "password": "pmforum-demo"},
    )
    assert password["Location"] == "/accounts/2fa/authenticate/"
    code = totp_code("priya_raman")
    assert len(code) == 6 and code.isdigit()
    second = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert second["Location"] == "/moderation/"
    assert client.get("/moderation/").status_code == 200


def test_it_refuses_without_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())

    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        totp_code("priya_raman")


def test_it_says_when_a_member_has_no_app(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    with pytest.raises(CommandError, match="tomasz_wojcik has no authenticator app"):
        totp_code("tomasz_wojcik")
    with pytest.raises(CommandError, match="No member is called 'nobody_here'"):
        totp_code("nobody_here")
