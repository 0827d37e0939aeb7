"""A member's time zone: chosen in the profile, or accepted when the site offers the browser's."""

import re

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

PROFILE = {"display_name": "Kenji Mori", "headline": "", "location": "", "bio": ""}
OFFER = 'id="time-zone-offer"'
SCRIPT = "/static/js/time-zone.js"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# The profile's select


def test_profile_lists_zones_grouped_by_region_with_the_current_one_selected():
    client = logged_in(UserFactory(time_zone="Asia/Tokyo"))
    html = client.get("/accounts/profile/").content.decode()

    assert '<label class="field__label" for="id_time_zone">Your time zone' in html
    assert 'aria-describedby="id_time_zone_helptext"' in html
    assert '<optgroup label="Asia">' in html and '<optgroup label="America">' in html
    assert '<option value="Asia/Tokyo" selected>Tokyo</option>' in html
    assert '<option value="America/St_Johns">St Johns</option>' in html
    assert '<option value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires</option>' in (
        html
    )
    assert '<option value="">UTC (the default)</option>' in html
    assert "07:00" in html  # when the digest comes


def test_choosing_a_zone_in_the_profile_saves_it():
    member = UserFactory()
    client = logged_in(member)

    response = client.post("/accounts/profile/", {**PROFILE, "time_zone": "Asia/Kolkata"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.time_zone == "Asia/Kolkata"
    client.post("/accounts/profile/", {**PROFILE, "time_zone": ""})
    member.refresh_from_db()
    assert member.time_zone == ""


def test_a_zone_not_in_the_list_is_refused_next_to_the_field_with_the_rest_kept():
    member = UserFactory(time_zone="Europe/London")
    client = logged_in(member)

    response = client.post(
        "/accounts/profile/", {**PROFILE, "time_zone": "Mars/Olympus_Mons<script>"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        r'id="id_time_zone_error"><li>Please choose a time zone from the list.</li>', html
    )
    assert 'value="Kenji Mori"' in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    member.refresh_from_db()
    assert member.time_zone == "Europe/London"


# The browser's zone, offered


def test_the_offer_is_on_a_members_pages_until_they_answer():
    member = UserFactory()
    make_thread(title="Somewhere to look")
    client = logged_in(member)
    html = client.get("/").content.decode()
    assert OFFER in html and SCRIPT in html
    assert 'action="/accounts/time-zone/"' in html and "csrfmiddlewaretoken" in html

    for visitor_html in (Client().get("/").content.decode(),):
        assert OFFER not in visitor_html and SCRIPT not in visitor_html
    chosen = logged_in(UserFactory(time_zone="Asia/Tokyo")).get("/").content.decode()
    assert OFFER not in chosen and SCRIPT not in chosen


def test_yes_saves_the_browsers_zone_and_returns_to_the_page():
    member = UserFactory()
    thread = make_thread(title="Back to this thread after answering")
    client = logged_in(member)

    response = client.post(
        "/accounts/time-zone/",
        {"answer": "yes", "time_zone": "Asia/Tokyo", "next": thread.get_absolute_url()},
    )

    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    member.refresh_from_db()
    assert member.time_zone == "Asia/Tokyo"
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Times are now shown in Asia/Tokyo." in page
    assert "(Asia/Tokyo)</time>" not in page and '(Asia/Tokyo)">' in page
    assert OFFER not in page


def test_no_keeps_utc_and_the_offer_does_not_come_back():
    member = UserFactory()
    client = logged_in(member)

    response = client.post("/accounts/time-zone/", {"answer": "no", "time_zone": "Asia/Tokyo"})

    assert response.status_code == 302 and response["Location"] == "/"
    member.refresh_from_db()
    assert member.time_zone == "" and member.time_zone_declined
    html = client.get("/").content.decode()
    assert OFFER not in html and SCRIPT not in html
    assert "Times stay in UTC." in html


def test_an_unknown_zone_is_not_saved_and_the_member_is_sent_to_choose_one():
    member = UserFactory()
    client = logged_in(member)

    response = client.post("/accounts/time-zone/", {"answer": "yes", "time_zone": "Nowhere/Land"})

    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    member.refresh_from_db()
    assert member.time_zone == "" and not member.time_zone_declined
    assert "We do not know that time zone" in client.get("/accounts/profile/").content.decode()


@pytest.mark.parametrize("data", [{}, {"answer": "maybe"}, {"answer": "yes"}])
def test_a_malformed_answer_changes_nothing(data):
    member = UserFactory()
    response = logged_in(member).post("/accounts/time-zone/", data)
    assert response.status_code in (302, 400)
    member.refresh_from_db()
    assert member.time_zone == "" and not member.time_zone_declined


def test_the_answer_goes_back_only_to_this_site():
    client = logged_in(UserFactory())
    response = client.post(
        "/accounts/time-zone/",
        {"answer": "no", "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == "/"


def test_the_answer_needs_a_csrf_token_and_a_post():
    member = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert (
        client.post(
            "/accounts/time-zone/", {"answer": "yes", "time_zone": "Asia/Tokyo"}
        ).status_code
        == 403
    )
    assert client.get("/accounts/time-zone/").status_code == 405
    member.refresh_from_db()
    assert member.time_zone == ""


def test_visitors_are_sent_to_log_in():
    response = Client().post("/accounts/time-zone/", {"answer": "yes", "time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_zone_is_private():
    member = UserFactory(username="private_zone", time_zone="Pacific/Chatham")
    html = Client().get("/members/private_zone/").content.decode()
    assert "Chatham" not in html
    assert User.objects.get(pk=member.pk).time_zone == "Pacific/Chatham"
