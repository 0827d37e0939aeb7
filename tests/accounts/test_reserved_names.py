"""Names that would pass for the site, its staff or the "Deleted member" placeholder are
refused however they are spelt: spacing, case, accents, separators or look-alike letters."""

import pytest

from accounts.models import User
from tests.accounts.helpers import join
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def profile_data(**changes):
    return {"display_name": "", "headline": "", "location": "", "bio": "", **changes}


@pytest.fixture
def priya(client):
    member = UserFactory(username="priya", display_name="Priya Raman")
    client.force_login(member)
    return member


@pytest.mark.parametrize(
    "name",
    [
        "Deleted  member",  # two spaces: the check used to run before they were collapsed
        "Deleted\u00a0member",  # a no-break space
        "D\u0435leted member",  # a Cyrillic "e"
        "DELETED MEMB\u0415R",  # a Cyrillic capital "E"
        "Dèleted member",
        "Deleted-Member",
        "Moderator",
        "M\u03bfderators",  # a Greek "o"
        "Admin",
        "administrator",
        "PM Forum",
        "pm  forum",
        "\uff30\uff2d \uff26\uff4f\uff52\uff55\uff4d",  # full-width letters
        "P.M. Forum",
    ],
)
def test_reserved_display_names_are_refused_on_the_profile_page(client, priya, name):
    response = client.post("/accounts/profile/", profile_data(display_name=name))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<ul class="field__errors" id="id_display_name_error">' in html
    assert "reserved" in html or "removed accounts" in html
    assert User.objects.get(pk=priya.pk).display_name == "Priya Raman"


@pytest.mark.parametrize(
    "name", ["Priya Raman", "José Álvarez", "Олег Петров", "Moderately Agile", "Admin Team Lead"]
)
def test_ordinary_names_are_accepted(client, priya, name):
    response = client.post("/accounts/profile/", profile_data(display_name=name))

    assert response.status_code == 302
    assert User.objects.get(pk=priya.pk).display_name == name


@pytest.mark.parametrize(
    "username",
    ["deleted.member", "Deleted_Member", "moderators", "Administrator", "pm_forum", "pm.forum"],
)
def test_reserved_usernames_are_refused_at_sign_up(client, username):
    response = join(client, username=username)

    assert response.status_code == 200
    assert "reserved" in str(response.context["form"].errors["username"])
    assert not User.objects.exists()
