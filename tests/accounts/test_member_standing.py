"""A member's page shows their standing: helpful marks and accepted answers received, their best
answers (only what everyone may read) and the tags they answer most."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from forum.models import Post, Thread
from forum.services import post_reply, post_toggle_accepted, post_toggle_helpful
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def marked(post: Post, times: int) -> Post:
    for _ in range(times):
        post_toggle_helpful(post=Post.objects.get(pk=post.pk), user=UserFactory())
    return post


def section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading_id}">.*?</section>', html, re.DOTALL)
    return found[0] if found else ""


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="/content/\d+/">([^<]*)</a>', html)


@pytest.fixture
def answerer():
    return UserFactory(username="ada", display_name="Ada Answerer")


def test_a_new_member_shows_no_standing(client, answerer):
    html = client.get("/members/ada/").content.decode()
    assert "member-header__standing" not in html
    assert "Best answers" not in html and "Tags answered most" not in html


def test_counts_best_answers_and_tags(client, answerer):
    threads = [
        make_thread(title=f"Question {n} on estimates", tags=("Estimating", "Contracts"))
        for n in range(3)
    ]
    risky = make_thread(title="A question on risk", tags=("Risk",))
    replies = [
        marked(post_reply(author=answerer, thread=t, body=f"Answer {n}"), n + 1)
        for n, t in enumerate(threads)
    ]
    unmarked = post_reply(author=answerer, thread=risky, body="An answer nobody marked.")
    post_toggle_accepted(post=replies[0])

    html = client.get("/members/ada/").content.decode()

    assert "6 helpful marks received · 1 accepted answer" in html
    best = section(html, "member-best-answers")
    assert titles(best) == [
        "Question 2 on estimates",
        "Question 1 on estimates",
        "Question 0 on estimates",
    ]
    assert "3 helpful marks" in best and "1 helpful mark" in best
    assert best.count("Accepted answer") == 1
    assert f"/content/{unmarked.pk}/" not in best
    tags = section(html, "member-tags")
    assert re.findall(r'href="/tags/([^/]+)/"', tags) == ["contracts", "estimating", "risk"]
    assert "3 questions" in tags and "1 question<" in tags


def test_best_answers_leave_out_questions_hidden_deleted_and_hidden_threads(client, answerer):
    own = make_thread(title="Ada's own question", author=answerer, tags=("Own",))
    marked(own.posts.get(number=1), 0)
    Post.objects.filter(thread=own, number=1).update(helpful_count=50)  # a question's marks
    shown = marked(post_reply(author=answerer, thread=make_thread(title="Shown"), body="Yes"), 1)
    hidden = marked(
        post_reply(author=answerer, thread=make_thread(title="Hidden reply"), body="No"), 2
    )
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    deleted = marked(
        post_reply(author=answerer, thread=make_thread(title="Deleted reply"), body="No"), 2
    )
    Post.objects.filter(pk=deleted.pk).update(is_deleted=True)
    hidden_thread = make_thread(title="Hidden thread", tags=("Secret",))
    marked(post_reply(author=answerer, thread=hidden_thread, body="No"), 3)
    Thread.objects.filter(pk=hidden_thread.pk).update(is_hidden=True)

    # What everyone may read, for every reader: the member, a moderator, a visitor.
    moderator = UserFactory(is_staff=True)
    for reader in (answerer, moderator, None):
        viewer = Client()
        if reader:
            viewer.force_login(reader)
        html = viewer.get("/members/ada/").content.decode()
        best = section(html, "member-best-answers")
        assert titles(best) == ["Shown"], reader
        assert f"/content/{shown.pk}/" in best
        tags = section(html, "member-tags")
        assert "/tags/secret/" not in tags and "/tags/own/" not in tags


def test_tag_links_lead_to_tag_pages(client, answerer):
    thread = make_thread(title="Tagged question", tags=("Information Technology",))
    post_reply(author=answerer, thread=thread, body="An answer.")
    html = client.get("/members/ada/").content.decode()
    link = re.search(r'<a class="tag" href="([^"]+)">Information Technology</a>', html)
    assert link and client.get(link[1]).status_code == 200


def test_standing_heads_the_first_page_only(client, answerer, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = make_thread(title="A long conversation")
    for n in range(3):
        marked(post_reply(author=answerer, thread=thread, body=f"Answer {n}"), 1)
    assert "Best answers" in client.get("/members/ada/").content.decode()
    second = client.get("/members/ada/?page=2").content.decode()
    assert "Best answers" not in second and "Answer 0" in second


def test_what_members_typed_is_escaped_in_the_standing(client, answerer):
    thread = make_thread(title="<b>Bold</b> title", tags=("<i>tag</i>",))
    marked(post_reply(author=answerer, thread=thread, body="<script>alert(1)</script>"), 1)
    html = client.get("/members/ada/").content.decode()
    assert "<script>alert(1)" not in html and "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in html


@pytest.mark.parametrize("answers", [1, 12])
def test_member_page_with_standing_runs_a_fixed_number_of_queries(
    client, answerer, answers, django_assert_num_queries
):
    for n in range(answers):
        thread = make_thread(title=f"Question {n}", tags=(f"Tag {n}", "Shared"))
        reply = marked(post_reply(author=answerer, thread=thread, body=f"Answer {n}"), 1)
        post_toggle_accepted(post=reply)

    # The member, the count of their posts, one page of posts with their threads, the best
    # answers with their threads, the tags they answer most.
    with django_assert_num_queries(5):
        response = client.get("/members/ada/")
    assert len(response.context["best_answers"]) == min(answers, 5)
    assert len(response.context["answered_tags"]) == min(answers + 1, 5)
