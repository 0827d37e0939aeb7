"""A member's first log-in welcomes them to the forum; later ones welcome them back."""

import pytest
from django.test import Client

from tests.accounts.helpers import PASSWORD, join, link_in, mails_to

pytestmark = pytest.mark.django_db

CONFIRM_LINK = r"https?://\S+/accounts/confirm-email/\S+/"


def log_in(client):
    return client.post(
        "/accounts/login/", {"login": "ada_lovelace", "password": PASSWORD}, follow=True
    ).content.decode()


def test_confirming_in_another_browser_then_logging_in_is_a_first_welcome(client):
    join(client, username="ada_lovelace", email="ada@example.com")
    [message] = mails_to("ada@example.com")
    # Opened on a phone: confirming there logs no one in.
    Client().post(link_in(message, CONFIRM_LINK))

    first = log_in(client)

    assert "Welcome to PM Forum, ada_lovelace." in first
    assert "Welcome back" not in first
    client.post("/accounts/logout/")
    assert "Welcome back, ada_lovelace." in log_in(client)


def test_confirming_in_the_joining_browser_is_the_first_welcome(client):
    join(client, username="ada_lovelace", email="ada@example.com")
    [message] = mails_to("ada@example.com")

    confirmed = client.post(link_in(message, CONFIRM_LINK), follow=True).content.decode()

    assert "Welcome to PM Forum, ada_lovelace." in confirmed
    assert "Welcome back" not in confirmed
    client.post("/accounts/logout/")
    assert "Welcome back, ada_lovelace." in log_in(client)
