"""Two-factor authentication: turning it on and off, logging in with a code, recovery codes,
the limits on codes, and the rule that moderators and staff must have it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.models import Thread
from forum.services import post_reply
from tests.factories import (
    TEST_TOTP_SECRET,
    UserFactory,
    give_two_factor,
    make_moderator,
    make_thread,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
STEP = 30


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    """What the member's app shows now (or a step later), by allauth's own functions."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // STEP + steps_ahead))


def log_in_with_password(client: Client, username: str):
    return client.post("/accounts/login/", {"login": username, "password": PASSWORD})


def open_confirmed(client: Client, url: str):
    """Opens a page that first asks the member to confirm it is them (allauth asks before
    every change to two-factor authentication), confirming with the password."""
    page = client.get(url)
    if page.status_code == 302 and page["Location"].startswith("/accounts/reauthenticate/"):
        assert client.post(page["Location"], {"password": PASSWORD})["Location"] == url
        page = client.get(url)
    return page


def logged_in(client: Client) -> bool:
    return client.get("/").context["user"].is_authenticated


# The mail goes once the change is committed, while the request is still open.
@pytest.mark.django_db(transaction=True)
def test_member_turns_on_an_app_and_then_logging_in_asks_for_its_code(client):
    member = UserFactory(username="ines")
    log_in_with_password(client, "ines")

    page = open_confirmed(client, "/accounts/2fa/totp/activate/")
    html = page.content.decode()
    secret = client.session["mfa.totp.secret"]
    assert 'src="data:image/svg+xml;base64,' in html
    assert "QR code holding the key below" in html  # the image's text alternative
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    activation_code = code_for(secret)
    turned_on = client.post("/accounts/2fa/totp/activate/", {"code": activation_code})

    assert turned_on.status_code == 302
    assert turned_on["Location"] == "/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=member, type="totp").exists()
    assert [m.subject for m in mail.outbox] == ["[PM Forum] Two-factor authentication is on"]
    assert "An authenticator app was set up" in mail.outbox[0].body

    client.post("/accounts/logout/")
    after_password = log_in_with_password(client, "ines")
    assert after_password["Location"] == "/accounts/2fa/authenticate/"
    assert not logged_in(client)
    step = client.get("/accounts/2fa/authenticate/")
    assert "Log in: second step" in step.content.decode()

    # The code typed to turn the app on is used up; the next step's code logs in.
    # (The same string, not the code of the moment: the clock may have moved to a new step.)
    used = client.post("/accounts/2fa/authenticate/", {"code": activation_code})
    assert used.status_code == 200
    assert not logged_in(client)
    done = client.post("/accounts/2fa/authenticate/", {"code": code_for(secret, steps_ahead=1)})
    assert done.status_code == 302
    assert logged_in(client)


def test_a_code_used_once_is_refused_the_second_time(client):
    give_two_factor(UserFactory(username="ines"))
    code = code_for(TEST_TOTP_SECRET)
    log_in_with_password(client, "ines")
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302

    # Another app server, whose cache never saw the code (allauth remembers codes there).
    cache.clear()
    again = Client()
    log_in_with_password(again, "ines")
    replay = again.post("/accounts/2fa/authenticate/", {"code": code})

    assert replay.status_code == 200
    assert "already used" in replay.content.decode()
    assert not logged_in(again)


def test_wrong_codes_count_as_failed_log_ins(client):
    give_two_factor(UserFactory(username="ines"))
    log_in_with_password(client, "ines")
    for _ in range(5):
        wrong = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
        assert "not right" in wrong.content.decode()

    right = client.post("/accounts/2fa/authenticate/", {"code": code_for(TEST_TOTP_SECRET)})

    assert right.status_code == 200
    assert "Too many wrong codes or passwords. Try again in 5 minutes." in (right.content.decode())
    assert not logged_in(client)
    # The same count stops the password too, from this address.
    password = log_in_with_password(Client(), "ines")
    assert password.status_code == 200
    assert "Too many failed login attempts" in password.content.decode()


def test_allauths_own_limit_on_codes_is_not_called_a_wrong_code(client, settings):
    # An operator who turns allauth's own failed log-in limit back on: one wrong code a minute.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "1/m/key"}
    give_two_factor(UserFactory(username="ines"))
    log_in_with_password(client, "ines")
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert "not right" in wrong.content.decode()

    limited = client.post("/accounts/2fa/authenticate/", {"code": code_for(TEST_TOTP_SECRET)})

    page = limited.content.decode()
    assert limited.status_code == 200
    assert "Too many failed login attempts" in page
    assert "not right" not in page
    assert not logged_in(client)


def test_a_recovery_code_logs_in_once(client):
    member = UserFactory(username="ines")
    give_two_factor(member)
    codes = Authenticator.objects.get(user=member, type="recovery_codes").wrap()
    first = codes.get_unused_codes()[0]

    log_in_with_password(client, "ines")
    assert client.post("/accounts/2fa/authenticate/", {"code": first}).status_code == 302
    assert logged_in(client)

    again = Client()
    log_in_with_password(again, "ines")
    refused = again.post("/accounts/2fa/authenticate/", {"code": first})
    assert refused.status_code == 200
    assert not logged_in(again)
    left = Authenticator.objects.get(user=member, type="recovery_codes").wrap()
    assert first not in left.get_unused_codes()
    assert len(left.get_unused_codes()) == 9


# The mail goes once the change is committed, while the request is still open.
@pytest.mark.django_db(transaction=True)
def test_recovery_codes_are_shown_downloaded_and_made_anew(client):
    member = UserFactory(username="ines")
    give_two_factor(member)
    old = Authenticator.objects.get(user=member, type="recovery_codes").wrap().get_unused_codes()
    log_in_with_password(client, "ines")
    client.post("/accounts/2fa/authenticate/", {"code": code_for(TEST_TOTP_SECRET)})

    page = open_confirmed(client, "/accounts/2fa/recovery-codes/").content.decode()
    assert all(f"<li>{code}</li>" in page for code in old)
    download = client.get("/accounts/2fa/recovery-codes/download/")
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code in download.content.decode() for code in old)

    assert client.post("/accounts/2fa/recovery-codes/generate/").status_code == 302
    new = Authenticator.objects.get(user=member, type="recovery_codes").wrap().get_unused_codes()
    assert set(new).isdisjoint(old)
    assert mail.outbox[-1].subject == "[PM Forum] New recovery codes were made for your account"


# The mail goes once the change is committed, while the request is still open.
@pytest.mark.django_db(transaction=True)
def test_turning_the_app_off_asks_for_the_password_again(client):
    member = UserFactory(username="ines")
    give_two_factor(member)
    client.force_login(member)  # a session whose log-in is not recent

    asked = client.get("/accounts/2fa/totp/deactivate/")
    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/reauthenticate/?next=")
    confirm = client.get(asked["Location"]).content.decode()
    assert "Confirm it is you" in confirm
    assert "/accounts/2fa/reauthenticate/" in confirm  # or with a code instead

    wrong = client.post(asked["Location"], {"password": "not-my-password"})
    assert wrong.status_code == 200
    assert Authenticator.objects.filter(user=member, type="totp").exists()
    right = client.post(asked["Location"], {"password": PASSWORD})
    assert right["Location"] == "/accounts/2fa/totp/deactivate/"
    assert "Turn off the authenticator app" in client.get(right["Location"]).content.decode()
    client.post("/accounts/2fa/totp/deactivate/")

    assert not Authenticator.objects.filter(user=member).exists()  # recovery codes too
    assert mail.outbox[-1].subject == "[PM Forum] The authenticator app was turned off"


def test_the_settings_menu_leads_to_two_factor_authentication(member_client):
    page = member_client.get("/accounts/2fa/").content.decode()

    assert '<a href="/accounts/2fa/" aria-current="page">Two-factor authentication</a>' in page
    assert "Set up an authenticator app" in page
    assert "Add a security key" in page
    profile = member_client.get("/accounts/profile/").content.decode()
    assert '<a href="/accounts/2fa/">Two-factor authentication</a>' in profile


def test_adding_a_security_key_says_it_needs_javascript(member_client):
    page = open_confirmed(member_client, "/accounts/2fa/webauthn/add/")

    html = page.content.decode()
    assert "Security keys and passkeys need JavaScript, which is off in this browser." in html
    assert 'id="mfa_webauthn_add" hidden' in html


# --- Moderators and staff must have it ---


@pytest.fixture
def moderator_without(db):
    return make_moderator(UserFactory(username="mod_mo"), two_factor=False)


def test_a_moderator_without_it_is_sent_to_set_it_up_from_the_queue(client, moderator_without):
    client.force_login(moderator_without)

    response = client.get("/moderation/", follow=True)

    assert response.redirect_chain == [("/accounts/2fa/", 302)]
    assert "must turn on two-factor authentication before using the moderation pages" in (
        response.content.decode()
    )


def test_a_moderator_without_it_cannot_act_and_is_told_where_to_set_it_up(
    client, moderator_without
):
    thread = make_thread(title="A thread to lock")
    client.force_login(moderator_without)

    response = client.post(f"/threads/{thread.pk}/lock/")

    assert response.status_code == 403
    assert 'href="/accounts/2fa/"' in response.content.decode()
    thread.refresh_from_db()
    assert not thread.is_locked


def test_a_moderator_without_it_cannot_edit_someone_elses_post(client, moderator_without):
    thread = make_thread(title="Somebody else's question here")
    client.force_login(moderator_without)

    page = client.get(f"/posts/{thread.posts.get(number=1).pk}/edit/")

    assert page.status_code == 302
    assert page["Location"] == "/accounts/2fa/"


def test_a_moderator_with_it_gets_in(client):
    moderator = make_moderator(UserFactory(username="mod_mia"))
    client.force_login(moderator)

    assert client.get("/moderation/").status_code == 200


def test_staff_without_it_are_sent_from_the_admin_to_set_it_up(client):
    staff = UserFactory(username="staff_sue", is_staff=True, is_superuser=True, two_factor=False)
    client.force_login(staff)

    assert client.get("/admin/")["Location"] == "/accounts/2fa/"
    assert client.post("/admin/forum/forum/add/", {"name": "New"}).status_code == 403
    give_two_factor(staff)
    assert client.get("/admin/").status_code == 200


def test_turning_the_setting_off_lifts_the_rule(client, settings, moderator_without):
    settings.FORUM_REQUIRE_2FA_FOR_MODERATORS = False
    staff = UserFactory(username="staff_sue", is_staff=True, is_superuser=True, two_factor=False)
    client.force_login(moderator_without)
    assert client.get("/moderation/").status_code == 200
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_the_admin_logs_in_through_the_sites_log_in_with_its_second_step(client):
    give_two_factor(UserFactory(username="staff_sue", is_staff=True, is_superuser=True))

    to_login = client.get("/admin/login/?next=/admin/forum/")
    assert to_login["Location"] == "/accounts/login/?next=/admin/forum/"
    posted = client.post("/admin/login/", {"username": "staff_sue", "password": PASSWORD})
    assert posted.status_code == 302
    assert not logged_in(client)  # the admin's own form checks no password

    client.post("/accounts/login/?next=/admin/", {"login": "staff_sue", "password": PASSWORD})
    step = client.post("/accounts/2fa/authenticate/", {"code": code_for(TEST_TOTP_SECRET)})
    assert step["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def authenticator_queries(queries) -> list[str]:
    """Queries of their own for the authenticators (not the member's row, which asks whether
    they have one as it loads: accounts/backends.py)."""
    return [
        q["sql"]
        for q in queries
        if "mfa_authenticator" in q["sql"] and "has_second_factor" not in q["sql"]
    ]


def test_the_rule_costs_no_query_of_its_own(client, moderator_without):
    thread = make_thread(title="A thread everyone reads")
    member = UserFactory()
    client.force_login(member)
    with CaptureQueriesContext(connection) as member_pages:
        client.get(thread.get_absolute_url())
        client.get(f"/posts/{thread.posts.get(number=1).pk}/edit/")  # a 403: not theirs
    assert authenticator_queries(member_pages.captured_queries) == []

    moderator = make_moderator(UserFactory())
    client.force_login(moderator)
    with CaptureQueriesContext(connection) as thread_page:
        client.get(thread.get_absolute_url())
    assert authenticator_queries(thread_page.captured_queries) == []
    with CaptureQueriesContext(connection) as queue:
        assert client.get("/moderation/").status_code == 200
    assert authenticator_queries(queue.captured_queries) == []


def test_the_two_factor_page_reads_a_fixed_handful_of_rows(client, django_assert_max_num_queries):
    member = UserFactory(username="ines")
    give_two_factor(member)
    client.force_login(member)
    client.get("/accounts/2fa/")  # the session's first page settles its own rows

    # The session, the member (with their counts), the authenticators for the list and once
    # more for "is it on" (allauth's view).
    with django_assert_max_num_queries(4):
        page = client.get("/accounts/2fa/")
    html = page.content.decode()
    assert "On: when you log in, you type the six-digit code your app shows." in html
    assert "10 of 10 codes left." in html


@pytest.mark.parametrize(("value", "expected"), [(None, "True"), ("false", "False")])
def test_the_rule_is_read_from_the_environment(value, expected):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("FORUM_REQUIRE_2FA_FOR_MODERATORS", None)
    if value is not None:
        env["FORUM_REQUIRE_2FA_FOR_MODERATORS"] = value
    read = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.FORUM_REQUIRE_2FA_FOR_MODERATORS)",
        ],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert read.stdout.strip() == expected


def test_without_it_a_moderator_has_no_moderator_powers_anywhere(client, moderator_without):
    """Not only the moderation pages: writing in a locked thread, deleting their own question
    with its replies, reading a hidden thread and the queue's count are moderators' powers
    too, and a moderator without two-factor authentication has none of them."""
    locked = make_thread(title="A locked thread about budgets")
    Thread.objects.filter(pk=locked.pk).update(is_locked=True)
    hidden = make_thread(title="A hidden thread about vendors")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    own = make_thread(title="My own question with answers", author=moderator_without)
    post_reply(author=UserFactory(), thread=own, body="An answer someone wrote.")
    client.force_login(moderator_without)

    reply = client.post(f"/threads/{locked.pk}/reply/", {"body": "Writing in a locked thread."})
    assert reply.status_code == 403
    assert locked.posts.count() == 1
    question = own.posts.get(number=1)
    assert client.post(f"/posts/{question.pk}/delete/").status_code == 403
    assert own.posts.count() == 2
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert 'class="account-nav__queue"' in client.get("/").content.decode()  # leads to set-up
    assert "waiting for review" not in client.get("/").content.decode()

    give_two_factor(moderator_without)
    assert client.get(hidden.get_absolute_url()).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_turning_it_on_ends_the_members_other_sessions():
    """A session opened elsewhere with the password alone (perhaps a stolen one) does not
    inherit what the second factor now guards: turning it on logs every other session out."""
    moderator = make_moderator(UserFactory(username="mod_max"), two_factor=False)
    elsewhere, here = Client(), Client()
    log_in_with_password(elsewhere, "mod_max")
    log_in_with_password(here, "mod_max")
    assert elsewhere.post(f"/threads/{make_thread().pk}/lock/").status_code == 403

    open_confirmed(here, "/accounts/2fa/totp/activate/")
    secret = here.session["mfa.totp.secret"]
    turned_on = here.post("/accounts/2fa/totp/activate/", {"code": code_for(secret)})

    assert turned_on.status_code == 302
    assert logged_in(here)
    assert not logged_in(elsewhere)
    thread = make_thread(title="Still unlocked")
    assert elsewhere.post(f"/threads/{thread.pk}/lock/").status_code == 302  # to log in
    thread.refresh_from_db()
    assert not thread.is_locked
    assert moderator.authenticator_set.filter(type="totp").exists()


def test_a_logged_in_member_who_is_not_staff_gets_a_clear_refusal_from_the_admin(client):
    client.force_login(UserFactory(username="not_staff"))

    page = client.get("/admin/", follow=True)

    assert page.status_code == 403
    assert len(page.redirect_chain) == 1  # to the admin's log-in, which refuses: no loop
