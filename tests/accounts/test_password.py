"""Forgotten and changed passwords."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.utils import timezone

from accounts.models import User
from tests.accounts.helpers import link_in, mails_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD_PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "Gantt-Charts-Forever-42"
RESET_LINK = r"https?://\S+/accounts/password/reset/key/\S+/"


def can_log_in(client, login: str, password: str) -> bool:
    client.logout()
    client.post("/accounts/login/", {"login": login, "password": password})
    ok = client.get("/").context["user"].is_authenticated
    client.logout()
    return ok


def request_reset(client, email: str):
    return client.post("/accounts/password/reset/", {"email": email})


def test_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(username="priya", email="priya@example.com")

    known = request_reset(client, "priya@example.com")
    unknown = request_reset(client, "nobody@example.com")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/done/"
    # Each address gets one mail, so the page or the timing of mail gives nothing away; what the
    # mail says is only for whoever reads that mailbox.
    [to_member] = mails_to("priya@example.com")
    [to_stranger] = mails_to("nobody@example.com")
    assert "/accounts/password/reset/key/" in to_member.body
    assert "No account uses this address." in to_stranger.body
    assert "/accounts/password/reset/key/" not in to_stranger.body


def test_reset_by_mail_link_sets_a_new_password(client, settings):
    UserFactory(username="priya", email="priya@example.com")
    request_reset(client, "priya@example.com")
    [message] = mail.outbox
    assert f"{settings.SITE_URL}/accounts/password/reset/key/" in message.body
    assert "Your username is: priya" in message.body

    # allauth moves the key out of the address into the session before showing the form.
    form_page = client.get(link_in(message, RESET_LINK), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Your new password is saved." in done.content.decode()
    assert can_log_in(client, "priya", NEW_PASSWORD)
    assert not can_log_in(client, "priya", OLD_PASSWORD)


def test_used_reset_link_does_not_work_twice(client):
    UserFactory(username="priya", email="priya@example.com")
    request_reset(client, "priya@example.com")
    link = link_in(mail.outbox[0], RESET_LINK)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    again = client.get(link, follow=True)

    assert "This link does not work" in again.content.decode()


def test_forged_reset_link_does_not_work(client):
    member = UserFactory(username="priya", email="priya@example.com")

    response = client.get(f"/accounts/password/reset/key/{member.pk:x}-made-up-token/", follow=True)

    assert "This link does not work" in response.content.decode()
    assert 'href="/accounts/password/reset/"' in response.content.decode()


def test_expired_reset_link_does_not_work(client, settings):
    UserFactory(username="priya", email="priya@example.com")
    request_reset(client, "priya@example.com")
    link = link_in(mail.outbox[0], RESET_LINK)
    later = timezone.now().replace(tzinfo=None) + timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )

    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=later):
        response = client.get(link, follow=True)

    assert "This link does not work" in response.content.decode()
    assert can_log_in(client, "priya", OLD_PASSWORD)


def test_reset_new_password_must_be_strong(client):
    UserFactory(username="priya", email="priya@example.com")
    request_reset(client, "priya@example.com")
    form_page = client.get(link_in(mail.outbox[0], RESET_LINK), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": "123", "password2": "123"}
    )

    assert "This password is too short." in response.content.decode()
    assert can_log_in(client, "priya", OLD_PASSWORD)


def test_reset_requests_for_one_address_are_limited(client):
    UserFactory(username="priya", email="priya@example.com")

    for _ in range(6):
        request_reset(client, "priya@example.com")

    assert len(mails_to("priya@example.com")) == 5


def test_member_changes_password_and_is_told_by_mail(client):
    member = UserFactory(username="priya", email="priya@example.com")
    client.force_login(member)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": OLD_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Your password is changed." in response.content.decode()
    # Still logged in on this device.
    assert response.context["user"].is_authenticated
    [notice] = mails_to("priya@example.com")
    assert notice.subject == "[PM Forum] Your password was changed"
    assert "IP address: 127.0.0.1" in notice.body
    assert can_log_in(client, "priya", NEW_PASSWORD)


def test_password_change_needs_the_current_password(client):
    member = UserFactory(username="priya")
    client.force_login(member)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong-one", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert "Please type your current password." in response.content.decode()
    assert User.objects.get(pk=member.pk).check_password(OLD_PASSWORD)


def test_password_change_refuses_a_weak_password(client):
    member = UserFactory(username="priya")
    client.force_login(member)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": OLD_PASSWORD, "password1": "password", "password2": "password"},
    )

    assert "This password is too common." in response.content.decode()
    assert User.objects.get(pk=member.pk).check_password(OLD_PASSWORD)


def test_password_change_page_needs_a_login(client):
    response = client.get("/accounts/password/change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
