"""The confidentiality guard: what it finds, what it leaves alone, how long it takes, and the
forms that warn before posting (with "Edit" and "Post anyway") while storing nothing."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from accounts.services import watch_list_save
from forum.confidentiality import (
    ADDRESS,
    CONTRACT,
    EMAIL,
    MARKER,
    MONEY,
    PHONE,
    WATCHED,
    check,
    check_text,
)
from forum.models import OUTCOME_NUMBER, Post, Thread
from tests.factories import ForumFactory, UserFactory, make_thread

WARNING = "Before you post: this may be confidential"


def kinds(text: str, watched=()) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in check_text(text, watched=watched)]


# What it finds


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Write to jane.doe@globex-corp.co.uk today", (EMAIL, "jane.doe@globex-corp.co.uk")),
        ("Her direct line is +44 20 7946 0958.", (PHONE, "+44 20 7946 0958")),
        ("Call (020) 7946 0958 after ten", (PHONE, "(020) 7946 0958")),
        ("or 555-123-4567 in the US office", (PHONE, "555-123-4567")),
        ("mobile 07700900123", (PHONE, "07700900123")),
        ("The site is at 221B Baker Street now", (ADDRESS, "221B Baker Street")),
        ("Deliveries to 1600 Pennsylvania Ave.", (ADDRESS, "1600 Pennsylvania Ave.")),
        ("Their office, Leeds LS1 4AP, has parking", (ADDRESS, "LS1 4AP")),
        ("Send it to PO Box 4411", (ADDRESS, "PO Box 4411")),
        ("billing in San Francisco, CA 94105", (ADDRESS, "CA 94105")),
        ("Raise it against PO 4500012345 please", (CONTRACT, "PO 4500012345")),
        ("under contract no. C-1187 and", (CONTRACT, "contract no. C-1187")),
        ("see SOW-2023-044 for scope", (CONTRACT, "SOW-2023-044")),
        ("invoice #8812 is overdue", (CONTRACT, "invoice #8812")),
        ("the purchase order 77120 came back", (CONTRACT, "purchase order 77120")),
        ("We quoted £250,000 to Globex for the build.", (MONEY, "£250,000 (near “Globex”)")),
        ("Acme Corp paid $40k up front.", (MONEY, "$40k (near “Corp”)")),
        ("IBM pays €2m a year for support.", (MONEY, "€2m (near “IBM”)")),
        ("The Initech deal is worth 1 200 000 EUR", (MONEY, "1 200 000 EUR (near “Initech”)")),
        ("This is confidential, please.", (MARKER, "confidential")),
        ("We are under NDA with them.", (MARKER, "NDA")),
        ("Marked Internal only on every page", (MARKER, "Internal only")),
        ("The figures are commercially sensitive.", (MARKER, "commercially sensitive")),
    ],
)
def test_the_guard_finds_what_looks_confidential(text, expected):
    assert expected in kinds(text)


def test_names_on_the_watch_list_are_found_whole_in_any_case_and_spacing():
    watched = ["Globex", "Wayne Enterprises"]
    text = "GLOBEX called. Then wayne\n enterprises. Not Globexia or Waynes Enterprises."
    assert kinds(text, watched) == [(WATCHED, "GLOBEX"), (WATCHED, "wayne enterprises")]


def test_findings_say_where_they_are():
    report = check(
        [("the title", "Our contract with Globex"), ("", "Fine.\n\nMail jo@globex.com\n")],
        watched=["Globex"],
    )
    assert [(f.where, f.kind) for f in report.shown] == [
        ("the title", WATCHED),
        ("line 3", EMAIL),
        ("line 3", WATCHED),
    ]


def test_a_long_list_of_findings_is_cut_and_counted():
    text = "\n".join(f"person{n}@example.com" for n in range(30))
    report = check([("", text)])
    assert len(report.shown) == 20 and report.more == 10 and report.total == 30


# What it leaves alone


@pytest.mark.parametrize(
    "text",
    [
        "We upgraded to Django 5.2.1, then to v2.10.4 of the library and release 10.15.7.",
        "From 2019 to 2024 we ran it; the 2023-24 budget year, FY2025 and Q3 2026.",
        "Stand-up at 09:30, review 14:30-15:00, retro at 16:00 on 2024-05-01 or 01/05/2024.",
        "The budget was £40,000. Our sponsor approved it in March.",
        "We spent $12,000 on licences last year and 20% more on training.",
        "Spending rose to £55k in Q3 after the Agile rollout.",
        "How Much Should A £50k Project Spend On Reporting?",
        "See https://example.com/reports/2024/summary?id=12345&page=2 for the figures.",
        "Our tracker: www.example.org/po/4500012345/contract-no-7788",
        "We signed the contract 2 weeks ago; the contract 2024-25 renewal; order 50000 units.",
        "A contract 100k in size, SOW v2 and tender 3 bidders.",
        "The server at 192.168.100.200 serves 1 200 000 requests.",
        "We have 3 Project Managers and 12 Sprint Reviews planned.",
        "Contractor123 and potato12 are not numbers of anything.",
        "A 20% contingency on £1.5m, roughly 4 FTEs over 6 months.",
        "Ticket JIRA-1234 under RFC 2119 and ISO 9001, for PRINCE2 teams.",
    ],
)
def test_the_guard_leaves_ordinary_project_talk_alone(text):
    assert kinds(text) == []


def test_a_watched_name_inside_a_link_is_still_found_but_patterns_in_links_are_not():
    text = "https://globex.example.com/contact?phone=02079460958&mail=a@b.co"
    assert kinds(text, ["Globex"]) == [(WATCHED, "globex")]


# Bounded work


ADVERSARIAL = {
    "digits": "1" * 100_000,
    "grouped digits": "0-" * 50_000,
    "dots": "a." * 50_000,
    "at signs": "a@" * 50_000,
    "capitalised words": "Acme " * 20_000,
    "amounts next to names": "£1 Acme " * 12_500,
    "spaces before a street": "12 Baker" + " " * 100_000 + "Street",
    "purchase orders": "PO " * 33_000,
    "a long link": "https://" + "a" * 100_000,
    "lines": "x\n" * 50_000,
    "letters that fold to two": "Straße İstanbul " * 6_000,
}


WATCHED_200 = [f"Client Name {n}" for n in range(200)]


def best_time(text: str) -> float:
    """Seconds for one check, the best of three: a busy machine's pauses are not the check's.
    Catastrophic backtracking would take minutes, not a second."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        check([("the title", "A title"), ("", text)], watched=WATCHED_200)
        timings.append(time.perf_counter() - started)
    return min(timings)


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_a_hundred_kilobytes_are_checked_in_well_under_a_second(name):
    assert best_time(ADVERSARIAL[name]) < 1.0


def test_a_hundred_kilobytes_full_of_watched_names_are_checked_in_well_under_a_second():
    text = " ".join(WATCHED_200) * 30  # every name, 30 times, about 100 KB
    assert check([("", text)], watched=WATCHED_200).total > 1000
    assert best_time(text) < 1.0


# The forms


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def writer(db):
    user = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    watch_list_save(user=user, names=["Globex"])
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.django_db
def test_asking_with_something_confidential_comes_back_with_a_warning_and_the_text(writer):
    _, client = writer
    forum = ForumFactory(name="Project Management", slug="project-management")
    data = {
        "title": "Our Globex rollout is slipping badly",
        "body": "Some background first.\n\nTheir PM is jane@globex.com, phone 0113 496 0000.",
        "forum": forum.pk,
        "tags": "Estimating",
        "context": "client",
    }
    before = row_counts()

    response = client.post("/threads/new/", data)

    html = response.content.decode()
    assert response.status_code == 200 and WARNING in html
    assert "The title:</span> a name on your watch list" in html
    assert 'Line 3:</span> an e-mail address, “<span class="guard__text">jane@globex.com' in html
    assert "a phone number" in html
    assert 'name="post_anyway"' in html and 'href="#id_body"' in html
    assert "Their PM is jane@globex.com, phone 0113 496 0000.</textarea>" in html
    assert 'value="Our Globex rollout is slipping badly"' in html
    # Nothing posted, nothing about the check kept.
    assert row_counts() == before

    posted = client.post("/threads/new/", {**data, "post_anyway": "1"})

    assert posted.status_code == 302
    assert Thread.objects.get().title == "Our Globex rollout is slipping badly"


@pytest.mark.django_db
def test_a_clean_question_posts_without_a_warning(writer):
    _, client = writer
    forum = ForumFactory(name="Project Management", slug="project-management")
    response = client.post(
        "/threads/new/",
        {
            "title": "How do you report progress weekly?",
            "body": "We use a burn-up chart; is that enough for a sponsor?",
            "forum": forum.pk,
            "tags": "Reporting",
            "context": "internal",
        },
    )
    assert response.status_code == 302 and Thread.objects.count() == 1


@pytest.mark.django_db
def test_replies_edits_and_outcomes_are_checked_too(writer):
    user, client = writer
    thread = make_thread(author=user, created_at=timezone.now() - timedelta(hours=2))
    Post.objects.filter(author=user).update(created_at=timezone.now() - timedelta(hours=2))
    question = thread.posts.get(number=1)
    text = "Ask for the NDA first."
    before = row_counts()

    answers = [
        client.post(f"/threads/{thread.pk}/reply/", {"body": text}),
        client.post(
            f"/posts/{question.pk}/edit/",
            {"title": thread.title, "body": text, "tags": "Estimating"},
        ),
        client.post(f"/threads/{thread.pk}/outcome/", {"body": text}),
    ]

    for response in answers:
        html = response.content.decode()
        assert response.status_code == 200 and WARNING in html
        assert "Line 1:</span> a word that marks something as confidential" in html
        assert f"{text}</textarea>" in html
    assert row_counts() == before
    question.refresh_from_db()
    assert question.body != text

    reply = client.post(f"/threads/{thread.pk}/reply/", {"body": text, "post_anyway": "1"})
    assert reply.status_code == 302 and thread.posts.filter(body=text).count() == 1
    Post.objects.filter(author=user).update(created_at=timezone.now() - timedelta(hours=2))
    outcome = client.post(f"/threads/{thread.pk}/outcome/", {"body": text, "post_anyway": "1"})
    assert outcome.status_code == 302
    assert thread.posts.get(number=OUTCOME_NUMBER).body == text


@pytest.mark.django_db
def test_the_live_preview_returns_the_findings_for_the_member_who_types(writer):
    _, client = writer

    answer = client.post(
        "/preview/", {"title": "About Globex", "body": "Mail **jo@globex.com**"}
    ).json()

    assert "<strong>" in answer["html"] and "jo@globex.com" in answer["html"]
    assert answer["confidential"] == {
        "findings": [
            {"kind": WATCHED, "text": "Globex", "where": "the title"},
            {"kind": EMAIL, "text": "jo@globex.com", "where": "line 1"},
            {"kind": WATCHED, "text": "globex", "where": "line 1"},
        ],
        "more": 0,
    }
    # Another member's check knows nothing of this member's watch list.
    other = Client()
    other.force_login(UserFactory())
    theirs = other.post("/preview/", {"title": "About Globex", "body": "Nothing else"}).json()
    assert theirs["confidential"] == {"findings": [], "more": 0}


@pytest.mark.django_db
def test_the_live_preview_still_checks_text_the_preview_cannot_render(writer):
    _, client = writer
    answer = client.post("/preview/", {"body": "[" * 300 + " confidential"}).json()
    assert "square brackets" in answer["problem"]
    assert answer["confidential"]["findings"][0]["kind"] == MARKER


@pytest.mark.django_db
def test_the_shared_reply_form_on_the_thread_page_carries_the_guard_script(writer):
    _, client = writer
    thread = make_thread()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert '<script type="module" src="/static/js/confidentiality.js">' in html
    assert WARNING not in html


@pytest.mark.django_db
def test_a_form_with_errors_shows_the_guards_findings_too(writer):
    _, client = writer
    ForumFactory(name="Project Management", slug="project-management")
    response = client.post(
        "/threads/new/", {"title": "Short", "body": "Call me on +44 20 7946 0958 today."}
    )
    html = response.content.decode()
    assert "Please correct" in html and "The title needs at least 10 characters" in html
    assert WARNING in html and "a phone number" in html
    assert Thread.objects.count() == 0
