import pytest

from forum.models import Post
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def test_member_page_shows_profile_and_their_posts(client):
    member = UserFactory(
        username="kwame",
        display_name="Kwame Mensah",
        headline="Agency account director",
        location="Accra, Ghana",
        bio="Fifteen years of client delivery.",
    )
    thread = make_thread(title="Handing over to a client's support team", author=member)

    html = client.get("/members/kwame/").content.decode()

    assert '<h1 id="member-name">Kwame Mensah</h1>' in html
    assert "Agency account director" in html and "Accra, Ghana" in html
    assert "Fifteen years of client delivery." in html
    assert f'href="/content/{thread.posts.get(number=1).pk}/"' in html


def test_member_page_leaves_out_hidden_posts(client):
    member = UserFactory(username="hidden_poster")
    thread = make_thread(title="This question was hidden later", author=member)
    Post.objects.filter(thread=thread).update(is_hidden=True)
    html = client.get("/members/hidden_poster/").content.decode()
    assert "This question was hidden later" not in html


def test_unknown_member_is_a_404(client):
    assert client.get("/members/nobody-here/").status_code == 404
