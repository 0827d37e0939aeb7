"""Thread titles follow the rules of display names: normalised, no direction controls, no
invisible-only text, whitespace collapsed; a refused title is kept in the form."""

import pytest

from forum.models import Thread
from tests.factories import ForumFactory, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return ForumFactory(name="Project Management", slug="project-management")


def ask(client, forum, title):
    return client.post(
        "/threads/new/",
        {
            "title": title,
            "body": "We have no access to the source system yet.",
            "forum": forum.pk,
            "tags": "Estimating",
            "context": "client",
        },
    )


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("\u200b" * 12, "visible"),
        ("\u2060\u200d" * 6 + "   ", "visible"),
        ("How do I estimate \u202egnitseuqer", "invisible or control characters"),
        ("\u2066How do I estimate this job?\u2069", "invisible or control characters"),
    ],
)
def test_invisible_or_reordering_titles_get_an_error_next_to_the_field(
    member_client, forum, title, message
):
    response = ask(member_client, forum, title)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["title"])
    assert 'id="id_title_error"' in html
    assert f'value="{title}"' in html
    assert not Thread.objects.exists()


def test_title_is_normalised_and_its_spaces_collapsed(member_client, forum):
    ask(member_client, forum, "  How\u00a0do   I estimate a ﬁxed price\tjob?  ")

    assert Thread.objects.get().title == "How do I estimate a ﬁxed price job?"


def test_edited_title_follows_the_same_rules(member_client, member):
    thread = make_thread(title="A question its author edits", author=member)
    question = thread.posts.get(number=1)

    response = member_client.post(
        f"/posts/{question.pk}/edit/", {"title": "\u200b" * 12, "body": "Some words"}
    )

    assert "visible" in str(response.context["form"].errors["title"])
    thread.refresh_from_db()
    assert thread.title == "A question its author edits"
