import pytest

from forum.models import Post
from forum.services import post_reply
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


@pytest.mark.parametrize("posts", [1, 25])
def test_member_page_costs_the_same_few_queries_however_many_posts(
    client, posts, django_assert_max_num_queries
):
    member = UserFactory(username="busy")
    thread = make_thread(author=member)
    for n in range(posts - 1):
        post_reply(author=member, thread=thread, body=f"Reply {n}")

    # The member, the count of their posts, one page of posts with their threads, and their
    # standing: best answers with their threads, the tags they answer most.
    with django_assert_max_num_queries(5):
        response = client.get("/members/busy/")

    assert response.status_code == 200


def test_member_page_escapes_what_the_member_typed(client):
    UserFactory(
        username="tricky",
        display_name="Tricky & Co",
        headline="<script>alert(1)</script>",
        location="<b>Leeds</b>",
        bio="<iframe src=//evil.example></iframe>",
    )

    html = client.get("/members/tricky/").content.decode()

    assert "Tricky &amp; Co" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Leeds&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html and "<iframe" not in html


def test_member_page_of_an_inactive_member_is_a_404(client):
    UserFactory(username="gone", is_active=False)

    assert client.get("/members/gone/").status_code == 404
