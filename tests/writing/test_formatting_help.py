"""The formatting help page and the link to it in every post box."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from forum.markup import render_markdown
from tests.factories import make_thread
from tests.security.corpus import page_problems
from writing.help import EXAMPLES

pytestmark = pytest.mark.django_db


def test_every_post_box_links_to_the_formatting_help_without_javascript(member_client, member):
    thread = make_thread(title="A thread with three post boxes", author=member)
    pages = (
        "/threads/new/",
        f"/threads/{thread.pk}/reply/",
        thread.get_absolute_url(),
        f"/posts/{thread.posts.get().pk}/edit/",
    )
    for url in pages:
        html = member_client.get(url).content.decode()
        # In the body's help text, which the text box names with aria-describedby.
        help_text = html.split('id="id_body_helptext"', 1)[1].split("</div>", 1)[0]
        assert '<a href="/help/formatting/" target="_blank">Formatting help</a>' in help_text, url


def test_the_help_page_shows_each_example_as_a_post_shows_it(client):
    response = client.get("/help/formatting/")

    assert response.status_code == 200  # visitors too
    html = response.content.decode()
    assert page_problems(html) == []
    for what, source in EXAMPLES:
        assert f">{what}</h2>" in html and escape(source) in html
    assert "<strong>Fixed price</strong>" in html and "<s>cost plus</s>" in html
    assert "<blockquote>" in html and "<li>Draft the charter</li>" in html
    assert "<td>Discovery</td>" in html
    # Images from elsewhere stay links, exactly as in a post.
    image = dict(EXAMPLES)["Image"]
    assert render_markdown(image) in html and "Image: Gantt chart of phase 2" in html
    assert "20,000 characters" in html
