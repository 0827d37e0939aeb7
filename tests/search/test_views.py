"""The search page (/search/) and the similar-questions list (/search/similar/), on whichever
database the suite runs against: SQLite's FTS5 or PostgreSQL's tsvector index."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from forum.models import Post, Thread
from forum.services import post_reply, post_toggle_accepted
from search.indexing import index_post, index_thread
from tests.factories import ForumFactory, UserFactory, make_thread
from tests.security.corpus import HOSTILE_INPUTS, page_problems

pytestmark = pytest.mark.django_db


def found(response) -> list[str]:
    """Each result as "thread title #post number", best first."""
    return [f"{r.post.thread.title} #{r.post.number}" for r in response.context["results"]]


def ask(committed, title: str, body: str = "A question with nothing in common.", **kwargs):
    with committed():
        return make_thread(title=title, body=body, **kwargs)


def reply(committed, thread: Thread, body: str) -> Post:
    with committed():
        return post_reply(author=UserFactory(), thread=thread, body=body)


# Finding and ranking


def test_finds_a_word_only_a_reply_contains_and_links_to_that_reply(committed, search):
    thread = ask(committed, "Reporting to a steering committee")
    answer = reply(committed, thread, "We send a one-page burndown every Friday.")
    ask(committed, "Something else entirely", body="Nothing here either.")

    response = search("burndown")
    html = response.content.decode()

    assert found(response) == ["Reporting to a steering committee #2"]
    assert f'href="/content/{answer.pk}/"' in html
    assert "<mark>burndown</mark>" in html
    assert "Reply 1 " in html  # the first reply, as the thread page calls it
    assert client_follows_to_the_post(response.client, answer)


def client_follows_to_the_post(client, post: Post) -> bool:
    location = client.get(f"/content/{post.pk}/")["Location"]
    return location.endswith(f"#post-{post.pk}")


def test_a_result_shows_the_author_date_forum_and_context(committed, search):
    author = UserFactory(display_name="Ngozi Adeyemi")
    ask(
        committed,
        "Chargeback for shared services",
        author=author,
        forum=ForumFactory(name="Finance", slug="finance"),
        context="internal",
    )

    html = search("chargeback").content.decode()

    assert "Ngozi Adeyemi" in html and f'href="{author.get_absolute_url()}"' in html
    assert "<time datetime=" in html
    assert 'href="/forums/finance/"' in html
    assert "Internal project" in html


def test_a_title_match_ranks_above_replies_that_mention_the_words(committed, search):
    long_ago = timezone.now() - timedelta(days=60)
    titled = ask(committed, "Handling retainer agreements", created_at=long_ago)
    other = ask(committed, "Monthly billing questions")
    reply(committed, other, "A retainer works if the retainer covers agreed hours.")
    reply(committed, titled, "Thanks, that helps.")

    assert found(search("retainer")) == [
        "Handling retainer agreements #1",
        "Monthly billing questions #2",
    ]


def test_a_question_body_ranks_above_a_reply(committed, search):
    asked = ask(committed, "Tracking hours", body="Our contractors log overtime weekly.")
    other = ask(committed, "Another thread")
    reply(committed, other, "Overtime is paid monthly here.")
    assert found(search("overtime"))[0] == f"{asked.title} #1"


def test_words_match_in_any_form(committed, search):
    ask(committed, "Estimating a data migration", body="How long do migrations take?")
    assert found(search("estimates migration")) == ["Estimating a data migration #1"]


def test_a_quoted_phrase_needs_its_words_together_in_order(committed, search):
    ask(committed, "Quoting work", body="We agreed a fixed price with the client.")
    ask(committed, "Pricing changes", body="The price was fixed after the workshop.")

    assert found(search('"fixed price"')) == ["Quoting work #1"]
    assert sorted(found(search("fixed price"))) == ["Pricing changes #1", "Quoting work #1"]


def test_a_minus_word_leaves_out_posts_that_have_it(committed, search):
    ask(committed, "Vendor onboarding", body="Our vendor sends invoices monthly.")
    ask(committed, "Vendor selection", body="We shortlisted three of them.")

    assert found(search("vendor -invoices")) == ["Vendor selection #1"]
    assert found(search('vendor -"sends invoices"')) == ["Vendor selection #1"]


def test_or_finds_posts_with_either_word(committed, search):
    ask(committed, "Retainer pricing", body="Monthly fee.")
    ask(committed, "Subscription pricing", body="Annual fee.")
    ask(committed, "Hourly pricing", body="Per hour.")

    assert sorted(found(search("retainer or subscription"))) == [
        "Retainer pricing #1",
        "Subscription pricing #1",
    ]


# Filters


@pytest.fixture
def two_threads(committed):
    """Two threads about the same thing that differ in tag, forum, context and answer."""
    finance = ForumFactory(name="Finance", slug="finance")
    first = ask(
        committed,
        "Invoicing a client for scope creep",
        tags=("Contracts",),
        context="client",
    )
    second = ask(
        committed,
        "Invoicing internal teams for scope creep",
        tags=("Budgeting",),
        context="internal",
        forum=finance,
    )
    answer = reply(committed, first, "Write it into the change control clause.")
    post_toggle_accepted(post=answer)
    return first, second


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"tag": "contracts"}, "client"),
        ({"tag": "budgeting"}, "internal"),
        ({"forum": "finance"}, "internal"),
        ({"forum": "project-management"}, "client"),
        ({"context": "client"}, "client"),
        ({"context": "internal"}, "internal"),
        ({"status": "answered"}, "client"),
        ({"status": "unanswered"}, "internal"),
    ],
)
def test_each_filter_keeps_only_matching_threads(two_threads, search, params, expected):
    response = search("invoicing", **params)
    assert [r.post.thread.context for r in response.context["results"]] == [expected]
    assert response.context["chosen"].active


def test_filters_combine(two_threads, search):
    assert found(search("invoicing", tag="contracts", status="unanswered")) == []
    assert len(found(search("invoicing", context="internal", forum="finance"))) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"tag": "no-such-tag"},
        {"forum": "'; DROP TABLE forum_forum; --"},
        {"context": "CLIENT"},
        {"status": "yes"},
        {"tag": "", "forum": "", "context": "", "status": ""},
    ],
)
def test_unknown_filter_values_are_ignored(two_threads, search, params):
    response = search("invoicing", **params)
    assert response.status_code == 200
    assert len(found(response)) == 2
    assert not response.context["chosen"].active


def test_the_filter_form_keeps_the_choices_and_offers_every_tag_and_forum(two_threads, search):
    html = search("invoicing", tag="budgeting", status="answered").content.decode()
    assert '<option value="budgeting" selected>Budgeting</option>' in html
    assert '<option value="answered" selected>' in html
    assert '<option value="contracts">Contracts</option>' in html
    assert '<option value="finance">Finance</option>' in html


# What must never show


def test_hidden_threads_never_show(committed, search):
    hidden = ask(committed, "Payroll dispute with a supplier")
    reply(committed, hidden, "The supplier payroll was late.")
    ask(committed, "Supplier scorecards")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    # Even before the index hears of it, and after.
    assert found(search("supplier")) == ["Supplier scorecards #1"]
    index_thread(hidden)
    response = search("supplier")
    assert found(response) == ["Supplier scorecards #1"]
    assert response.context["total"] == 1
    assert "Payroll" not in response.content.decode()


def test_hidden_and_deleted_replies_never_show(committed, search, member):
    thread = ask(committed, "Dealing with a difficult sponsor", author=member)
    hidden = reply(committed, thread, "Escalate the sponsor issue quietly.")
    deleted = reply(committed, thread, "The sponsor is always wrong.")
    reply(committed, thread, "Meet the sponsor every week.")
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    from forum.services import post_delete

    with committed():
        post_delete(post=deleted, user=UserFactory())

    html = search("sponsor").content.decode()
    assert "quietly" not in html and "always wrong" not in html
    assert found(search("sponsor")) == [
        "Dealing with a difficult sponsor #1",
        "Dealing with a difficult sponsor #4",
    ]
    index_post(hidden)
    assert search("sponsor").context["total"] == 2


# Odd input


ODD_QUERIES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "%",
    "%%",
    "_",
    "100%",
    "' OR 1=1 --",
    "'; DROP TABLE forum_post; --",
    "budget & (risk | !scope) <-> plan:*",
    "NEAR(a b) AND NOT c OR d*",
    "title : risk",
    '"unterminated quote',
    '"',
    '""',
    "-",
    "--budget",
    "-budget",
    "or",
    "OR OR",
    "x" * 5000,
    "budget " * 300,
    "\ue000marker\ue001",
    "日本語 プロジェクト",
    "ﬁxed price",
    "   ",
    "\\",
    "{% now %} {{ 7|add:7 }}",
]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_get_a_normal_page_with_the_query_escaped(committed, search, q):
    ask(committed, "Budget risk in a fixed price plan", body="Scope and budget risk.")

    response = search(q)
    html = response.content.decode()

    assert response.status_code == 200
    assert page_problems(html) == []
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    shown = response.context["search_query"]
    assert len(shown) <= 200
    if "<script>" in q:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_query_is_shown_escaped_in_the_heading_and_the_search_boxes(committed, search):
    html = search('<b>"bold"</b> & co').content.decode()
    assert "<b>" not in html.split("</header>", 1)[1]
    assert 'value="&lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co"' in html
    assert "<title>Search: &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co" in html


def test_an_empty_search_explains_how_to_search(search):
    response = search("")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "What would you like to find?" in html
    assert "in quotes finds those words together" in html
    assert 'href="/tags/"' in html


def test_a_search_with_nothing_to_look_for_says_so(search):
    for q in ("-budget", "%", '-"fixed price"'):
        html = search(q).content.decode()
        assert "Nothing to search for" in html


def test_a_long_search_is_cut_to_two_hundred_characters(committed, search):
    ask(committed, "Budget reviews", body="Budget.")
    response = search("budget " + "z" * 400)
    assert len(response.context["search_query"]) == 200
    assert "only its first 200 characters were used" in response.content.decode()


def test_no_match_suggests_what_to_do(committed, search):
    ask(committed, "Budget reviews")
    html = search("zeppelin").content.decode()
    assert "0 posts match" in html and "Nothing matched" in html


def test_search_results_are_not_for_search_engines(search):
    assert '<meta name="robots" content="noindex">' in search("budget").content.decode()
    assert '<meta name="robots" content="noindex">' in search("").content.decode()


def test_hostile_posts_come_back_inert_in_results(committed, search):
    forum, author = ForumFactory(), UserFactory()
    with committed():
        for n, text in enumerate(HOSTILE_INPUTS):
            clean = text.replace("\x00", "")
            make_thread(
                title=f"Hostile sample {n} {clean}"[:150],
                body=f"zanzibar {clean} zanzibar {clean}",
                forum=forum,
                author=author,
            )
    pages = [search("zanzibar", page=n) for n in (1, 2, 3)]
    pages += [search("hostile sample"), search("script alert"), search("javascript")]
    for response in pages:
        assert response.status_code in (200, 404)
        assert page_problems(response.content.decode()) == []


# Pages and queries


def test_results_come_in_numbered_pages_of_twenty(committed, search):
    thread = ask(committed, "Kanban limits", body="Kanban question.")
    with committed():
        for n in range(24):
            post_reply(author=UserFactory(), thread=thread, body=f"Kanban reply {n}.")

    first = search("kanban")
    html = first.content.decode()
    second = search("kanban", page=2)

    assert len(found(first)) == 20 and len(found(second)) == 5
    assert first.context["total"] == 25
    assert 'aria-label="Pagination"' in html
    assert 'href="?q=kanban&amp;page=2"' in html
    assert not set(found(first)) & set(found(second))
    assert search("kanban", page=3).status_code == 404
    assert search("kanban", page="x").status_code == 404


def test_result_page_links_keep_the_search_and_drop_what_it_does_not_read(committed, search):
    thread = ask(committed, "Kanban limits", body="Kanban question.")
    with committed():
        for n in range(24):
            post_reply(author=UserFactory(), thread=thread, body=f"Kanban reply {n}.")

    html = search("kanban", tag="no-such-tag", status="bogus", utm_source="mail").content.decode()
    filtered = search("kanban", status="unanswered", sort="x").content.decode()

    assert 'href="?q=kanban&amp;page=2"' in html
    links = " ".join(re.findall(r'href="(\?[^"]*)"', html))
    assert "no-such-tag" not in links and "bogus" not in links and "utm_source" not in links
    assert 'href="?q=kanban&amp;status=unanswered&amp;page=2"' in filtered


def test_a_search_matching_more_than_the_rank_limit_ranks_the_newest(committed, search, settings):
    settings.SEARCH_RANK_LIMIT = 3
    thread = ask(committed, "Kanban limits", body="Kanban question.")
    with committed():
        for n in range(4):
            post_reply(author=UserFactory(), thread=thread, body=f"Kanban reply {n}.")

    response = search("kanban")

    assert response.context["limited"] and response.context["total"] == 3
    assert found(response) == ["Kanban limits #5", "Kanban limits #4", "Kanban limits #3"]
    assert "More than 3 posts match" in response.content.decode()
    assert search("kanban", page=2).status_code == 404


@pytest.mark.parametrize("replies", [1, 30])
def test_a_search_page_runs_five_queries_whatever_it_shows(
    committed, search, django_assert_num_queries, replies
):
    thread = ask(committed, "Kanban limits", body="Kanban question.", tags=("Agile", "Flow"))
    Thread.objects.filter(pk=thread.pk).update(methodology="agile")
    with committed():
        for n in range(replies):
            post_reply(author=UserFactory(), thread=thread, body=f"Kanban reply {n}.")

    # Forums and tags for the filter form, the ranked page of hits, their posts, and the
    # facts' counts (grouped); on PostgreSQL also the statement that has each of the two
    # searches planned for its words.
    planning = connection.vendor == "postgresql"
    with django_assert_num_queries(5 + 2 * planning):
        response = search("kanban", tag="agile")
    assert len(found(response)) == min(replies + 1, 20)
    # The tags and the facts' counts are cached: choosing a fact costs no more.
    with django_assert_num_queries(3 + planning):
        response = search("kanban", tag="agile", methodology="agile")
    assert len(found(response)) == min(replies + 1, 20)


def test_an_empty_search_page_runs_two_queries(search, django_assert_num_queries):
    # Forums and tags for the filter form.
    with django_assert_num_queries(2):
        search("")


def test_the_header_search_box_sends_here(client):
    html = client.get("/").content.decode()
    assert re.search(r'<form class="site-search"[^>]*action="/search/"', html)
    assert 'name="q"' in html


# Similar questions


def similar(client, title: str):
    return client.get("/search/similar/", {"title": title})


def test_similar_questions_lists_titles_sharing_words_with_links(client, committed):
    close = ask(committed, "Estimating a fixed price data migration")
    ask(committed, "Estimating agile projects")
    ask(committed, "Handling a difficult sponsor")

    response = similar(client, "How do I estimate a data migration?")
    html = response.content.decode()

    assert response.status_code == 200
    assert f'href="{close.get_absolute_url()}"' in html
    assert html.index("fixed price data migration") < html.index("agile projects")
    assert "difficult sponsor" not in html
    assert "<html" not in html


def test_similar_questions_show_at_most_five(client, committed):
    for n in range(7):
        ask(committed, f"Stakeholder map template number {n}")
    html = similar(client, "stakeholder map").content.decode()
    assert html.count("<li>") == 5


def test_similar_questions_run_one_query_even_for_a_member(
    member_client, committed, django_assert_num_queries
):
    for n in range(7):
        ask(committed, f"Stakeholder map template number {n}")
    with django_assert_num_queries(1):
        member_client.get("/search/similar/", {"title": "stakeholder map"})


def test_similar_questions_leave_out_hidden_threads(client, committed):
    hidden = ask(committed, "Offshore team handover checklist")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    assert "handover" not in similar(client, "handover checklist").content.decode()


def test_similar_questions_look_at_titles_only(client, committed):
    ask(committed, "Weekly status reports", body="Our handover checklist is long.")
    assert "Weekly status" not in similar(client, "handover checklist").content.decode()


@pytest.mark.parametrize(
    "title", ["", "how do I", "a", "%", "' OR 1=1 --", "<script>alert(1)</script>", "x" * 5000]
)
def test_similar_questions_answer_little_or_odd_titles_with_an_empty_list(client, committed, title):
    ask(committed, "How do I handle scope changes?")
    response = similar(client, title)
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_similar_questions_survive_tsquery_and_fts_syntax(client, committed):
    ask(committed, "Risk register template")
    for title in ("risk:* & !register", "risk | (register)", 'NEAR("risk" register)', "\\"):
        response = similar(client, title)
        assert response.status_code == 200
        assert page_problems(response.content.decode()) == []


def test_the_ask_page_loads_the_similar_questions_script_and_a_live_region(member_client):
    html = member_client.get("/threads/new/").content.decode()
    assert '<script type="module" src="/static/js/similar.js"></script>' in html
    assert re.search(r'<div[^>]*id="similar-questions"[^>]*aria-live="polite"', html)
    assert 'data-similar-url="/search/similar/"' in html
    assert page_problems(html) == []
