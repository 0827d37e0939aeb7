"""Two-factor authentication in Chromium: the set-up pages (axe-core, a 375 px phone, without
JavaScript), logging in with the app's code, and security keys through a virtual authenticator
(the DevTools protocol's WebAuthn domain)."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.factories import TEST_TOTP_SECRET, UserFactory, give_two_factor

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
PHONE = {"width": 375, "height": 740}


def now_code(secret: str = TEST_TOTP_SECRET, steps_ahead: int = 0) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps_ahead))


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()


def confirm_with_password(page) -> None:
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Continue").click()


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def add_virtual_authenticator(page) -> tuple:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_member_sets_up_an_app_and_the_pages_pass_axe(new_page, transactional_db, axe, size):
    UserFactory(username="ines_ortega")
    page = new_page(**({"viewport": PHONE} if size == "phone" else {}))
    log_in(page, "ines_ortega")

    page.goto("/accounts/2fa/")
    expect(page.get_by_role("heading", name="Two-factor authentication", level=1)).to_be_visible()
    assert axe.check(page, f"Two-factor authentication ({size})").blocking == []
    assert fits_the_screen(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    assert axe.check(page, f"Confirm it is you ({size})").blocking == []
    confirm_with_password(page)

    expect(page.get_by_role("img", name="QR code holding the key below")).to_be_visible()
    assert axe.check(page, f"Set up an authenticator app ({size})").blocking == []
    assert fits_the_screen(page)
    secret = page.locator("#authenticator-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your app").fill(now_code(secret))
    page.get_by_role("button", name="Turn on").click()

    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert axe.check(page, f"Recovery codes ({size})").blocking == []
    assert fits_the_screen(page)

    page.get_by_role("button", name="Log out").first.click()
    log_in(page, "ines_ortega")
    expect(page.get_by_role("heading", name="Log in: second step")).to_be_visible()
    assert axe.check(page, f"Log in: second step ({size})").blocking == []
    assert fits_the_screen(page)
    page.get_by_label("Code from your app, or a recovery code").fill(now_code(secret, 1))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out").first).to_be_visible()


def test_without_javascript_codes_work_and_keys_say_they_need_it(new_page, transactional_db):
    give_two_factor(UserFactory(username="ines_ortega"))
    page = new_page(js=False)
    log_in(page, "ines_ortega")
    expect(page.get_by_text("Security keys and passkeys need JavaScript")).to_be_visible()
    page.get_by_label("Code from your app, or a recovery code").fill(now_code())
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out").first).to_be_visible()

    page.goto("/accounts/2fa/webauthn/add/")
    confirm_with_password(page)
    expect(page.get_by_text("Security keys and passkeys need JavaScript")).to_be_visible()
    expect(page.locator("#mfa_webauthn_add")).to_be_hidden()


def test_member_adds_a_security_key_and_logs_in_with_it(new_page, transactional_db, axe):
    member = UserFactory(username="ines_ortega")
    page = new_page()
    add_virtual_authenticator(page)
    log_in(page, "ines_ortega")

    page.goto("/accounts/2fa/webauthn/add/")
    confirm_with_password(page)
    expect(page.get_by_text("Security keys and passkeys need JavaScript")).to_be_hidden()
    assert axe.check(page, "Add a security key").blocking == []
    page.get_by_label("Name").fill("Blue USB key")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    assert Authenticator.objects.filter(user=member, type="webauthn").count() == 1

    page.goto("/accounts/2fa/webauthn/")
    expect(page.get_by_role("cell", name="Blue USB key", exact=True)).to_be_visible()
    assert axe.check(page, "Security keys").blocking == []

    page.get_by_role("button", name="Log out").first.click()
    log_in(page, "ines_ortega")
    page.get_by_role("button", name="Use a security key or passkey").click()
    expect(page.get_by_role("button", name="Log out").first).to_be_visible()


def test_a_key_of_another_account_is_refused(new_page, transactional_db):
    """Ines's key answers the challenge of Omar's log-in: the server knows it is not his."""
    ines = UserFactory(username="ines_ortega")
    give_two_factor(UserFactory(username="omar_haddad"))
    page = new_page()
    add_virtual_authenticator(page)
    log_in(page, "ines_ortega")
    page.goto("/accounts/2fa/webauthn/add/")
    confirm_with_password(page)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    key = Authenticator.objects.get(user=ines, type="webauthn")
    page.get_by_role("button", name="Log out").first.click()

    log_in(page, "omar_haddad")
    expect(page.get_by_role("heading", name="Log in: second step")).to_be_visible()
    page.evaluate(
        """async (credentialId) => {
          const data = JSON.parse(document.getElementById("js_data").textContent);
          const options = data.request_options;
          options.publicKey.allowCredentials = [{type: "public-key", id: credentialId}];
          const credential = await window.webauthnJSON.get(options);
          document.getElementById("id_credential").value = JSON.stringify(credential);
          document.getElementById("webauthn_form").submit();
        }""",
        key.data["credential"]["id"],
    )

    expect(page.get_by_role("heading", name="Log in: second step")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("not one of this account's")
    page.goto("/")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()  # Omar is not logged in
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
