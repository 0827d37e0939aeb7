"""The private watch list: names a member is warned about before posting. Its own settings page
edits it within its limits; no other page, for anyone, ever shows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import WatchList
from accounts.services import watch_list_save
from forum.services import post_reply
from tests.factories import UserFactory, make_moderator, make_thread

pytestmark = pytest.mark.django_db

# Names no page would print for any other reason.
SECRET_NAMES = ["Zanzibar Holdings", "Quillfeather Logistics", "Project Marmalade"]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_needs_a_login(client):
    response = client.get("/accounts/watch-list/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/watch-list/"


def test_a_member_saves_their_list_and_finds_it_tidied_on_the_page():
    member = UserFactory()
    client = logged_in(member)

    response = client.post(
        "/accounts/watch-list/",
        {"names": "  Zanzibar   Holdings \n\nglobex\nGLOBEX\nProject Marmalade\n"},
    )

    assert response.status_code == 302
    saved = WatchList.objects.get(user=member)
    assert saved.name_list == ["Zanzibar Holdings", "globex", "Project Marmalade"]
    page = client.get("/accounts/watch-list/")
    html = page.content.decode()
    assert "Zanzibar Holdings\nglobex\nProject Marmalade</textarea>" in html
    assert "Your watch list is saved (3 names)." in html
    assert "no-store" in page["Cache-Control"]


def test_an_empty_list_leaves_nothing_behind():
    member = UserFactory()
    watch_list_save(user=member, names=["Globex"])
    logged_in(member).post("/accounts/watch-list/", {"names": "\n  \n"})
    assert not WatchList.objects.filter(user=member).exists()


@pytest.mark.parametrize(
    "names,error",
    [
        ("\n".join(f"Client number {n}" for n in range(201)), "Please keep to 200 names"),
        ("Globex\n" + "x" * 101, "Line 2 is 101 characters long; a name may have 100 at most."),
        ("Globex\nA\n", "Line 2, “A”, is too short to look for"),
        ("Globex\n--\n", "Line 2, “--”, is too short to look for"),
        ("Globex\x07Initech", "Remove the invisible or control characters"),
        ("x" * 21_000, "please shorten it"),
    ],
)
def test_a_list_beyond_its_limits_comes_back_with_the_error_and_the_text(names, error):
    member = UserFactory()
    client = logged_in(member)

    response = client.post("/accounts/watch-list/", {"names": names})

    html = response.content.decode()
    assert response.status_code == 200
    assert error in html and 'class="field__errors"' in html
    assert names[:30].replace("\x07", "") in html.replace("\x07", "")
    assert not WatchList.objects.filter(user=member).exists()


def test_two_hundred_names_of_a_hundred_characters_are_allowed():
    member = UserFactory()
    names = [f"{n:03d} " + "n" * 96 for n in range(200)]
    response = logged_in(member).post("/accounts/watch-list/", {"names": "\n".join(names)})
    assert response.status_code == 302
    assert WatchList.objects.get(user=member).name_list == names


def test_the_settings_menu_leads_to_it():
    html = logged_in(UserFactory()).get("/accounts/profile/").content.decode()
    assert 'href="/accounts/watch-list/"' in html and "Confidentiality watch list" in html


# Never anywhere else


@pytest.fixture
def owner_with_a_thread(settings):
    settings.PAGE_CACHE_SECONDS = 60  # shared parts cached, as with Redis
    owner = UserFactory(username="owner_olga", date_joined=timezone.now() - timedelta(days=60))
    watch_list_save(user=owner, names=SECRET_NAMES)
    thread = make_thread(
        title="How do you keep client names out of forum posts?",
        author=owner,
        created_at=timezone.now() - timedelta(hours=2),
    )
    post_reply(author=UserFactory(), thread=thread, body="We use code names for everything.")
    return owner, thread


def pages_for(owner, thread) -> list[str]:
    question = thread.posts.get(number=1)
    return [
        "/",
        "/?outcome=yes",
        "/forums/",
        "/tags/",
        "/tags/estimating/",
        thread.get_absolute_url(),
        f"/posts/{question.pk}/history/",
        "/search/?q=client",
        "/members/",
        owner.get_absolute_url(),
        f"/feeds/threads/{thread.pk}/",
        "/feeds/latest/",
    ]


def own_pages(owner, thread) -> list[str]:
    question = thread.posts.get(number=1)
    return [
        "/threads/new/",
        f"/threads/{thread.pk}/reply/",
        f"/threads/{thread.pk}/outcome/",
        f"/posts/{question.pk}/edit/",
        "/accounts/profile/",
        "/accounts/email/",
        "/notifications/",
        "/subscriptions/",
    ]


def assert_no_name_in(response, where: str) -> None:
    body = response.content.decode(errors="replace").casefold()
    for name in SECRET_NAMES:
        assert name.casefold() not in body, f"{name!r} shown on {where}"


def test_the_list_is_never_shown_on_any_page_but_its_owners_settings(owner_with_a_thread):
    owner, thread = owner_with_a_thread
    moderator = UserFactory()
    make_moderator(moderator)
    readers = {
        "visitor": Client(),
        "another member": logged_in(UserFactory()),
        "a moderator": logged_in(moderator),
        "the owner": logged_in(owner),
    }
    for who, client in readers.items():
        for url in pages_for(owner, thread):
            response = client.get(url, follow=True)
            assert response.status_code == 200, f"{url} for {who}"
            assert_no_name_in(response, f"{url} for {who}")
    owner_client = readers["the owner"]
    for url in own_pages(owner, thread):
        response = owner_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_no_name_in(response, f"{url} for the owner")
    # The live preview answers about the text sent, never with the list.
    preview = owner_client.post("/preview/", {"title": "A title", "body": "Plain words."})
    assert_no_name_in(preview, "the owner's live preview")
    # A warning quotes only what the member typed.
    warned = owner_client.post(
        f"/threads/{thread.pk}/reply/", {"body": "We worked for Zanzibar Holdings."}
    )
    html = warned.content.decode()
    assert "a name on your watch list" in html
    assert "Quillfeather" not in html and "Marmalade" not in html
    # And its settings page is where it is.
    settings_page = owner_client.get("/accounts/watch-list/").content.decode()
    assert all(name in settings_page for name in SECRET_NAMES)


def test_the_admin_does_not_show_members_watch_lists(owner_with_a_thread, admin_client):
    owner, _ = owner_with_a_thread
    for url in (
        "/admin/",
        f"/admin/accounts/user/{owner.pk}/change/",
        "/admin/accounts/user/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_no_name_in(response, url)
    assert admin_client.get("/admin/accounts/watchlist/").status_code == 404


def test_another_member_typing_a_watched_name_is_not_warned_about_it(owner_with_a_thread):
    _, thread = owner_with_a_thread
    other = UserFactory(date_joined=timezone.now() - timedelta(days=60))
    response = logged_in(other).post(
        f"/threads/{thread.pk}/reply/", {"body": "Zanzibar Holdings is a great example."}
    )
    assert response.status_code == 302  # posted: their own list is empty


def test_deleting_the_account_deletes_the_list(owner_with_a_thread):
    owner, _ = owner_with_a_thread
    response = logged_in(owner).post("/accounts/delete/", {"password": "correct-horse-battery"})
    assert response.status_code == 302
    assert not WatchList.objects.exists()
