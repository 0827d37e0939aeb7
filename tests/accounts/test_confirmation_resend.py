"""Logging in before confirming sends a new link, at most one every three minutes per address,
and the page says which happened."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import ConfirmationMail, User
from tests.accounts.helpers import PASSWORD, join, mails_to

pytestmark = pytest.mark.django_db

SENT = "We have sent a confirmation link to ada@example.com."
NOT_SENT = "We sent a link to ada@example.com less than 3 minutes ago, so we have not sent another"


def log_in_at(client, seconds_from_now: float):
    with mock.patch("time.time", return_value=time.time() + seconds_from_now):
        return client.post(
            "/accounts/login/", {"login": "ada_lovelace", "password": PASSWORD}, follow=True
        ).content.decode()


def test_logging_in_right_after_joining_says_no_new_link_was_sent(client):
    join(client)
    client.logout()

    page = log_in_at(client, 10)

    assert len(mails_to("ada@example.com")) == 1
    assert NOT_SENT in page
    assert SENT not in page


def test_log_in_after_three_minutes_sends_a_link_and_the_next_try_sends_none(client):
    join(client)
    client.logout()

    sent_page = log_in_at(client, 200)

    assert len(mails_to("ada@example.com")) == 2
    assert SENT in sent_page and NOT_SENT not in sent_page

    again = log_in_at(client, 230)

    assert len(mails_to("ada@example.com")) == 2
    assert NOT_SENT in again and SENT not in again


def test_the_limit_holds_for_app_servers_that_do_not_share_a_cache(client):
    join(client)
    client.logout()
    log_in_at(client, 200)
    # Another app server with a cache of its own: only the database knows about the last mail.
    cache.clear()

    page = log_in_at(client, 230)

    assert len(mails_to("ada@example.com")) == 2
    assert NOT_SENT in page


def test_deleting_the_account_forgets_when_links_went_to_its_addresses(client):
    join(client)
    client.post(f"/accounts/confirm-email/{_key_in_last_mail()}/")
    assert ConfirmationMail.objects.filter(email="ada@example.com").exists()

    client.post("/accounts/delete/", {"password": PASSWORD})

    assert not User.objects.filter(username="ada_lovelace").exists()
    assert not ConfirmationMail.objects.filter(email="ada@example.com").exists()


def _key_in_last_mail() -> str:
    return re.search(r"/accounts/confirm-email/([-:\w]+)/", mail.outbox[-1].body).group(1)
