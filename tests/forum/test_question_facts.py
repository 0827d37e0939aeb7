"""Questions with the facts that matter: optional facts from fixed lists on the ask form, a
facts line under the title, filters with counts on lists, tag pages and search, and similar
questions that weigh them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client

from forum.models import Thread
from forum.services import post_edit, post_reply, thread_create
from tests.factories import ForumFactory, UserFactory

pytestmark = pytest.mark.django_db

FIXED_PRICE_IT = {
    "methodology": "agile",
    "industry": "it",
    "team_size": "6-15",
    "budget": "250k-1m",
    "contract_type": "fixed-price",
    "asker_role": "project-manager",
}


@pytest.fixture
def forum():
    return ForumFactory(name="Project Management", slug="project-management")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask(client, forum, **fields):
    data = {
        "title": "How do we price a fixed-scope ERP upgrade?",
        "body": "The client wants one number; we have a range.",
        "forum": forum.pk,
        "tags": "Estimating",
        "context": "client",
        **fields,
    }
    return client.post("/threads/new/", data)


def asked(forum, title: str, tags=("Estimating",), context="client", **facts) -> Thread:
    return thread_create(
        author=UserFactory(),
        forum=forum,
        title=title,
        body="A question with facts.",
        tags=tags,
        context=context,
        facts=facts,
    )


def facts_line(html: str) -> list[str]:
    """The items of the first facts line on a page, as read aloud."""
    found = re.search(r'<ul class="question-facts"[^>]*>(.*?)</ul>', html, re.DOTALL)
    assert found, "no facts line on the page"
    items = re.findall(r"<li>(.*?)</li>", found[1], re.DOTALL)
    return [unescape(re.sub(r"<[^>]+>", "", item)) for item in items]


def option_counts(html: str, name: str) -> dict[str, str]:
    """The choices of the filter select `name` on a page: value -> label with its count."""
    select = re.search(rf'<select id="[a-z]+-{name}" name="{name}">(.*?)</select>', html, re.DOTALL)
    assert select, f"no {name} filter on the page"
    return {
        value: unescape(label)
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select[1])
    }


def titles(response) -> list[str]:
    return [thread.title for thread in response.context["threads"]]


# Asking with facts


def test_ask_form_offers_the_facts_as_optional_choices(member_client, forum):
    html = member_client.get("/threads/new/").content.decode()

    assert "The facts that matter" in html
    for name in FIXED_PRICE_IT:
        assert f'<select name="{name}"' in html
    assert '<option value="time-materials">Time and materials</option>' in html
    assert '<option value="250k-1m">US$250k to 1M</option>' in html


def test_facts_given_when_asking_show_under_the_title_of_the_thread_and_its_row(
    member_client, forum
):
    response = ask(member_client, forum, **FIXED_PRICE_IT)

    thread = Thread.objects.get()
    assert response.status_code == 302
    assert (thread.methodology, thread.contract_type) == ("agile", "fixed-price")
    expected = [
        "Methodology: Agile",
        "Industry: Information technology",
        "Team size: Team of 6 to 15 people",
        "Budget: Budget US$250k to 1M",
        "Contract type: Fixed price",
        "Asker's role: Asked as project manager",
    ]
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert facts_line(page) == expected
    assert page.index('class="thread__title"') < page.index('class="question-facts"')
    assert facts_line(Client().get("/").content.decode()) == expected


def test_a_question_without_facts_has_no_facts_line(member_client, forum):
    ask(member_client, forum)
    thread = Thread.objects.get()
    assert "question-facts" not in Client().get(thread.get_absolute_url()).content.decode()
    assert "question-facts" not in Client().get("/").content.decode()


@pytest.mark.parametrize(
    "field,value",
    [
        ("methodology", "kanban"),
        ("industry", "Information technology"),
        ("team_size", "12"),
        ("budget", "437000"),
        ("contract_type", "cost-plus"),
        ("asker_role", "<script>alert(1)</script>"),
    ],
)
def test_a_fact_outside_its_list_is_refused_next_to_the_field_with_the_form_kept(
    member_client, forum, field, value
):
    response = ask(member_client, forum, **{**FIXED_PRICE_IT, field: value})

    assert response.status_code == 200
    assert not Thread.objects.exists()
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "Please choose one of the listed" in html
    assert "<script>alert(1)</script>" not in html
    # What the member wrote and chose is still there.
    assert 'value="How do we price a fixed-scope ERP upgrade?"' in html
    assert "The client wants one number; we have a range.</textarea>" in html
    kept = {name: value for name, value in FIXED_PRICE_IT.items() if name != field}
    for name, chosen in kept.items():
        assert re.search(rf'<select name="{name}"[^>]*>.*?value="{chosen}" selected', html, re.S)


def test_a_contract_type_is_refused_for_an_internal_project(member_client, forum):
    response = ask(member_client, forum, context="internal", contract_type="retainer")

    assert response.status_code == 200 and not Thread.objects.exists()
    assert "is a contract with a client" in response.content.decode()
    assert ask(member_client, forum, context="client", contract_type="retainer").status_code == 302


def test_the_asker_edits_the_facts_and_the_history_records_them(client, forum):
    asker = UserFactory()
    thread = asked(forum, "Which facts does an edit keep?", methodology="agile", industry="it")
    Thread.objects.filter(pk=thread.pk).update(author=asker)
    question = thread.posts.get(number=1)
    question.author = asker
    question.save(update_fields=["author"])
    client.force_login(asker)

    edit_page = client.get(f"/posts/{question.pk}/edit/").content.decode()
    assert re.search(r'<select name="methodology"[^>]*>.*?value="agile" selected', edit_page, re.S)
    response = client.post(
        f"/posts/{question.pk}/edit/",
        {
            "title": thread.title,
            "body": question.body,
            "tags": "Estimating",
            **{name: "" for name in FIXED_PRICE_IT},
            "methodology": "hybrid",
            "budget": "under-50k",
        },
    )

    assert response.status_code == 302
    thread.refresh_from_db()
    assert (thread.methodology, thread.industry, thread.budget) == ("hybrid", "", "under-50k")
    history = client.get(f"/posts/{question.pk}/history/").content.decode()
    assert "<strong>Facts:</strong> Hybrid; Under US$50k" in history
    assert "<strong>Facts:</strong> Agile; Information technology" in history


def test_an_edit_page_that_sends_no_facts_leaves_them_as_they_were(client, forum):
    thread = asked(forum, "Facts survive an older edit page", methodology="predictive")
    question = thread.posts.get(number=1)
    client.force_login(question.author)

    client.post(f"/posts/{question.pk}/edit/", {"title": thread.title, "body": "New text."})

    thread.refresh_from_db()
    assert thread.methodology == "predictive"


def test_an_edit_refuses_a_fact_outside_its_list(client, forum):
    thread = asked(forum, "Edits check the facts too", methodology="agile")
    question = thread.posts.get(number=1)
    client.force_login(question.author)

    response = client.post(
        f"/posts/{question.pk}/edit/",
        {"title": thread.title, "body": "Edited.", "methodology": "spiral"},
    )

    assert response.status_code == 200
    assert 'id="id_methodology_error"' in response.content.decode()
    thread.refresh_from_db()
    assert thread.methodology == "agile" and question.body != "Edited."


# Filtering lists by facts, with counts


def test_lists_filter_by_facts_and_count_each_choice(client, forum):
    asked(forum, "Fixed-price client work in IT", industry="it", contract_type="fixed-price")
    asked(
        forum, "Fixed-price client work in retail", industry="retail", contract_type="fixed-price"
    )
    asked(forum, "A retainer in IT", industry="it", contract_type="retainer")
    asked(forum, "A question stating nothing")

    response = client.get("/", {"contract_type": "fixed-price", "industry": "it"})

    assert titles(response) == ["Fixed-price client work in IT"]
    assert response.context["thread_total"] == 1
    html = response.content.decode()
    # Each choice counts what choosing it instead would show, the other filters kept.
    assert option_counts(html, "industry")["it"] == "Information technology (1)"
    assert option_counts(html, "industry")["retail"] == "Retail and e-commerce (1)"
    assert option_counts(html, "contract_type")["retainer"] == "Retainer (1)"
    assert option_counts(html, "contract_type")["fixed-price"] == "Fixed price (1)"
    assert option_counts(html, "methodology")["agile"] == "Agile (0)"
    assert '<option value="it" selected>' in html
    assert '<details class="fact-filters" open>' in html


def test_tag_and_forum_pages_count_their_own_threads(client, forum):
    other = ForumFactory(name="Agile and Delivery", slug="agile-and-delivery")
    asked(forum, "Agile in a fixed price", tags=("Contracts",), methodology="agile")
    asked(forum, "Agile estimates", tags=("Estimating",), methodology="agile")
    asked(other, "Hybrid governance", tags=("Contracts",), methodology="hybrid")

    tag_page = client.get("/tags/contracts/").content.decode()
    forum_page = client.get("/forums/agile-and-delivery/").content.decode()
    home = client.get("/").content.decode()

    assert option_counts(tag_page, "methodology")["agile"] == "Agile (1)"
    assert option_counts(tag_page, "methodology")["hybrid"] == "Hybrid (1)"
    assert option_counts(forum_page, "methodology")["agile"] == "Agile (0)"
    assert option_counts(home, "methodology")["agile"] == "Agile (2)"
    response = client.get("/tags/contracts/", {"methodology": "agile"})
    assert titles(response) == ["Agile in a fixed price"]


def test_counts_follow_the_side_and_project_filters_and_the_unanswered_list(client, forum):
    answered = asked(forum, "Answered agile question", methodology="agile")
    post_reply(author=UserFactory(), thread=answered, body="Advice.", experience_side="both")
    asked(forum, "Waiting agile question", methodology="agile")
    asked(forum, "Internal agile question", methodology="agile", context="internal")

    def agile(**params) -> str:
        return option_counts(client.get("/", params).content.decode(), "methodology")["agile"]

    assert agile() == "Agile (3)"
    assert agile(side="both") == "Agile (1)"
    assert agile(context="internal") == "Agile (1)"
    assert agile(sort="unanswered") == "Agile (2)"


def test_filter_links_keep_the_facts_and_drop_values_outside_the_lists(client, forum):
    for n in range(21):
        asked(forum, f"Agile question number {n:02d}", methodology="agile")

    html = client.get(
        "/", {"methodology": "agile", "industry": "astrology", "budget": "1000000"}
    ).content.decode()

    links = " ".join(re.findall(r'href="(\?[^"]*)"', html))
    assert "?methodology=agile&amp;page=2" in links
    assert "?sort=newest&amp;methodology=agile" in links
    assert "astrology" not in links and "1000000" not in links
    assert 'name="industry"' in html


def test_the_list_with_facts_runs_a_fixed_number_of_queries_and_caches_its_counts(
    client, forum, django_assert_num_queries
):
    for n in range(12):
        asked(forum, f"Counted question {n:02d}", methodology="agile", industry="it")

    # COUNT, threads, their tags, the sidebar's unanswered questions, the facts' counts.
    with django_assert_num_queries(5):
        client.get("/", {"methodology": "agile"})
    # Another choice of facts reuses the counts: only the list itself is read again.
    with django_assert_num_queries(4):
        response = client.get("/", {"methodology": "agile", "industry": "it"})
    assert len(response.context["threads"]) == 12


@pytest.mark.parametrize("threads", [1, 25])
def test_the_facts_counts_cost_one_grouped_query_whatever_the_list(
    client, forum, django_assert_num_queries, threads
):
    for n in range(threads):
        asked(forum, f"Grouped question {n:02d}", methodology="hybrid", budget="1m-10m")
    with django_assert_num_queries(5):
        client.get("/")


def test_a_new_question_with_facts_is_counted_at_once(
    client, forum, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asked(forum, "The first retainer question", contract_type="retainer")
    assert option_counts(client.get("/").content.decode(), "contract_type")["retainer"] == (
        "Retainer (1)"
    )
    with django_capture_on_commit_callbacks(execute=True):
        asked(forum, "The second retainer question", contract_type="retainer")
    assert option_counts(client.get("/").content.decode(), "contract_type")["retainer"] == (
        "Retainer (2)"
    )


@pytest.mark.parametrize("name,value", FIXED_PRICE_IT.items())
def test_each_fact_filter_reads_its_own_index(forum, name, value):
    asked(forum, "An indexed question", industry="it")
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan is read here; PostgreSQL picks by its statistics")
    listed = Thread.objects.visible().stating({name: value}).sorted_by("activity")[:20]
    sql, params = listed.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert f"USING INDEX thread_fact_{name}" in plan


def test_the_facts_counts_are_one_grouped_query_the_facts_indexes_can_answer(forum):
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    from forum.list_filters import fact_rows

    asked(forum, "A counted question", industry="it", budget="1m-10m")
    asked(forum, "Another counted question", industry="it")
    asked(forum, "A question stating nothing")

    with CaptureQueriesContext(connection) as queries:
        rows = fact_rows(Thread.objects.all(), "test")

    assert sorted(row.count for row in rows) == [1, 1]
    (grouped,) = [q["sql"] for q in queries.captured_queries]
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A handful of rows: without this the planner would rather read the whole table.
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(explain + grouped)
        plan = " ".join(str(row[-1] if explain.endswith("PLAN ") else row[0]) for row in cursor)
    if connection.vendor == "sqlite":
        assert "thread_fact_" in plan
    else:
        # PostgreSQL picks among the partial indexes on visible threads by its statistics;
        # what matters is that one answers it, not a scan of every thread.
        assert "Index" in plan and "Seq Scan" not in plan


# Caches: a change shows at once


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_edited_facts_show_at_once_on_the_thread_and_in_the_lists(
    settings, forum, reader, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    asker = UserFactory()
    thread = thread_create(
        author=asker,
        forum=forum,
        title="Facts that change",
        body="Body.",
        tags=["Estimating"],
        facts={"methodology": "agile"},
    )
    client = Client() if reader == "visitor" else logged_in(UserFactory())
    assert facts_line(client.get(thread.get_absolute_url()).content.decode()) == [
        "Methodology: Agile"
    ]
    assert titles(client.get("/", {"methodology": "agile"})) == ["Facts that change"]

    question = thread.posts.get(number=1)
    # The counts move when the edit commits (the test's transaction never does).
    with django_capture_on_commit_callbacks(execute=True):
        edited = logged_in(asker).post(
            f"/posts/{question.pk}/edit/",
            {"title": thread.title, "body": "Body.", "tags": "Estimating", "methodology": "hybrid"},
        )
    assert edited.status_code == 302

    assert facts_line(client.get(thread.get_absolute_url()).content.decode()) == [
        "Methodology: Hybrid"
    ]
    home = client.get("/").content.decode()
    assert facts_line(home) == ["Methodology: Hybrid"]
    assert option_counts(home, "methodology")["hybrid"] == "Hybrid (1)"
    assert titles(client.get("/", {"methodology": "agile"})) == []


def test_facts_changed_by_the_service_move_the_list_counts(
    forum, django_capture_on_commit_callbacks
):
    thread = asked(forum, "Counted before and after", industry="it")
    question = thread.posts.get(number=1)
    assert option_counts(Client().get("/").content.decode(), "industry")["it"] == (
        "Information technology (1)"
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(post=question, editor=question.author, body=question.body, facts={"industry": ""})
    assert option_counts(Client().get("/").content.decode(), "industry")["it"] == (
        "Information technology (0)"
    )


# Search


def test_search_filters_by_facts_and_counts_the_matching_posts(
    client, forum, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fixed = asked(forum, "Estimating a fixed price migration", contract_type="fixed-price")
        asked(forum, "Estimating a retainer", contract_type="retainer")
        asked(forum, "Estimating with no facts")
        post_reply(author=UserFactory(), thread=fixed, body="Estimating needs ranges.")

    everything = client.get("/search/", {"q": "estimating"})
    html = everything.content.decode()
    assert option_counts(html, "contract_type")["fixed-price"] == "Fixed price (2)"
    assert option_counts(html, "contract_type")["retainer"] == "Retainer (1)"

    narrowed = client.get("/search/", {"q": "estimating", "contract_type": "fixed-price"})
    assert {r.post.thread.title for r in narrowed.context["results"]} == {fixed.title}
    page = narrowed.content.decode()
    # The fact's own choices still count what each would show.
    assert option_counts(page, "contract_type")["retainer"] == "Retainer (1)"
    assert '<option value="fixed-price" selected>' in page


def test_search_pages_keep_the_side_and_facts_in_their_links(
    client, forum, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = asked(forum, "Estimating with a team of five", team_size="1-5")
        for n in range(20):
            post_reply(
                author=UserFactory(),
                thread=thread,
                body=f"Estimating tip {n}.",
                experience_side="both",
            )

    html = client.get(
        "/search/", {"q": "estimating", "team_size": "1-5", "side": "both"}
    ).content.decode()

    assert "?q=estimating&amp;side=both&amp;team_size=1-5&amp;page=2" in html


def test_search_without_words_offers_the_facts_without_counts(client):
    html = client.get("/search/").content.decode()
    assert option_counts(html, "industry")["it"] == "Information technology"


def test_search_ignores_facts_outside_the_lists(client, forum, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asked(forum, "Estimating anything at all", industry="it")
    response = client.get("/search/", {"q": "estimating", "industry": "'; DROP TABLE x; --"})
    assert response.status_code == 200
    assert len(response.context["results"]) == 1


# Similar questions


def test_similar_questions_put_those_sharing_the_facts_first(
    client, forum, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asked(forum, "Reporting status to a steering group", methodology="predictive")
        asked(forum, "Reporting status to a sprint review", methodology="agile", industry="it")

    plain = client.get("/search/similar/", {"title": "reporting status"}).content.decode()
    weighed = client.get(
        "/search/similar/", {"title": "reporting status", "methodology": "agile", "industry": "it"}
    ).content.decode()
    other = client.get(
        "/search/similar/", {"title": "reporting status", "methodology": "predictive"}
    ).content.decode()

    def order(html: str) -> list[str]:
        return re.findall(r">(Reporting status to a [a-z ]+)</a>", html)

    assert sorted(order(plain)) == sorted(order(weighed))
    assert order(weighed)[0] == "Reporting status to a sprint review"
    assert order(other)[0] == "Reporting status to a steering group"
    assert "Information technology" in weighed  # each suggestion shows its facts


def test_similar_questions_still_need_a_word_in_common(
    client, forum, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asked(forum, "Budget approval for a new warehouse", methodology="agile")
    html = client.get(
        "/search/similar/", {"title": "hiring a scrum master", "methodology": "agile"}
    ).content.decode()
    assert "warehouse" not in html


def test_a_fact_written_outside_its_list_by_other_means_is_left_out_of_the_line(client, forum):
    thread = asked(forum, "A fact the shell wrote", industry="it")
    Thread.objects.filter(pk=thread.pk).update(methodology="spiral")

    response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert facts_line(response.content.decode()) == ["Industry: Information technology"]


def test_rows_written_by_code_from_before_the_new_columns_get_their_defaults(forum):
    """While a release rolls out, servers still running the old code insert threads without
    the facts and side counters (docs/deploy.md): the database fills them in."""
    from forum.experience import SIDE_COUNT_FIELDS
    from forum.facts import FACT_NAMES

    new = {*FACT_NAMES, *SIDE_COUNT_FIELDS.values()}
    template = Thread(forum=forum, title="Asked from an old server", slug="asked-from-an-old")
    old_fields = [
        f for f in Thread._meta.concrete_fields if f.name not in new and not f.primary_key
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in old_fields)
    values = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in old_fields]
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        # Column names from the model itself; every value a parameter.
        cursor.execute(f"INSERT INTO forum_thread ({columns}) VALUES ({placeholders})", values)  # noqa: S608

    thread = Thread.objects.get(title="Asked from an old server")
    assert [getattr(thread, name) for name in FACT_NAMES] == [""] * len(FACT_NAMES)
    assert thread.internal_reply_count == 0 and thread.both_sides_reply_count == 0
