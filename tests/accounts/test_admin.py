"""The admin's view of members: searching, taking down a picture, deleting."""

import pytest
from allauth.account.models import EmailAddress
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.avatars import avatar_from_upload
from accounts.models import User
from accounts.services import profile_update
from tests.accounts.helpers import image_file
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/user/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root_admin", is_staff=True, is_superuser=True))
    return client


def usernames_found(response) -> set[str]:
    return {user.username for user in response.context["cl"].result_list}


@pytest.mark.parametrize(
    "query", ["kwame", "Kwame Mensah", "Agency account", "Accra", "kwame@work.example"]
)
def test_admin_finds_members_by_profile_and_any_address(admin_client, query):
    kwame = UserFactory(
        username="kwame",
        display_name="Kwame Mensah",
        headline="Agency account director",
        location="Accra, Ghana",
    )
    EmailAddress.objects.create(user=kwame, email="kwame@work.example", verified=True)
    UserFactory(username="someone_else", headline="Internal PMO", location="Oslo")

    response = admin_client.get(CHANGELIST, {"q": query})

    assert usernames_found(response) == {"kwame"}


def test_admin_sees_the_avatar_but_cannot_upload_one(admin_client):
    member = UserFactory(username="kwame")

    html = admin_client.get(f"{CHANGELIST}{member.pk}/change/").content.decode()

    assert "None (initials are shown)" in html
    assert 'name="avatar"' not in html


def test_admin_can_take_down_an_unsuitable_avatar(admin_client, django_capture_on_commit_callbacks):
    member = UserFactory(username="kwame", display_name="Kwame Mensah")
    picture = avatar_from_upload(SimpleUploadedFile("a.png", image_file()))
    profile_update(
        user=member, display_name="Kwame Mensah", headline="", location="", bio="", avatar=picture
    )
    name = member.avatar.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST,
            {"action": "remove_avatars", "_selected_action": [member.pk]},
            follow=True,
        )

    assert "Removed 1 avatar(s)." in response.content.decode()
    assert not User.objects.get(pk=member.pk).avatar
    assert not default_storage.exists(name)


def test_admin_deletion_keeps_posts_and_removes_addresses(admin_client):
    member = UserFactory(username="kwame")
    thread = make_thread(title="Posts outlive their authors", author=member)

    admin_client.post(f"{CHANGELIST}{member.pk}/delete/", {"post": "yes"})

    assert not User.objects.filter(username="kwame").exists()
    assert not EmailAddress.objects.filter(email="kwame@example.com").exists()
    thread.refresh_from_db()
    assert thread.author_id is None
    assert thread.posts.get(number=1).author_id is None
