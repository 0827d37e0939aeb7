"""Deleting one's own account: personal data goes, posts stay by "Deleted member"."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from forum.models import Post
from tests.accounts.helpers import image_file, join
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def priya(client):
    member = UserFactory(username="priya", display_name="Priya Raman", email="priya@example.com")
    EmailAddress.objects.create(user=member, email="priya@work.example", verified=False)
    client.force_login(member)
    return member


def test_delete_page_needs_a_login(client):
    response = client.get("/accounts/delete/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_delete_page_explains_and_asks_for_the_password(client, priya):
    html = client.get("/accounts/delete/").content.decode()

    assert "cannot be undone" in html
    assert "Deleted member" in html
    assert '<label class="field__label" for="id_password">Your password</label>' in html
    assert 'type="password"' in html
    assert User.objects.filter(pk=priya.pk).exists()


def test_wrong_password_keeps_the_account(client, priya):
    response = client.post("/accounts/delete/", {"password": "not-my-password"})

    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=priya.pk).exists()
    assert client.get("/").context["user"].is_authenticated


def test_repeated_wrong_passwords_are_stopped(client, priya):
    for _ in range(5):
        client.post("/accounts/delete/", {"password": "guess"})

    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert "Too many failed login attempts" in response.content.decode()
    assert User.objects.filter(pk=priya.pk).exists()


def test_deleting_removes_personal_data_and_keeps_posts_as_deleted_member(
    client, priya, django_capture_on_commit_callbacks
):
    client.post(
        "/accounts/profile/",
        {
            "display_name": "Priya Raman",
            "headline": "PMO lead at Northwind",
            "avatar": SimpleUploadedFile("me.png", image_file(), content_type="image/png"),
        },
    )
    avatar = User.objects.get(pk=priya.pk).avatar.name
    thread = make_thread(title="Who owns the RAID log on client projects?", author=priya)
    question = thread.posts.get(number=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "Your account is deleted." in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert not User.objects.filter(username="priya").exists()
    assert not EmailAddress.objects.filter(
        email__in=["priya@example.com", "priya@work.example"]
    ).exists()
    assert not default_storage.exists(avatar)

    question.refresh_from_db()
    assert question.author_id is None
    thread_page = client.get(thread.get_absolute_url()).content.decode()
    assert "Who owns the RAID log on client projects?" in thread_page
    assert "Deleted member" in thread_page
    assert "Priya Raman" not in thread_page and "PMO lead at Northwind" not in thread_page
    assert "/members/priya/" not in thread_page
    assert "Deleted member" in client.get("/").content.decode()
    assert client.get("/members/priya/").status_code == 404


def test_replies_of_a_deleted_member_stay_in_other_threads(client, priya):
    other = UserFactory(username="tomasz")
    thread = make_thread(title="Estimating discovery work", author=other)
    client.post(f"/threads/{thread.pk}/reply/", {"body": "We timebox discovery to two weeks."})
    assert Post.objects.filter(author=priya).count() == 1

    client.post("/accounts/delete/", {"password": PASSWORD})

    reply = Post.objects.get(body="We timebox discovery to two weeks.")
    assert reply.author is None
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "We timebox discovery to two weeks." in page


def test_username_and_address_are_free_again_after_deletion(client, priya):
    client.post("/accounts/delete/", {"password": PASSWORD})

    response = join(client, username="priya", email="priya@example.com")

    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.get(username="priya").pk != priya.pk


def test_staff_cannot_delete_their_own_account_here(client):
    admin = UserFactory(username="boss", is_staff=True)
    client.force_login(admin)

    page = client.get("/accounts/delete/")
    posted = client.post("/accounts/delete/", {"password": PASSWORD})

    assert page.status_code == posted.status_code == 403
    assert "Staff accounts are removed by another administrator" in page.content.decode()
    assert User.objects.filter(pk=admin.pk).exists()


@pytest.fixture
def passwordless(client):
    """A member who joined through a sign-in provider: no password of their own here."""
    member = UserFactory(username="kofi", email="kofi@example.com")
    member.set_unusable_password()
    member.save()
    client.force_login(member)
    return member


def test_a_member_without_a_password_is_asked_for_their_username_and_told_why(
    client, passwordless, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        html = client.get("/accounts/delete/").content.decode()

    assert "You joined through a sign-in provider, so you have no password here" in html
    assert '<label class="field__label" for="id_username">Your username</label>' in html
    assert 'type="password"' not in html


def test_a_member_without_a_password_deletes_their_account_by_typing_their_username(
    client, passwordless
):
    response = client.post("/accounts/delete/", {"username": "kofi"}, follow=True)

    assert "Your account is deleted." in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert not User.objects.filter(pk=passwordless.pk).exists()


def test_a_wrong_username_keeps_the_account_with_the_error_by_the_field(client, passwordless):
    response = client.post("/accounts/delete/", {"username": "kofi-not"})

    html = response.content.decode()
    assert response.status_code == 200
    error = re.search(r'<ul class="field__errors" id="id_username_error">(.*?)</ul>', html, re.S)
    assert error and "That is not your username." in error.group(1)
    assert 'value="kofi-not"' in html
    assert User.objects.filter(pk=passwordless.pk).exists()
    assert client.get("/").context["user"].is_authenticated


def test_a_member_with_a_password_cannot_confirm_with_their_username(client, priya):
    response = client.post("/accounts/delete/", {"username": "priya"})

    assert response.status_code == 200
    assert User.objects.filter(pk=priya.pk).exists()
