"""Managing the e-mail addresses on an account."""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from tests.accounts.helpers import link_in, mails_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONFIRM_LINK = r"https?://\S+/accounts/confirm-email/\S+/"


@pytest.fixture
def priya(client):
    member = UserFactory(username="priya", email="priya@example.com")
    client.force_login(member)
    return member


def test_page_lists_addresses_with_their_state(client, priya):
    EmailAddress.objects.create(user=priya, email="priya@work.example", verified=False)

    html = client.get("/accounts/email/").content.decode()

    assert "priya@example.com" in html and "priya@work.example" in html
    assert html.count("Not confirmed") == 1
    assert "Primary" in html


def test_adding_an_address_sends_a_link_and_confirming_it_counts(client, priya):
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "priya@work.example"}, follow=True
    )

    assert "We have sent a confirmation link to priya@work.example." in response.content.decode()
    [message] = mails_to("priya@work.example")
    assert message.subject == "[PM Forum] Confirm your e-mail address"
    client.post(link_in(message, CONFIRM_LINK))
    assert EmailAddress.objects.get(email="priya@work.example").verified


def test_confirmed_address_can_become_primary(client, priya):
    EmailAddress.objects.create(user=priya, email="priya@work.example", verified=True)

    response = client.post(
        "/accounts/email/", {"action_primary": "", "email": "priya@work.example"}, follow=True
    )

    assert "Your primary e-mail address is changed." in response.content.decode()
    assert User.objects.get(pk=priya.pk).email == "priya@work.example"
    assert EmailAddress.objects.get(email="priya@work.example").primary


def test_unconfirmed_address_cannot_become_primary(client, priya):
    EmailAddress.objects.create(user=priya, email="priya@work.example", verified=False)

    response = client.post(
        "/accounts/email/", {"action_primary": "", "email": "priya@work.example"}, follow=True
    )

    assert "Only a confirmed address can be your primary address." in response.content.decode()
    assert User.objects.get(pk=priya.pk).email == "priya@example.com"


def test_removing_an_address_tells_the_member(client, priya):
    EmailAddress.objects.create(user=priya, email="priya@work.example", verified=True)

    response = client.post(
        "/accounts/email/", {"action_remove": "", "email": "priya@work.example"}, follow=True
    )

    assert "Removed priya@work.example from your account." in response.content.decode()
    assert not EmailAddress.objects.filter(email="priya@work.example").exists()
    [notice] = mails_to("priya@example.com")
    assert "priya@work.example was removed" in notice.body


def test_primary_address_cannot_be_removed_while_another_exists(client, priya):
    EmailAddress.objects.create(user=priya, email="priya@work.example", verified=True)

    response = client.post(
        "/accounts/email/", {"action_remove": "", "email": "priya@example.com"}, follow=True
    )

    assert "cannot be removed" in response.content.decode()
    assert EmailAddress.objects.filter(email="priya@example.com").exists()


def test_address_of_another_member_is_never_confirmed_for_you(client, priya):
    UserFactory(username="tomasz", email="tomasz@example.com")

    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "tomasz@example.com"}, follow=True
    )

    # The page answers as for any new address, so it does not reveal who is a member; the link
    # the owner receives cannot move their confirmed address to another account.
    assert "We have sent a confirmation link to tomasz@example.com." in response.content.decode()
    [message] = mails_to("tomasz@example.com")
    page = client.get(link_in(message, CONFIRM_LINK)).content.decode()
    client.post(link_in(message, CONFIRM_LINK))

    assert "Address already in use" in page
    assert not EmailAddress.objects.filter(user=priya, email="tomasz@example.com", verified=True)
    assert EmailAddress.objects.get(user__username="tomasz").verified


def test_an_account_holds_at_most_three_addresses(client, priya):
    for n in range(2):
        EmailAddress.objects.create(user=priya, email=f"priya{n}@work.example", verified=True)

    html = client.get("/accounts/email/").content.decode()

    assert "Add address" not in html
    assert "You have as many addresses as an account can have." in html


def test_invalid_address_is_refused_beside_the_field(client, priya):
    response = client.post("/accounts/email/", {"action_add": "", "email": "not an address"})

    html = response.content.decode()
    assert '<ul class="field__errors" id="id_email_error">' in html
    assert "Enter a valid email address." in html
