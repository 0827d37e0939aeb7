"""Joining: the form, the confirmation mail, and what an unconfirmed member can and cannot do."""

import time
from unittest import mock

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from forum.models import Post, Thread
from tests.accounts.helpers import PASSWORD, join, link_in, mails_to
from tests.factories import ForumFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db

CONFIRM_LINK = r"https?://\S+/accounts/confirm-email/\S+/"


def test_join_confirm_and_log_in_with_username_or_email(client, settings):
    response = join(client, username="ada_lovelace", email="ada@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    page = client.get(response["Location"]).content.decode()
    assert "Check your e-mail" in page

    [message] = mails_to("ada@example.com")
    assert message.subject == "[PM Forum] Confirm your e-mail address to finish joining"
    assert "ada_lovelace" in message.body
    # The link comes from SITE_URL, not from whatever Host header the request carried.
    assert f"{settings.SITE_URL}/accounts/confirm-email/" in message.body

    confirm_page = client.get(link_in(message, CONFIRM_LINK))
    assert "Yes, confirm it" in confirm_page.content.decode()
    confirmed = client.post(link_in(message, CONFIRM_LINK), follow=True)
    assert confirmed.status_code == 200
    assert EmailAddress.objects.get(email="ada@example.com").verified
    # Confirming in the browser that joined logs the new member in.
    assert confirmed.context["user"].username == "ada_lovelace"

    client.post("/accounts/logout/")
    by_username = client.post("/accounts/login/", {"login": "ada_lovelace", "password": PASSWORD})
    assert by_username.status_code == 302
    assert client.get("/").context["user"].is_authenticated

    client.post("/accounts/logout/")
    by_email = client.post("/accounts/login/", {"login": "ADA@example.com", "password": PASSWORD})
    assert by_email.status_code == 302
    assert client.get("/").context["user"].username == "ada_lovelace"


def test_opening_the_confirmation_link_alone_does_not_confirm(client):
    """Mail scanners open links; only the button on the page confirms."""
    join(client)
    [message] = mail.outbox

    client.get(link_in(message, CONFIRM_LINK))

    assert not EmailAddress.objects.get(email="ada@example.com").verified


def test_unconfirmed_member_cannot_log_in_until_they_confirm(client):
    join(client)
    client.logout()

    response = client.post("/accounts/login/", {"login": "ada_lovelace", "password": PASSWORD})

    assert response["Location"] == "/accounts/confirm-email/"
    assert not client.get("/").context["user"].is_authenticated


def test_unconfirmed_member_cannot_post(client):
    thread = make_thread(title="A question someone else asked")
    forum = ForumFactory(name="Project Management", slug="project-management")
    join(client)
    client.post("/accounts/login/", {"login": "ada_lovelace", "password": PASSWORD})

    asked = client.post(
        "/threads/new/",
        {
            "title": "How do I estimate a fixed-price job?",
            "body": "Advice welcome.",
            "forum": forum.pk,
            "tags": "Estimating",
            "context": "client",
        },
    )
    replied = client.post(f"/threads/{thread.pk}/reply/", {"body": "My first reply."})

    assert asked.status_code == 302 and asked["Location"].startswith("/accounts/login/")
    assert replied.status_code == 302 and replied["Location"].startswith("/accounts/login/")
    assert Thread.objects.count() == 1
    assert not Post.objects.filter(body="My first reply.").exists()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "to reply" in page


def test_taken_username_is_refused_on_the_form(client):
    UserFactory(username="grace")

    response = join(client, username="Grace", email="someone-new@example.com")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "username" in errors
    assert "A user with that username already exists." in response.content.decode()
    assert not User.objects.filter(email="someone-new@example.com").exists()
    assert mail.outbox == []


def test_taken_email_answers_like_a_new_one_and_tells_the_owner(client):
    """The join page must not reveal who is a member; the owner hears about the attempt."""
    UserFactory(username="grace", email="grace@example.com")

    response = join(client, username="someone_else", email="grace@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not User.objects.filter(username="someone_else").exists()
    [message] = mails_to("grace@example.com")
    assert message.subject == "[PM Forum] You already have an account"
    assert "/accounts/password/reset/" in message.body


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short."),
        ("password123", "This password is too common."),
        ("83749201957", "This password is entirely numeric."),
        ("ada_lovelace1", "The password is too similar to the username."),
    ],
)
def test_weak_password_is_refused_with_the_reason(client, password, message):
    response = join(client, password=password)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_different_passwords_are_refused(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ada_lovelace",
            "email": "ada@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
    )

    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "username",
    # "\u0430da" starts with a Cyrillic letter that looks like a Latin "a".
    ["ab", "ada@example.com", "ada lovelace", "\u0430da", "-ada", "x" * 31, "admin", "Moderator"],
)
def test_unsuitable_usernames_are_refused(client, username):
    response = join(client, username=username)

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not User.objects.exists()


def test_username_is_stored_in_lower_case_for_one_page_address(client):
    join(client, username="Ada_Lovelace")

    assert User.objects.get().username == "ada_lovelace"


def test_errors_are_shown_beside_their_fields(client):
    response = join(client, username="ab", email="not-an-address")
    html = response.content.decode()

    assert '<ul class="field__errors" id="id_username_error">' in html
    assert '<ul class="field__errors" id="id_email_error">' in html
    assert 'aria-describedby="id_username_helptext id_username_error"' in html
    assert 'aria-invalid="true"' in html


def test_filled_honeypot_looks_like_success_but_creates_nothing(client):
    response = join(client, website="https://spam.example")

    assert response.status_code == 302
    assert not User.objects.exists()
    assert mail.outbox == []


def test_forged_confirmation_link_says_it_does_not_work(client):
    join(client)

    response = client.get("/accounts/confirm-email/not-a-real-key/")
    posted = client.post("/accounts/confirm-email/not-a-real-key/")

    assert "This link does not work" in response.content.decode()
    assert "This link does not work" in posted.content.decode()
    assert not EmailAddress.objects.get(email="ada@example.com").verified


def test_expired_confirmation_link_says_it_does_not_work(client):
    join(client)
    [message] = mail.outbox
    path = link_in(message, CONFIRM_LINK)
    later = time.time() + (allauth_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS + 1) * 86400
    with mock.patch("time.time", return_value=later):
        response = client.post(path)

    assert "This link does not work" in response.content.decode()
    assert not EmailAddress.objects.get(email="ada@example.com").verified


def test_logging_in_again_while_unconfirmed_sends_a_new_link_later(client):
    join(client)
    [first] = mail.outbox
    client.logout()

    # allauth allows one confirmation mail per address every three minutes.
    with mock.patch("time.time", return_value=time.time() + 200):
        client.post("/accounts/login/", {"login": "ada_lovelace", "password": PASSWORD})

    assert len(mails_to("ada@example.com")) == 2
    second = mails_to("ada@example.com")[1]
    client.post(link_in(second, CONFIRM_LINK))
    assert EmailAddress.objects.get(email="ada@example.com").verified
    assert second.subject == "[PM Forum] Confirm your e-mail address"
    assert first.body != second.body
