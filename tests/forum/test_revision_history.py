"""The edit history shows each revision as a diff against the one before: words added and
removed, marked for the eye and for screen readers, with title and tag changes, all escaped,
at a bounded cost for any text and any number of edits."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from forum import revision_diffs
from forum.services import post_edit
from tests.factories import UserFactory, make_thread
from tests.security.corpus import HOSTILE_INPUTS, page_problems

pytestmark = pytest.mark.django_db


def history(client: Client, post) -> str:
    response = client.get(f"/posts/{post.pk}/history/")
    assert response.status_code == 200
    return response.content.decode()


def inserted(text: str) -> str:
    return (
        '<ins class="diff__inserted"><span class="visually-hidden">[inserted: </span>'
        f'{text}<span class="visually-hidden">]</span></ins>'
    )


def deleted(text: str) -> str:
    return (
        '<del class="diff__deleted"><span class="visually-hidden">[deleted: </span>'
        f'{text}<span class="visually-hidden">]</span></del>'
    )


def revision_items(html: str) -> list[str]:
    return re.findall(
        r'<li class="revision">(.*?)</li>\s*(?=<li class="revision">|</ol>)', html, re.S
    )


@pytest.fixture
def question(db):
    thread = make_thread(
        title="How do you estimate a fixed price job?",
        body="We quote a fixed price.\n\nThen we add a contingency of ten percent.",
        tags=("Estimating", "Information Technology"),
    )
    return thread.posts.get(number=1)


def test_an_edit_through_the_form_shows_the_words_added_and_removed(client, question):
    client.force_login(question.author)
    response = client.post(
        f"/posts/{question.pk}/edit/",
        {
            "title": "How do you estimate a capped price job?",
            "body": "We quote a capped price.\n\nThen we add a contingency of ten percent and a "
            "risk register.",
            "tags": "Estimating, Risk",
        },
    )
    assert response.status_code == 302

    html = history(Client(), question)
    current, original = revision_items(html)
    assert "Current version" in current and "Original" in original
    assert f"We quote a {deleted('fixed')}{inserted('capped')} price." in current
    assert f"ten {deleted('percent.')}{inserted('percent and a risk register.')}" in current
    assert f"estimate a {deleted('fixed')}{inserted('capped')} price job?" in current
    assert f"Estimating, {inserted('Risk')}, {deleted('Information Technology')}" in current
    # What the version looked like when published, for reading rather than comparing.
    assert "<summary>This version as published</summary>" in current
    assert "<p>We quote a capped price.</p>" in current
    # The original is shown whole: nothing came before it.
    assert "<ins" not in original and "<p>We quote a fixed price.</p>" in original


def test_a_change_of_title_alone_says_the_text_is_unchanged(question):
    post_edit(post=question, editor=question.author, body=question.body, title="A new title here")
    current = revision_items(history(Client(), question))[0]
    assert f"{deleted('How do you estimate a fixed price job?')}" in current
    assert inserted("A new title here") in current
    assert "The text is unchanged." in current and "Tags:" not in current.split("<details")[0]


def test_everything_in_a_diff_is_escaped(client, question):
    for text in HOSTILE_INPUTS[:60]:
        body = text.replace("\x00", "") or "empty"
        post_edit(post=question, editor=question.author, body=body, title=body[:150] or "x")
    for page in (1, 2, 3):
        response = client.get(f"/posts/{question.pk}/history/", {"page": page})
        assert response.status_code == 200
        assert page_problems(response.content.decode()) == []
    post_edit(post=question, editor=question.author, body="<script>alert(1)</script> & more")
    html = history(client, question)
    assert inserted("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more") in html


def test_long_unchanged_text_is_left_out_around_the_change(question):
    padding = " ".join(f"sentence{n} of the background." for n in range(200))
    post_edit(post=question, editor=question.author, body=f"Start. {padding} Old end.")
    post_edit(post=question, editor=question.author, body=f"Start. {padding} New end.")
    current = revision_items(history(Client(), question))[0]
    diff = current.split('<div class="diff"', 1)[1].split("</div>", 1)[0]
    assert '<span class="diff__gap">…<span class="visually-hidden"> unchanged text left out' in diff
    assert f"{deleted('Old')}{inserted('New')} end." in diff
    assert "sentence199 of the background." in diff and "sentence5 " not in diff


def test_a_change_too_large_to_compare_word_by_word_shows_as_replaced_whole(question, monkeypatch):
    monkeypatch.setattr(revision_diffs, "WORDS_MAX", 10)
    post_edit(
        post=question,
        editor=question.author,
        body="We quote a capped price.\n\nThen we add a contingency of twelve percent.",
    )
    current = revision_items(history(Client(), question))[0]
    diff = current.split('<div class="diff"', 1)[1].split("</div>", 1)[0]
    assert deleted("Then we add a contingency of ten percent.") in diff
    assert inserted("Then we add a contingency of twelve percent.") in diff
    assert f"We quote a {deleted('fixed')}{inserted('capped')} price." in diff  # short: by word


def test_many_edits_are_paged_and_no_page_costs_more_than_three_queries(
    client, question, django_assert_max_num_queries
):
    editor = UserFactory(display_name="Kenji Mori")
    for n in range(revision_diffs.REVISIONS_PER_PAGE + 3):
        post_edit(post=question, editor=editor, body=f"Version {n} of the text.")
    total = revision_diffs.REVISIONS_PER_PAGE + 4  # and the original

    # The post, a page of revisions with their authors, and (when there are more) their number.
    with django_assert_max_num_queries(3):
        first = history(client, question)
    with django_assert_max_num_queries(3):
        second = client.get(f"/posts/{question.pk}/history/?page=2").content.decode()

    assert len(revision_items(first)) == revision_diffs.REVISIONS_PER_PAGE
    assert len(revision_items(second)) == total - revision_diffs.REVISIONS_PER_PAGE
    assert "Current version" in first and "Current version" not in second
    # The last revision of page 1 is compared with the first of page 2.
    assert f"Version {deleted('2')}{inserted('3')} of the text." in first
    assert "Original" in second and 'aria-label="Pagination"' in second
    assert client.get(f"/posts/{question.pk}/history/?page=3").status_code == 404


def test_line_breaks_sent_by_a_browser_are_not_a_change(client, question):
    """Browsers send CRLF; text saved another way (seeding, the services) has LF."""
    client.force_login(question.author)
    client.post(
        f"/posts/{question.pk}/edit/",
        {
            "title": "How do you estimate a fixed price job?",
            "body": "We quote a fixed price.\r\n\r\nThen we add a contingency of five percent.",
            "tags": "Estimating, Information Technology",
        },
    )
    current = revision_items(history(Client(), question))[0]
    diff = current.split('<div class="diff"', 1)[1].split("</div>", 1)[0]
    assert diff.count("<del") == diff.count("<ins") == 1
    assert f"contingency of {deleted('ten')}{inserted('five')} percent." in diff
    assert "We quote a fixed price.\n\nThen we add" in diff
