"""Every account page is one of ours: the site's layout, styled elements, a label on every field."""

from html.parser import HTMLParser

import pytest
from allauth.account.forms import ResetPasswordForm
from django.template import Context, Origin, Template

from tests.factories import UserFactory, give_two_factor

pytestmark = pytest.mark.django_db

VISITOR_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-real-key/",
    "/accounts/password/reset/key/1-not-a-real-key/",
    "/accounts/inactive/",
]
MEMBER_PAGES = [
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/profile/",
    "/accounts/delete/",
    "/accounts/reauthenticate/",
    # Two-factor authentication; the pages that change it ask to confirm it is you first.
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/webauthn/",
    "/accounts/2fa/webauthn/add/",
    "/accounts/2fa/recovery-codes/generate/",
]


class FormAudit(HTMLParser):
    """Collects the fields a person fills in and the labels that name them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []
        self.labelled: set[str] = set()
        self.inline_styles = 0
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.inline_styles += 1
        if tag == "h1":
            self.h1 += 1
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
            "button",
        ):
            self.fields.append(attrs.get("id") or f"<{tag} name={attrs.get('name')} without id>")


def audit(html: str) -> FormAudit:
    parser = FormAudit()
    parser.feed(html)
    return parser


def assert_ours(response) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and "/static/css/site.css" in html
    assert 'class="account-page' in html
    assert "Menu:" not in html  # allauth's own bare layout
    assert "Sign In" not in html and "Sign Up" not in html
    found = audit(html)
    assert found.h1 == 1
    assert found.inline_styles == 0  # the Content-Security-Policy allows no inline styles
    unlabelled = [field for field in found.fields if field not in found.labelled]
    assert unlabelled == []


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_visitor_account_pages_are_styled_and_labelled(client, path):
    assert_ours(client.get(path, follow=True))


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_account_pages_are_styled_and_labelled(client, path):
    client.force_login(UserFactory())
    assert_ours(client.get(path, follow=True))


def test_password_set_page_for_a_member_without_a_password(client):
    member = UserFactory()
    member.set_unusable_password()
    member.save()
    client.force_login(member)

    response = client.get("/accounts/password/set/")

    assert_ours(response)
    assert "Set a password" in response.content.decode()


def test_forms_with_errors_stay_styled_and_labelled(client):
    response = client.post("/accounts/signup/", {"username": "x", "email": "nope"})

    assert_ours(response)
    assert 'class="error-summary"' in response.content.decode()


def test_settings_pages_share_a_menu_marking_the_current_page(client):
    client.force_login(UserFactory())

    html = client.get("/accounts/email/").content.decode()

    assert 'aria-label="Account settings"' in html
    assert '<a href="/accounts/email/" aria-current="page">E-mail addresses</a>' in html
    assert '<a href="/accounts/profile/">Profile</a>' in html


def test_account_pages_are_kept_out_of_search_engines(client):
    html = client.get("/accounts/login/").content.decode()

    assert '<meta name="robots" content="noindex">' in html


def test_allauth_elements_render_in_our_style(rf):
    """Pages allauth may add later (codes, passkeys) are built from these elements."""
    template = Template(
        "{% load allauth %}"
        "{% element h1 %}Enter the code{% endelement %}"
        "{% element alert %}{% slot message %}Code sent.{% endslot %}{% endelement %}"
        '{% element form method="post" action="/x/" %}'
        "{% slot body %}{% element fields form=form %}{% endelement %}"
        '{% element field type="radio" id="r1" name="choice" value="a" errors=errors %}'
        "{% slot label %}Option A{% endslot %}{% endelement %}{% endslot %}"
        '{% slot actions %}{% element button type="submit" tags="prominent" %}Go{% endelement %}'
        '{% element button type="submit" tags="danger" %}Remove{% endelement %}{% endslot %}'
        "{% endelement %}"
        '{% element badge tags="success" %}Verified{% endelement %}',
        origin=Origin("elements", template_name="elements.html"),
    )
    form = ResetPasswordForm(data={"email": "not an address"})
    form.is_valid()

    html = template.render(Context({"form": form, "errors": ["Pick one."], "request": rf.get("/")}))

    assert '<h1 class="account-page__title">Enter the code</h1>' in html
    assert '<div class="alert" role="status">Code sent.</div>' in html
    assert '<form class="form" method="post" action="/x/">' in html
    assert '<ul class="field__errors" id="id_email_error">' in html
    assert '<label class="field__label" for="id_email">' in html
    assert '<ul class="field__errors" id="r1_error"><li>Pick one.</li></ul>' in html
    assert 'aria-describedby="r1_error"' in html and '<label for="r1">' in html
    assert 'class="button button--primary" type="submit">Go</button>' in html
    assert 'class="button button--danger" type="submit">Remove</button>' in html
    assert '<span class="badge badge--answered">Verified</span>' in html
    assert audit(html).inline_styles == 0


def test_two_factor_pages_behind_the_password_check_are_styled_and_labelled(client):
    member = UserFactory()
    client.force_login(member)
    confirm = client.get("/accounts/2fa/totp/activate/")["Location"]
    client.post(confirm, {"password": "correct-horse-battery"})

    for path in (
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/webauthn/add/",
    ):
        assert_ours(client.get(path))
    give_two_factor(member)
    for path in (
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
    ):
        assert_ours(client.get(path))
