"""Logging in and out, failed attempts, and where "next" may lead."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import join, link_in
from tests.factories import UserFactory, make_thread
from tests.limits.helpers import UNREACHABLE_REDIS

pytestmark = pytest.mark.django_db

FACTORY_PASSWORD = "correct-horse-battery"


def logged_in_user(client):
    return client.get("/").context["user"]


def test_member_logs_in_with_username_and_is_welcomed_back(client):
    UserFactory(username="priya", display_name="Priya Raman", last_login=timezone.now())

    response = client.post(
        "/accounts/login/", {"login": "priya", "password": FACTORY_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/"
    html = response.content.decode()
    assert "Welcome back, Priya Raman." in html
    assert '<a href="/accounts/profile/">Settings</a>' in html
    assert ">Log out</button>" in html


def test_wrong_password_gets_a_message_and_no_session(client):
    UserFactory(username="priya")

    response = client.post("/accounts/login/", {"login": "priya", "password": "not-it"})

    assert response.status_code == 200
    assert "The username and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert not logged_in_user(client).is_authenticated


def test_unknown_username_gets_the_same_message_as_a_wrong_password(client):
    UserFactory(username="priya")

    wrong_password = client.post("/accounts/login/", {"login": "priya", "password": "x1"})
    no_such_member = client.post("/accounts/login/", {"login": "nobody", "password": "x1"})

    assert wrong_password.context["form"].non_field_errors() == (
        no_such_member.context["form"].non_field_errors()
    )


def test_after_five_failures_even_the_right_password_waits(client):
    UserFactory(username="priya")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "priya", "password": "guess"})

    response = client.post("/accounts/login/", {"login": "priya", "password": FACTORY_PASSWORD})

    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert not logged_in_user(client).is_authenticated


def test_log_out_by_get_only_asks_for_confirmation(client):
    member = UserFactory(display_name="Priya Raman")
    client.force_login(member)

    page = client.get("/accounts/logout/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Do you want to log out of PM Forum as Priya Raman?" in html
    assert 'method="post" action="/accounts/logout/"' in html
    assert logged_in_user(client).is_authenticated


def test_log_out_by_post_ends_the_session(client):
    client.force_login(UserFactory())

    response = client.post("/accounts/logout/", follow=True)

    assert "You have logged out." in response.content.decode()
    assert not logged_in_user(client).is_authenticated


def test_login_with_a_local_next_goes_back_there(client):
    UserFactory(username="priya")
    thread = make_thread()

    response = client.post(
        f"/accounts/login/?next={thread.get_absolute_url()}",
        {"login": "priya", "password": FACTORY_PASSWORD},
    )

    assert response["Location"] == thread.get_absolute_url()


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "https://evil.example/accounts/login/",
        "///evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_login_never_follows_next_off_the_site(client, target):
    UserFactory(username="priya")

    in_query = client.post(
        "/accounts/login/", {"login": "priya", "password": FACTORY_PASSWORD, "next": target}
    )
    client.logout()
    in_url = client.post(
        "/accounts/login/?next=" + target, {"login": "priya", "password": FACTORY_PASSWORD}
    )

    for response in (in_query, in_url):
        assert response.status_code == 302
        assert response["Location"] == "/"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example"])
def test_join_never_follows_next_off_the_site(client, target):
    """The "next" given at joining is used after confirming: it must stay on the site."""
    response = join(client, next=target)
    assert "evil.example" not in response["Location"]

    confirmed = client.post(
        link_in(mail.outbox[0], r"https?://\S+/accounts/confirm-email/\S+/"),
    )

    assert confirmed.status_code == 302
    assert "evil.example" not in confirmed["Location"]
    assert confirmed["Location"] == "/"


def test_join_with_a_local_next_lands_there_after_confirming(client):
    thread = make_thread()

    join(client, next=thread.get_absolute_url())
    confirmed = client.post(link_in(mail.outbox[0], r"https?://\S+/accounts/confirm-email/\S+/"))

    assert confirmed["Location"] == thread.get_absolute_url()
    assert logged_in_user(client).username == "ada_lovelace"


def test_thread_page_login_link_carries_the_page_as_next(client):
    thread = make_thread()

    html = client.get(thread.get_absolute_url()).content.decode()

    assert f'href="/accounts/login/?next={thread.get_absolute_url()}"' in html.replace("%2F", "/")


def test_login_page_has_a_forgotten_password_link(client):
    html = client.get("/accounts/login/").content.decode()

    assert 'href="/accounts/password/reset/"' in html
    assert 'href="/accounts/signup/"' in html


def test_a_flood_of_login_attempts_gets_a_too_many_requests_page(client):
    for _ in range(30):
        client.post("/accounts/login/", {"login": "someone", "password": "guess"})

    response = client.post("/accounts/login/", {"login": "someone", "password": "guess"})

    assert response.status_code == 429
    assert 'class="site-header"' in response.content.decode()


TOO_MANY_FAILURES = "Too many failed login attempts. Try again later."


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out_at_their_own_address():
    UserFactory(username="priya")
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(5):
        stranger.post("/accounts/login/", {"login": "priya", "password": "guess"})
    retry = stranger.post("/accounts/login/", {"login": "priya", "password": FACTORY_PASSWORD})
    assert TOO_MANY_FAILURES in retry.content.decode()

    owner = Client(REMOTE_ADDR="198.51.100.5")
    response = owner.post("/accounts/login/", {"login": "priya", "password": FACTORY_PASSWORD})

    assert response.status_code == 302
    assert logged_in_user(owner).username == "priya"


def test_one_address_guessing_at_many_accounts_is_stopped_too():
    for n in range(11):
        UserFactory(username=f"member_{n}")
    guesser = Client(REMOTE_ADDR="203.0.113.67")
    answers = [
        guesser.post("/accounts/login/", {"login": f"member_{n}", "password": "guess"})
        for n in range(11)
    ]

    assert [TOO_MANY_FAILURES in a.content.decode() for a in answers] == [False] * 10 + [True]


def test_with_redis_unreachable_the_sixth_wrong_password_is_still_refused(client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    UserFactory(username="priya")
    answers = [
        client.post("/accounts/login/", {"login": "priya", "password": f"guess {n}"})
        for n in range(6)
    ]

    assert [TOO_MANY_FAILURES in a.content.decode() for a in answers] == [False] * 5 + [True]
