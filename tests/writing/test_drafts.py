"""Drafts through the pages, as a member without JavaScript uses them ("Save draft", the
restored form, Discard, the list) and as the page's script does (POST /drafts/save/)."""

from __future__ import annotations

import types
from datetime import UTC, datetime, timedelta

import pytest
from django import forms
from django.test import Client
from django.utils import timezone

from forum.forms import BODY_MAX, ReplyForm
from forum.models import Forum, Thread
from forum.services import post_edit, post_reply
from jobs.schedule import Scheduler
from limits import counters
from tests.factories import ForumFactory, UserFactory, make_thread
from writing.models import ASK_KEY, Draft, edit_key, reply_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum() -> Forum:
    return ForumFactory(name="Project Management", slug="project-management")


@pytest.fixture
def clock(monkeypatch):
    """The clock the draft-save limit reads, moved by hand."""
    now = types.SimpleNamespace(value=1_900_000_000.0)
    monkeypatch.setattr(counters, "time", types.SimpleNamespace(time=lambda: now.value))
    return now


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def question_fields(forum: Forum, **changes) -> dict:
    return {
        "title": "How do I estimate a migration for a new client?",
        "body": "We have **no** access to the source system yet.",
        "forum": forum.pk,
        "tags": "Estimating, Risk",
        "context": "client",
        **changes,
    }


def save_draft(client: Client, url: str, fields: dict):
    """Press "Save draft" in the form at `url`, as a browser without JavaScript sends it."""
    return client.post(url, {**fields, "save_draft": "1"})


def save_by_script(client: Client, target: str, fields: dict):
    return client.post(
        "/drafts/save/", {"target": target, **fields}, headers={"accept": "application/json"}
    )


def bound_values(response) -> dict:
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields}


# Saving and restoring without JavaScript


def test_save_draft_keeps_the_whole_question_and_the_ask_form_restores_it(member, forum):
    client = logged_in(member)

    response = save_draft(client, "/threads/new/", question_fields(forum))

    assert response.status_code == 302 and response["Location"] == "/threads/new/"
    page = client.get("/threads/new/")
    html = page.content.decode()
    assert "Draft restored" in html and "Discard" in html and "Draft saved." in html
    values = bound_values(page)
    assert values["title"] == "How do I estimate a migration for a new client?"
    assert values["body"] == "We have **no** access to the source system yet."
    assert values["tags"] == "Estimating, Risk"
    assert str(values["forum"]) == str(forum.pk) and values["context"] == "client"
    assert 'value="client" checked' in html or "checked" in html.split('value="client"')[1][:40]
    assert Thread.objects.count() == 0  # a draft posts nothing


def test_a_reply_draft_comes_back_in_the_thread_pages_reply_box_and_on_the_reply_page(member):
    thread = make_thread(title="Where does my half-written reply go?")
    client = logged_in(member)

    save_draft(client, f"/threads/{thread.pk}/reply/", {"body": "Half of my *answer*"})

    for url in (thread.get_absolute_url(), f"/threads/{thread.pk}/reply/"):
        html = client.get(url).content.decode()
        assert "Draft restored" in html
        assert "Half of my *answer*</textarea>" in html
    # Another member's reply box on the same thread stays empty.
    other = logged_in(UserFactory()).get(thread.get_absolute_url()).content.decode()
    assert "Draft restored" not in other and "Half of my" not in other


def test_an_edit_draft_comes_back_over_the_posts_text_and_says_when_the_post_changed(member):
    thread = make_thread(title="A question I keep rewording", author=member, body="First words")
    question = thread.posts.get()
    client = logged_in(member)
    url = f"/posts/{question.pk}/edit/"

    save_draft(
        client,
        url,
        {"title": "A question I keep rewording, again", "body": "Better words", "tags": "Risk"},
    )
    page = client.get(url)
    restored = bound_values(page)
    assert {name: restored[name] for name in ("title", "body", "tags")} == {
        "title": "A question I keep rewording, again",
        "body": "Better words",
        "tags": "Risk",
    }
    assert "The post was edited after you saved this draft" not in page.content.decode()

    # A moderator edits the post meanwhile: the restored draft says so.
    post_edit(post=question, editor=UserFactory(is_staff=True), body="The moderator's words")
    assert "The post was edited after you saved this draft" in client.get(url).content.decode()
    question.refresh_from_db()
    assert question.body == "The moderator's words"  # a draft changes no post


def test_quoting_a_post_while_a_reply_draft_exists_adds_the_quote_after_the_draft(member):
    author = UserFactory(display_name="Grace Hopper")
    thread = make_thread(title="Quoting on top of a draft", author=author, body="Ship it")
    client = logged_in(member)
    save_draft(client, f"/threads/{thread.pk}/reply/", {"body": "My own start"})

    page = client.get(f"/threads/{thread.pk}/reply/?quote={thread.posts.get().pk}")

    body = bound_values(page)["body"]
    assert body.startswith("My own start\n\n> **Grace Hopper** wrote")
    assert "> Ship it" in body


def test_fields_a_form_gains_later_are_kept_in_the_draft_too(member, monkeypatch):
    monkeypatch.setitem(
        ReplyForm.base_fields, "summary", forms.CharField(required=False, max_length=80)
    )
    thread = make_thread(title="A form with one more field")
    client = logged_in(member)

    save_by_script(client, reply_key(thread.pk), {"body": "Text", "summary": "In short: yes"})

    draft = Draft.objects.get(member=member)
    assert draft.values == {"body": "Text", "summary": "In short: yes"}
    restored = client.get(f"/threads/{thread.pk}/reply/")
    assert bound_values(restored)["summary"] == "In short: yes"


def test_drafts_are_one_per_member_and_form(member, forum):
    first, second = make_thread(title="The first thread here"), make_thread(title="The second one")
    client = logged_in(member)
    other = logged_in(UserFactory())
    save_by_script(client, reply_key(first.pk), {"body": "Reply to the first"})
    save_by_script(other, reply_key(first.pk), {"body": "Someone else's reply"})
    counters.limits_clear(f"draft-save:{member.pk}")
    save_by_script(client, reply_key(second.pk), {"body": "Reply to the second"})
    counters.limits_clear(f"draft-save:{member.pk}")
    save_by_script(client, reply_key(first.pk), {"body": "Reply to the first, longer"})

    mine = dict(Draft.objects.filter(member=member).values_list("target", "values"))
    assert mine == {
        reply_key(first.pk): {"body": "Reply to the first, longer"},
        reply_key(second.pk): {"body": "Reply to the second"},
    }
    restored = client.get(f"/threads/{first.pk}/reply/")
    assert bound_values(restored)["body"] == "Reply to the first, longer"


def test_a_cleared_form_leaves_no_draft(member):
    thread = make_thread(title="Typing and then deleting it all")
    client = logged_in(member)
    save_draft(client, f"/threads/{thread.pk}/reply/", {"body": "Something"})
    counters.limits_clear(f"draft-save:{member.pk}")

    save_draft(client, f"/threads/{thread.pk}/reply/", {"body": "  \n "})

    assert not Draft.objects.exists()
    assert "Draft restored" not in client.get(f"/threads/{thread.pk}/reply/").content.decode()


# Discarding


def test_discard_forgets_the_draft_and_returns_to_an_empty_form(member):
    thread = make_thread(title="Never mind what I wrote")
    client = logged_in(member)
    save_draft(client, f"/threads/{thread.pk}/reply/", {"body": "I take it back"})
    draft = Draft.objects.get()

    response = client.post(
        f"/drafts/{draft.pk}/discard/", {"next": f"/threads/{thread.pk}/reply/"}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"/threads/{thread.pk}/reply/"
    html = response.content.decode()
    assert "Draft discarded." in html and "I take it back" not in html
    assert not Draft.objects.exists()


def test_discard_goes_back_only_to_this_site_and_only_for_ones_own_draft(member):
    thread = make_thread(title="Whose draft is it anyway?")
    save_draft(logged_in(member), f"/threads/{thread.pk}/reply/", {"body": "Mine"})
    draft = Draft.objects.get()

    stranger = logged_in(UserFactory())
    assert stranger.post(f"/drafts/{draft.pk}/discard/").status_code == 404
    assert Draft.objects.exists()
    response = logged_in(member).post(
        f"/drafts/{draft.pk}/discard/", {"next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/drafts/"
    assert Client().post(f"/drafts/{draft.pk}/discard/")["Location"].startswith("/accounts/login/")


# Posting deletes the draft


@pytest.mark.parametrize("form", ["ask", "reply", "edit"])
def test_posting_the_form_deletes_its_draft_and_no_other(member, forum, form):
    yesterday = timezone.now() - timedelta(days=1)  # the member may post again by now
    thread = make_thread(
        title="A thread to reply to and edit in", author=member, created_at=yesterday
    )
    reply = post_reply(author=member, thread=thread, body="My reply", created_at=yesterday)
    urls = {
        "ask": "/threads/new/",
        "reply": f"/threads/{thread.pk}/reply/",
        "edit": f"/posts/{reply.pk}/edit/",
    }
    sent = {
        "ask": question_fields(forum),
        "reply": {"body": "A second reply, posted"},
        "edit": {"body": "My reply, edited"},
    }
    client = logged_in(member)
    for name, url in urls.items():
        counters.limits_clear(f"draft-save:{member.pk}")
        save_draft(client, url, sent[name])
    assert Draft.objects.count() == 3

    response = client.post(urls[form], sent[form])

    assert response.status_code == 302
    left = set(Draft.objects.values_list("target", flat=True))
    keys = {"ask": ASK_KEY, "reply": reply_key(thread.pk), "edit": edit_key(reply.pk)}
    assert left == set(keys.values()) - {keys[form]}


def test_a_refused_post_keeps_its_draft(member, django_capture_on_commit_callbacks):
    thread = make_thread(title="Replying faster than allowed")
    client = logged_in(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/threads/{thread.pk}/reply/", {"body": "First reply"})
    save_draft(client, f"/threads/{thread.pk}/reply/", {"body": "Second reply"})

    response = client.post(f"/threads/{thread.pk}/reply/", {"body": "Second reply"})

    assert response.status_code == 429  # one post every 15 seconds
    assert Draft.objects.filter(target=reply_key(thread.pk)).exists()


def test_posting_looks_for_a_draft_only_when_the_member_has_one(django_assert_num_queries):
    thread = make_thread(title="Counting the queries of a reply once more")
    without, drafting = logged_in(UserFactory()), logged_in(UserFactory())
    save_draft(drafting, f"/threads/{thread.pk}/reply/", {"body": "Kept until posted"})
    # As in tests/forum/test_posting.py: the count loaded with the member says there is no
    # draft to delete.
    with django_assert_num_queries(18):
        without.post(f"/threads/{thread.pk}/reply/", {"body": "Counted"})
    with django_assert_num_queries(19):  # and one DELETE of the draft
        drafting.post(f"/threads/{thread.pk}/reply/", {"body": "Kept until posted"})
    assert not Draft.objects.exists()


# Sizes and the save limit


def test_a_draft_longer_than_a_post_gets_the_forms_error_next_to_the_field(member, forum):
    client = logged_in(member)
    too_long = "x" * (BODY_MAX + 1)

    response = save_draft(client, "/threads/new/", question_fields(forum, body=too_long))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Please keep it under {BODY_MAX:,}" in html or f"under {BODY_MAX}" in html
    assert 'id="id_body_error"' in html  # next to the field
    assert bound_values(response)["title"] == question_fields(forum)["title"]  # text kept
    assert not Draft.objects.exists()

    answer = save_by_script(client, ASK_KEY, question_fields(forum, title="t" * 151))
    assert answer.status_code == 400
    assert "title" in answer.json()["errors"] and not Draft.objects.exists()


def test_a_nul_character_is_dropped_from_a_draft_on_every_database(member, forum):
    client = logged_in(member)
    response = save_draft(client, "/threads/new/", question_fields(forum, body="Before\x00after"))
    assert response.status_code == 302
    assert Draft.objects.get().values["body"] == "Beforeafter"


def test_a_draft_that_is_unfinished_is_no_error(member, forum):
    client = logged_in(member)

    response = save_draft(client, "/threads/new/", {"title": "Short", "body": "", "tags": ""})

    assert response.status_code == 302
    assert Draft.objects.get().values["title"] == "Short"


def test_one_save_every_two_seconds_then_429_with_a_retry_hint(member, clock):
    thread = make_thread(title="Saving drafts too quickly")
    client = logged_in(member)
    url = f"/threads/{thread.pk}/reply/"
    assert save_by_script(client, reply_key(thread.pk), {"body": "One"}).status_code == 200

    clock.value += 1
    by_script = save_by_script(client, reply_key(thread.pk), {"body": "One, two"})
    by_button = save_draft(client, url, {"body": "One, two, three"})

    assert by_script.status_code == 429 and by_script["Retry-After"] == "1"
    assert by_script.json()["retry_after"] == 1
    assert by_button.status_code == 429 and by_button["Retry-After"] == "1"
    html = by_button.content.decode()
    assert "Please wait 1 second" in html and "One, two, three</textarea>" in html
    assert Draft.objects.get().values == {"body": "One"}

    clock.value += 1.1
    assert save_draft(client, url, {"body": "One, two, three"}).status_code == 302
    assert Draft.objects.get().values == {"body": "One, two, three"}


# The script's endpoint: who may keep a draft of what


def test_the_script_endpoint_refuses_forms_the_member_cannot_use(member):
    thread = make_thread(title="Rules for keeping drafts")
    others_post = post_reply(author=UserFactory(), thread=thread, body="Someone else's reply")
    locked = make_thread(title="A locked thread for drafts")
    Thread.objects.filter(pk=locked.pk).update(is_locked=True)
    hidden = make_thread(title="A hidden thread for drafts")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    client = logged_in(member)
    answers = {
        target: save_by_script(client, target, {"body": "x"})
        for target in (
            f"edit:{others_post.pk}",
            reply_key(locked.pk),
            reply_key(hidden.pk),
            "reply:999999",
            "reply:",
            "reply:12a",
            "reply:" + "9" * 40,
            "delete:1",
            "",
        )
    }

    assert {target: answer.status_code for target, answer in answers.items()} == {
        f"edit:{others_post.pk}": 403,
        reply_key(locked.pk): 403,
        reply_key(hidden.pk): 404,
        "reply:999999": 404,
        "reply:": 404,
        "reply:12a": 404,
        "reply:" + "9" * 40: 404,
        "delete:1": 404,
        "": 404,
    }
    assert all(answer.json()["problem"] for answer in answers.values())
    assert not Draft.objects.exists()
    visitor = Client().post("/drafts/save/", {"target": ASK_KEY, "body": "x"})
    assert visitor.status_code == 403 and visitor.json()["problem"]


def test_an_unconfirmed_member_keeps_no_draft(forum):
    unconfirmed = UserFactory(verified=False)
    answer = save_by_script(logged_in(unconfirmed), ASK_KEY, question_fields(forum))
    assert answer.status_code == 403 and not Draft.objects.exists()


# Pruning


def test_drafts_untouched_for_thirty_days_are_pruned_by_the_daily_job(member):
    day = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)
    threads = [make_thread(title=f"Thread number {n} for pruning") for n in range(3)]
    for thread, age in zip(threads, (31, 30, 2), strict=True):
        Draft.objects.create(
            member=member,
            target=reply_key(thread.pk),
            thread=thread,
            values={"body": f"{age} days old"},
            updated_at=day - timedelta(days=age, minutes=1),
        )

    queued = Scheduler(clock=lambda: day).tick()

    assert "prune_drafts" in queued
    kept = sorted(Draft.objects.values_list("values__body", flat=True))
    assert kept == ["2 days old"]


# The list and the header


def test_the_header_counts_drafts_and_the_list_leads_back_to_each_form(member, forum):
    thread = make_thread(title="A thread with a <b>bold</b> title")
    question = make_thread(title="My own question to edit", author=member).posts.get()
    client = logged_in(member)
    assert "Drafts (" not in client.get("/").content.decode()
    for url, fields in (
        ("/threads/new/", question_fields(forum, title="<script>alert(1)</script> title")),
        (f"/threads/{thread.pk}/reply/", {"body": "Reply text"}),
        (f"/posts/{question.pk}/edit/", {"title": "My own question, edited", "body": "New"}),
    ):
        counters.limits_clear(f"draft-save:{member.pk}")
        save_draft(client, url, fields)

    html = client.get("/drafts/").content.decode()

    assert "Drafts (3)" in html
    assert 'href="/threads/new/"' in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'href="/threads/{thread.pk}/reply/"' in html
    assert "Reply to “A thread with a &lt;b&gt;bold&lt;/b&gt; title”" in html
    assert f'href="/posts/{question.pk}/edit/"' in html and "Edit of Question in" in html
    assert html.count('action="/drafts/') == 3  # a Discard button each


def test_visitors_have_no_drafts(client):
    assert client.get("/drafts/")["Location"].startswith("/accounts/login/")
    assert "Drafts (" not in client.get("/").content.decode()


@pytest.mark.parametrize("drafts", [0, 3])
def test_the_header_count_costs_no_query_of_its_own(member, drafts, django_assert_num_queries):
    for n in range(3):
        thread = make_thread(title=f"Draft holder number {n}")
        if n < drafts:
            Draft.objects.create(
                member=member, target=reply_key(thread.pk), thread=thread, values={"body": "x"}
            )
    client = logged_in(member)
    # Four for the forums and their latest threads, the session, the member (with the
    # counts): the same with drafts or without.
    with django_assert_num_queries(6):
        response = client.get("/forums/")
    assert ("Drafts (3)" in response.content.decode()) == bool(drafts)


@pytest.mark.parametrize("drafts", [1, 25])
def test_the_drafts_list_runs_three_queries_whatever_its_length(
    member, drafts, django_assert_num_queries
):
    for n in range(drafts):
        thread = make_thread(title=f"Listed draft number {n}")
        Draft.objects.create(
            member=member, target=reply_key(thread.pk), thread=thread, values={"body": "x"}
        )
    client = logged_in(member)
    # Session, member with the count, one page of drafts with their threads.
    with django_assert_num_queries(3):
        response = client.get("/drafts/")
    assert len(response.context["drafts"]) == min(drafts, 20)
    if drafts > 20:
        assert client.get("/drafts/?page=2").status_code == 200
        assert len(client.get("/drafts/?page=2").context["drafts"]) == 5
    assert client.get("/drafts/?page=3").status_code == 404


def test_the_thread_page_looks_for_a_draft_only_when_the_member_has_one(
    member, django_assert_num_queries
):
    thread = make_thread(title="A thread page and its drafts", replies=3)
    elsewhere = make_thread(title="A draft on another thread")
    client = logged_in(member)
    client.get(thread.get_absolute_url())  # the shared parts of the page are cached now
    with django_assert_num_queries(8):  # tests/forum/test_thread_page.py
        client.get(thread.get_absolute_url())
    Draft.objects.create(
        member=member, target=reply_key(elsewhere.pk), thread=elsewhere, values={"body": "x"}
    )
    with django_assert_num_queries(9):
        html = client.get(thread.get_absolute_url()).content.decode()
    assert "Draft restored" not in html
