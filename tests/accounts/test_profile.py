"""Editing the public profile, and seeing it on posts, lists and the member page."""

import pytest

from accounts.models import User
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def profile_data(**changes):
    data = {
        "display_name": "Priya Raman",
        "headline": "Self-employed | Delivery lead",
        "location": "Pune, India",
        "bio": "Twelve years of agency delivery.\nNow freelance.",
    }
    data.update(changes)
    return data


@pytest.fixture
def priya(client):
    member = UserFactory(
        username="priya", display_name="", headline="", location="", email="priya@example.com"
    )
    client.force_login(member)
    return member


def test_profile_page_needs_a_login(client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_profile_page_shows_the_current_values_with_labels(client):
    member = UserFactory(headline="PMO lead", location="Leeds")
    client.force_login(member)

    html = client.get("/accounts/profile/").content.decode()

    for field in ("display_name", "headline", "location", "bio", "avatar"):
        assert f'for="id_{field}"' in html
    assert 'value="PMO lead"' in html and 'value="Leeds"' in html
    assert 'enctype="multipart/form-data"' in html


def test_saved_profile_shows_on_the_member_page_and_every_post(client, priya):
    thread = make_thread(title="Handing a project over to the client", author=priya)

    response = client.post("/accounts/profile/", profile_data(), follow=True)

    assert response.redirect_chain[-1][0] == "/members/priya/"
    member_page = response.content.decode()
    assert "Your profile is saved." in member_page
    assert '<h1 id="member-name">Priya Raman</h1>' in member_page
    assert "Self-employed | Delivery lead" in member_page
    assert "Twelve years of agency delivery.<br>Now freelance." in member_page

    thread_page = client.get(thread.get_absolute_url()).content.decode()
    assert '<a class="author-card__name" href="/members/priya/">Priya Raman</a>' in thread_page
    assert '<span class="author-card__headline">Self-employed | Delivery lead</span>' in (
        thread_page
    )
    assert '<span class="author-card__location">Pune, India</span>' in thread_page
    # The initials avatar follows the new name.
    assert ">PR</text>" in thread_page

    thread_list = client.get("/").content.decode()
    assert "Priya Raman</a>" in thread_list


def test_display_name_appears_in_the_header_once_saved(client, priya):
    client.post("/accounts/profile/", profile_data(display_name="Priya R."))

    html = client.get("/").content.decode()

    assert "<span>Priya R.</span></a>" in html


def test_display_name_with_markup_is_refused_and_nothing_is_saved(client, priya):
    response = client.post(
        "/accounts/profile/",
        profile_data(display_name="<script>alert(1)</script>", headline="New headline"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "A display name cannot contain &lt; or &gt;." in html
    assert "<script>alert(1)</script>" not in html
    stored = User.objects.get(pk=priya.pk)
    assert stored.display_name == "" and stored.headline == ""
    # The header still shows the stored name, not the refused one.
    assert "<span>priya</span></a>" in html


@pytest.mark.parametrize("field", ["headline", "location"])
def test_markup_in_headline_or_location_is_kept_as_typed_and_shown_as_text(client, priya, field):
    typed = '<b>Lead</b> "PMO" & <img src=x onerror=alert(1)>'
    make_thread(author=priya)

    client.post("/accounts/profile/", profile_data(**{field: typed}))

    assert getattr(User.objects.get(pk=priya.pk), field) == typed
    escaped = "&lt;b&gt;Lead&lt;/b&gt; &quot;PMO&quot; &amp; &lt;img src=x onerror=alert(1)&gt;"
    for page in ("/members/priya/", make_thread_url(priya)):
        html = client.get(page).content.decode()
        assert escaped in html
        assert "<img src=x" not in html and "<b>Lead</b>" not in html


def make_thread_url(member) -> str:
    return member.threads.first().get_absolute_url()


def test_markup_in_bio_is_shown_as_text(client, priya):
    client.post("/accounts/profile/", profile_data(bio="<a href='https://evil.example'>x</a>"))

    html = client.get("/members/priya/").content.decode()

    assert "&lt;a href=&#x27;https://evil.example&#x27;&gt;x&lt;/a&gt;" in html
    assert "<a href='https://evil.example'>" not in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "Priya\u202eRaman"),
        ("display_name", "Priya\x07"),
        ("headline", "Lead\u200b"),
        ("location", "Pune\x1b[31m"),
        ("bio", "Hello\x00there"),
    ],
)
def test_invisible_and_control_characters_are_refused(client, priya, field, value):
    response = client.post("/accounts/profile/", profile_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert User.objects.get(pk=priya.pk).display_name == ""


def test_display_name_that_imitates_a_deleted_member_is_refused(client, priya):
    response = client.post("/accounts/profile/", profile_data(display_name="deleted MEMBER"))

    assert "That name is what the forum shows for removed accounts." in (response.content.decode())


def test_too_long_values_are_refused_beside_their_field(client, priya):
    response = client.post("/accounts/profile/", profile_data(headline="x" * 121))

    html = response.content.decode()
    assert '<ul class="field__errors" id="id_headline_error">' in html
    assert "Ensure this value has at most 120 characters (it has 121)." in html
    assert User.objects.get(pk=priya.pk).headline == ""


def test_display_name_spacing_is_tidied(client, priya):
    client.post("/accounts/profile/", profile_data(display_name="  Priya   Raman "))

    assert User.objects.get(pk=priya.pk).display_name == "Priya Raman"


def test_empty_profile_falls_back_to_username_and_initial(client, priya):
    client.post("/accounts/profile/", profile_data(display_name="", headline="", location=""))

    html = client.get("/members/priya/").content.decode()

    assert '<h1 id="member-name">priya</h1>' in html
    assert ">P</text>" in html


def test_own_member_page_links_to_the_profile_form(client, priya):
    other = UserFactory(username="tomasz")

    own = client.get("/members/priya/").content.decode()
    theirs = client.get(f"/members/{other.username}/").content.decode()

    assert "Edit your profile" in own
    assert "Edit your profile" not in theirs


def test_profile_page_runs_a_fixed_small_number_of_queries(
    client, priya, django_assert_max_num_queries
):
    # The session, the user, and whatever the site header asks for a logged-in member.
    with django_assert_max_num_queries(3):
        client.get("/accounts/profile/")
