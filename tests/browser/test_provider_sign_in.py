"""The provider sign-in pages in Chromium: on a 375 px phone, without JavaScript, by keyboard,
and through axe-core.

The first sign-in's form is reached through the real test provider on loopback (the test
client goes there and back, then the browser takes over its session)."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.accounts.social.provider import (  # noqa: F401 (fixtures)
    MemberBrowser,
    oidc_provider,
    sign_in_providers,
)
from tests.factories import UserFactory

# LinkedIn and Google configured, at the test provider.
pytestmark = pytest.mark.usefixtures("sign_in_providers")
PHONE = {"width": 375, "height": 740}
LONG_ADDRESS = "bartholomew.fitzwilliam-montgomery-smythe.programme-office@example.org"


def check(page, axe, label: str, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response.status == status, f"{url}: {response.status}"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{url} is {width} px wide on a {PHONE['width']} px screen"
    assert axe.check(page, f"{label} (375 px)").blocking == []


def test_provider_pages_fit_a_phone_and_pass_axe(
    transactional_db, new_page, axe, live_server, browser_events
):
    # Halfway through a first sign-in: the provider sent a long, hostile name.
    client = Client()
    MemberBrowser(client, settings.SITE_URL).sign_in(username="hostile")
    page = new_page(viewport=PHONE)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )

    check(page, axe, "First sign-in with a provider", "/accounts/3rdparty/signup/")
    assert page.locator("#id_display_name").input_value().startswith("scriptalert(1)/script")
    check(page, axe, "Log in, with providers", "/accounts/login/")
    check(page, axe, "Join, with providers", "/accounts/signup/")
    check(page, axe, "Continue with a provider", "/accounts/oidc/linkedin/login/?process=login")
    check(page, axe, "Sign-in not completed", "/accounts/3rdparty/login/error/", status=401)
    assert browser_events.all() == [
        "error: Failed to load resource: the server responded with a status of 401 "
        f"(Unauthorized) ({live_server.url}/accounts/3rdparty/login/error/)"
    ]
    browser_events.clear()  # the browser logs the 401 status itself
    check(page, axe, "Sign-in cancelled", "/accounts/3rdparty/login/cancelled/")


def test_connected_accounts_on_a_phone_by_keyboard_without_javascript(
    transactional_db, new_page, axe, log_in_as
):
    member = UserFactory(username="bartholomew")
    SocialAccount.objects.create(
        user=member, provider="linkedin", uid="1", extra_data={"userinfo": {"email": LONG_ADDRESS}}
    )
    checked = new_page(viewport=PHONE)
    log_in_as(checked, member)
    check(checked, axe, "Connected accounts", "/accounts/3rdparty/")

    page = new_page(js=False, viewport=PHONE)
    log_in_as(page, member)
    page.goto("/accounts/3rdparty/")
    expect(page.locator(".connection")).to_contain_text(LONG_ADDRESS)
    expect(page.get_by_role("button", name="Connect Google")).to_be_visible()

    # Disconnect by keyboard alone: Tab to the button, Enter.
    disconnect = page.get_by_role("button", name="Disconnect LinkedIn account")
    for _ in range(60):
        page.keyboard.press("Tab")
        if disconnect.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the Disconnect button cannot be reached with Tab")
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_contain_text("Disconnected")
    expect(page.locator("main")).to_contain_text("No account is connected yet.")
    assert not SocialAccount.objects.exists()
