"""Sign-up and log-in do the same work for a known e-mail address as for an unknown one, so
the time they take does not tell who has an account. Times are measured in bench/; here the
work is counted: password hashes computed and mails sent."""

import pytest
from django.conf import settings
from django.core import mail
from django.utils.module_loading import import_string

from tests.accounts.helpers import join
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hashes(monkeypatch):
    """Counts the password hashes computed (each a deliberately slow key derivation)."""
    hasher = import_string(settings.PASSWORD_HASHERS[0])
    counted = []
    encode = hasher.encode

    def counting_encode(self, password, salt, *args, **kwargs):
        counted.append(password)
        return encode(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting_encode)
    return counted


def work_done(hashes, action) -> tuple[int, int]:
    hashes.clear()
    mail.outbox.clear()
    action()
    return len(hashes), len(mail.outbox)


def test_joining_with_a_known_address_does_the_work_of_a_new_one(client, hashes):
    UserFactory(username="priya", email="priya@example.com")

    known = work_done(hashes, lambda: join(client, username="ada", email="priya@example.com"))
    new = work_done(hashes, lambda: join(client, username="grace", email="grace@example.com"))

    assert known == new
    assert new[0] >= 1 and new[1] == 1


@pytest.mark.parametrize(
    ("known", "unknown"), [("priya@example.com", "nobody@example.com"), ("priya", "nobody")]
)
def test_failed_log_in_does_the_same_work_for_known_and_unknown_members(
    client, hashes, known, unknown
):
    UserFactory(username="priya", email="priya@example.com")

    def log_in(login):
        return lambda: client.post("/accounts/login/", {"login": login, "password": "wrong-1"})

    assert work_done(hashes, log_in(known)) == work_done(hashes, log_in(unknown))
    # Each attempt checks one password, real or stand-in, in each of the two backends.
    assert work_done(hashes, log_in(known))[0] == 2


def test_a_wrong_password_costs_what_the_right_one_does(client, hashes):
    UserFactory(username="priya", email="priya@example.com")

    wrong = work_done(
        hashes,
        lambda: client.post("/accounts/login/", {"login": "priya@example.com", "password": "x1"}),
    )
    client.logout()
    right = work_done(
        hashes,
        lambda: client.post(
            "/accounts/login/", {"login": "priya@example.com", "password": "correct-horse-battery"}
        ),
    )

    assert wrong[0] == right[0]
