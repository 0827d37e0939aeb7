"""A post that starts with an indented code block keeps it: only blank lines before the text
and whitespace after it are dropped."""

import re

import pytest

from forum.models import Post, Thread
from tests.factories import ForumFactory, make_thread

pytestmark = pytest.mark.django_db

INDENTED = "\r\n    git checkout -b estimate\r\n    make plan\r\n\r\nThen we compare.  \r\n\r\n"
# Pages print a code block in a box that scrolls sideways (forum/markup.py with_scroll_boxes).
CODE_HTML = "<code>git checkout -b estimate\nmake plan\n</code></pre>"


def test_question_starting_with_indented_code_keeps_its_code_block(member_client):
    forum = ForumFactory(name="Project Management", slug="project-management")

    response = member_client.post(
        "/threads/new/",
        {
            "title": "How do you version a project plan?",
            "body": INDENTED,
            "forum": forum.pk,
            "tags": "Tools",
            "context": "internal",
        },
    )

    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url()
    question = thread.posts.get(number=1)
    assert question.body == "    git checkout -b estimate\r\n    make plan\r\n\r\nThen we compare."
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert CODE_HTML in page


def test_reply_starting_with_indented_code_keeps_its_code_block(member_client):
    thread = make_thread(title="Which commands do you run first?")

    member_client.post(f"/threads/{thread.pk}/reply/", {"body": INDENTED})

    reply = Post.objects.get(thread=thread, number=2)
    assert reply.body.startswith("    git checkout")
    assert CODE_HTML in member_client.get(thread.get_absolute_url()).content.decode()


def test_edit_to_indented_code_keeps_its_code_block(member_client, member):
    thread = make_thread(title="A question its author edits", author=member)
    question = thread.posts.get(number=1)

    member_client.post(
        f"/posts/{question.pk}/edit/", {"title": "A question its author edits", "body": INDENTED}
    )

    question.refresh_from_db()
    assert question.body.startswith("    git checkout")
    assert CODE_HTML in member_client.get(thread.get_absolute_url()).content.decode()


def test_previews_show_the_indented_code_block(member_client):
    thread = make_thread(title="Which commands do you run first?")

    form_preview = member_client.post(
        f"/threads/{thread.pk}/reply/", {"body": INDENTED, "preview": "1"}
    )
    live_preview = member_client.post("/preview/", {"body": INDENTED})

    assert CODE_HTML in form_preview.content.decode()
    # The code block comes first: nothing before it was dropped or added.
    assert re.match(r"<pre [^>]*>" + re.escape(CODE_HTML), live_preview.json()["html"])


def test_text_of_only_spaces_and_blank_lines_is_still_empty(member_client):
    thread = make_thread(title="Which commands do you run first?")

    response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "   \r\n \t\r\n"})

    assert "Please write something" in response.content.decode()
    assert not Post.objects.filter(thread=thread, number=2).exists()
