"""Sign-in with a provider, the whole way: the site's button, the provider's log-in, its answer.

Every redirect is followed for real against the test provider (conftest.py)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail

from accounts.models import User
from tests.accounts.helpers import link_in, mails_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONFIRM_LINK = r"https?://\S+/accounts/confirm-email/\S+/"


def join_form(page) -> dict:
    """The first sign-in's form, as the page filled it in."""
    body = page.content.decode()
    values = {}
    for name in ("username", "email", "display_name", "headline"):
        tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', body)
        assert tag, f"no {name} field"
        value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
        values[name] = html.unescape(value.group(1)) if value else ""
    return values


def test_new_member_chooses_a_username_and_keeps_the_providers_name_and_headline(
    sign_in_providers, member_browser, client
):
    page = member_browser.sign_in(username="ada")

    assert page.request["PATH_INFO"] == "/accounts/3rdparty/signup/"
    assert "Choose your username" in page.content.decode()
    assert not User.objects.exists()  # nothing before the member says so
    form = join_form(page)
    assert form == {
        "username": "",
        "email": "ada.okafor@example.org",
        "display_name": "Ada Okafor",
        "headline": "Programme manager | Public sector",
    }
    assert "LinkedIn has confirmed this address" in page.content.decode()
    assert re.search(r'<input[^>]*name="email"[^>]*disabled', page.content.decode())

    # The join page's rules for usernames.
    refused = client.post("/accounts/3rdparty/signup/", {**form, "username": "admin"})
    assert "That username is reserved" in refused.content.decode()
    assert not User.objects.exists()

    # The address the provider vouched for stays, whatever the form sends.
    joined = client.post(
        "/accounts/3rdparty/signup/",
        {**form, "username": "Ada_Okafor", "email": "other@example.com"},
        follow=True,
    )

    member = User.objects.get()
    assert member.username == "ada_okafor"
    assert (member.display_name, member.headline) == (
        "Ada Okafor",
        "Programme manager | Public sector",
    )
    assert not member.has_usable_password()
    # The provider vouched for the address: confirmed, no mail to click, logged in at once.
    address = EmailAddress.objects.get(user=member)
    assert (address.email, address.verified) == ("ada.okafor@example.org", True)
    assert not mails_to("ada.okafor@example.org")
    assert joined.context["user"] == member
    assert "Welcome to PM Forum, Ada Okafor." in joined.content.decode()
    account = SocialAccount.objects.get(user=member)
    assert account.provider == "linkedin"

    # Next time the same LinkedIn account logs straight in.
    client.post("/accounts/logout/")
    again = member_browser.sign_in(username="ada")
    assert again.context["user"] == member
    assert User.objects.count() == 1


def test_an_unconfirmed_address_is_confirmed_by_mail_before_the_member_can_log_in(
    sign_in_providers, member_browser, client
):
    page = member_browser.sign_in(username="tomas")
    form = join_form(page)
    assert form["email"] == "tomas@example.org"
    assert "We send a link to confirm it" in page.content.decode()
    assert not User.objects.exists() and not SocialAccount.objects.exists()

    sent = client.post("/accounts/3rdparty/signup/", {**form, "username": "tomas"}, follow=True)

    assert "Check your e-mail" in sent.content.decode()
    assert not sent.context["user"].is_authenticated
    assert not EmailAddress.objects.get(email="tomas@example.org").verified
    # Logging in with the provider again does not get past the unconfirmed address.
    client.get("/")
    again = member_browser.sign_in(username="tomas")
    assert not again.context["user"].is_authenticated
    assert "Check your e-mail" in again.content.decode()

    [message, *_] = mails_to("tomas@example.org")
    confirmed = client.post(link_in(message, CONFIRM_LINK), follow=True)
    assert confirmed.context["user"].username == "tomas"


def test_an_existing_address_is_not_taken_over(sign_in_providers, member_browser, client):
    owner = UserFactory(username="grace", email="grace@example.org")

    page = member_browser.sign_in(username="grace")

    assert page.status_code == 409
    body = page.content.decode()
    assert "You already have an account" in body
    assert "grace@example.org" in body
    assert "Connected accounts" in body
    assert not page.context["user"].is_authenticated
    assert User.objects.get() == owner
    assert not SocialAccount.objects.exists()
    assert not mail.outbox


def test_member_connects_a_provider_in_settings_then_logs_in_with_it(
    sign_in_providers, member_browser, client
):
    member = UserFactory(username="nia", email="nia@example.com")
    client.force_login(member)

    connections = client.get("/accounts/3rdparty/")
    assert "No account is connected yet." in connections.content.decode()
    connected = member_browser.sign_in(
        username="nia", provider_name="Connect Google", page="/accounts/3rdparty/"
    )

    assert connected.request["PATH_INFO"] == "/accounts/3rdparty/"
    body = connected.content.decode()
    assert "Google is connected" in body
    assert "nia.elsewhere@example.org" in body
    assert SocialAccount.objects.get().user == member
    # The member's own address and profile are left as they were.
    member.refresh_from_db()
    assert member.email == "nia@example.com"
    [notice] = mails_to("nia@example.com")
    assert "Google was connected" in notice.subject

    client.post("/accounts/logout/")
    logged_in = member_browser.sign_in(username="nia", provider_name="Continue with Google")
    assert logged_in.context["user"] == member
    assert User.objects.count() == 1


def test_the_last_way_in_cannot_be_disconnected(sign_in_providers, member_browser, client):
    page = member_browser.sign_in(username="ada")
    client.post("/accounts/3rdparty/signup/", {**join_form(page), "username": "ada"})
    account = SocialAccount.objects.get()

    refused = client.post("/accounts/3rdparty/", {"account": account.pk})

    assert refused.status_code == 200
    assert "This is your only way to log in: your account has no password." in (
        refused.content.decode()
    )
    assert SocialAccount.objects.filter(pk=account.pk).exists()

    # With a password set, it can go.
    client.post(
        "/accounts/password/set/",
        {"password1": "Lovelace-Engine-1843", "password2": "Lovelace-Engine-1843"},
    )
    done = client.post("/accounts/3rdparty/", {"account": account.pk}, follow=True)
    assert "Disconnected" in done.content.decode()
    assert not SocialAccount.objects.exists()


def test_an_answer_with_another_state_is_refused_and_creates_nothing(
    sign_in_providers, member_browser
):
    started = member_browser.start("/accounts/login/", "LinkedIn")
    back = member_browser.at_provider(started["Location"], "ada")
    forged = re.sub(r"state=[^&]+", "state=AAAAAAAAAAAAAAAA", back)

    page = member_browser.back_at_site(forged)

    assert page.status_code == 401
    assert "Sign-in not completed" in page.content.decode()
    assert not User.objects.exists() and not SocialAccount.objects.exists()
    # The real answer still works, once; used again, it is refused.
    real = member_browser.back_at_site(back, follow=True)
    assert real.request["PATH_INFO"] == "/accounts/3rdparty/signup/"
    assert member_browser.back_at_site(back).status_code == 401


def test_a_tampered_id_token_is_refused_and_creates_nothing(sign_in_providers, member_browser):
    sign_in_providers(linkedin_client="tampered-client")

    page = member_browser.sign_in(username="ada")

    assert page.status_code == 401
    assert "Sign-in not completed" in page.content.decode()
    assert not page.context["user"].is_authenticated
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_a_userinfo_answer_about_another_subject_is_refused_and_creates_nothing(
    sign_in_providers, member_browser
):
    # The ID token is signed and about ada; the userinfo answer names someone else.
    sign_in_providers(linkedin_client="other-userinfo-client")

    page = member_browser.sign_in(username="ada")

    assert page.status_code == 401
    assert "Sign-in not completed" in page.content.decode()
    assert not page.context["user"].is_authenticated
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_hostile_names_from_a_provider_are_cleaned_not_stored(
    sign_in_providers, member_browser, client
):
    page = member_browser.sign_in(username="hostile")

    form = join_form(page)
    assert "<script>" not in page.content.decode().split("<main", 1)[1]
    assert form["display_name"].startswith("scriptalert(1)/script Ada")
    assert len(form["display_name"]) <= 80 and len(form["headline"]) <= 120
    assert "\x00" not in form["headline"] and "\u2066" not in form["headline"]

    client.post("/accounts/3rdparty/signup/", {**form, "username": "hostile"})

    member = User.objects.get()
    assert member.display_name == form["display_name"].replace("&amp;", "&")
    assert member.headline.startswith("[31mHeadline")
    assert EmailAddress.objects.get(user=member).verified  # "true" as a string counts
    account = SocialAccount.objects.get()
    assert "\x00" not in str(account.extra_data)


def test_a_reserved_name_from_a_provider_is_left_blank(sign_in_providers, member_browser):
    page = member_browser.sign_in(username="reserved")

    assert join_form(page)["display_name"] == ""


def test_an_unconfirmed_address_that_has_an_account_tells_only_its_owner_by_mail(
    sign_in_providers, member_browser, client
):
    """A provider that lets anyone claim any address learns nothing and takes over nothing."""
    owner = UserFactory(username="tomas_here", email="tomas@example.org")

    page = member_browser.sign_in(username="tomas")
    assert page.status_code == 200 and "Choose your username" in page.content.decode()
    answered = client.post(
        "/accounts/3rdparty/signup/", {**join_form(page), "username": "tomas"}, follow=True
    )

    assert "Check your e-mail" in answered.content.decode()
    assert not answered.context["user"].is_authenticated
    assert User.objects.get() == owner
    assert not SocialAccount.objects.exists()
    [message] = mails_to("tomas@example.org")
    assert "This address already belongs to an account." in message.body


def test_cancelling_at_the_provider_changes_nothing(sign_in_providers, member_browser):
    started = member_browser.start("/accounts/login/", "LinkedIn")
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]

    page = member_browser.client.get(
        f"/accounts/oidc/linkedin/login/callback/?error=access_denied&state={state}", follow=True
    )

    assert "Sign-in cancelled" in page.content.decode()
    assert not User.objects.exists() and not SocialAccount.objects.exists()
