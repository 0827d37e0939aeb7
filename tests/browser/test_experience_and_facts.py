"""Answers by experience and the facts of a question, in the browser: with and without
JavaScript, checked by axe-core, and at 375 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from forum.services import post_reply, thread_create
from tests.browser.test_small_screens import PHONE, assert_fits
from tests.factories import ForumFactory, UserFactory

FACTS = {
    "Methodology": "Agile",
    "Industry": "Information technology",
    "Team size": "6 to 15 people",
    "Budget": "US$250k to 1M",
    "Contract type": "Fixed price",
    "Your role": "Project manager",
}


@pytest.fixture
def forum(transactional_db):
    return ForumFactory(name="Project Management", slug="project-management")


@pytest.fixture
def discussion(forum):
    """A client question answered from three sides, and one stating other facts."""
    asker = UserFactory(display_name="Wanjiru Kamau")
    thread = thread_create(
        author=asker,
        forum=forum,
        title="How do you report progress on a fixed-price build?",
        body="Our client reads only the first line of the weekly report.",
        tags=["Reporting"],
        context="client",
        facts={"methodology": "agile", "industry": "it", "contract_type": "fixed-price"},
    )
    for side in ("client_facing", "internal", "client_facing"):
        post_reply(
            author=UserFactory(), thread=thread, body=f"Advice from {side}.", experience_side=side
        )
    thread_create(
        author=UserFactory(),
        forum=forum,
        title="Reporting to a steering group in a hospital",
        body="Monthly, on paper.",
        tags=["Reporting"],
        context="internal",
        facts={"methodology": "predictive", "industry": "health"},
    )
    return thread


@pytest.mark.parametrize("js", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_member_answers_from_the_buyers_side_and_readers_show_that_side_alone(
    new_page, discussion, log_in_as, axe, js
):
    page = new_page(js=js)
    member = UserFactory(display_name="Tove Lindahl", default_experience_side="internal")
    log_in_as(page, member)
    page.goto(discussion.get_absolute_url())

    side = page.get_by_role("group", name="Your experience comes from")
    expect(side.get_by_role("radio", name="Internal projects")).to_be_checked()
    side.get_by_role("radio", name="Client side (buyer)").check()
    page.get_by_role("textbox", name="Your reply").fill("As the buyer I read the risks first.")
    page.get_by_role("button", name="Post your reply").click()

    summary = page.get_by_role("navigation", name="Answers by experience")
    expect(summary).to_have_text(
        re.compile(
            r"4 answers:\s+2 from client-facing experience,\s+1 internal,\s+1 from the buyer's side"
        )
    )
    expect(page.get_by_text("Buyer's-side experience")).to_be_visible()
    if js:
        assert axe.check(page, "Thread page, answers by experience").blocking == []

    summary.get_by_role("link", name="1 from the buyer's side").click()
    expect(
        page.get_by_role("heading", name="Replies from the buyer's side: 1 of 4")
    ).to_be_visible()
    expect(page.locator("article.post")).to_have_count(2)  # the question and the one reply
    expect(page.get_by_text("As the buyer I read the risks first.")).to_be_visible()
    expect(summary.get_by_role("link", name="1 from the buyer's side")).to_have_attribute(
        "aria-current", "true"
    )
    if js:
        assert axe.check(page, "Thread page, one side's replies").blocking == []


@pytest.mark.parametrize("js", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_member_asks_with_facts_and_the_list_filters_by_them(
    new_page, forum, discussion, log_in_as, axe, js
):
    page = new_page(js=js)
    log_in_as(page, UserFactory())
    page.goto("/threads/new/")
    page.get_by_role("textbox", name="Title").fill("Estimating a fixed-price portal upgrade")
    page.get_by_role("textbox", name="Your question").fill(
        "We have a range, the client wants one number."
    )
    # A combobox either way: the script's suggestions, or the browser's list of tags.
    page.get_by_role("combobox", name="Tags").fill("Estimating")
    page.get_by_role("radio", name="Client-facing project").check()
    facts = page.get_by_role("group", name="The facts that matter (optional)")
    for label, choice in FACTS.items():
        facts.get_by_label(label).select_option(label=choice)
    if js:
        assert axe.check(page, "Ask a question, with facts").blocking == []
    page.get_by_role("button", name="Post your question").click()

    line = page.get_by_role("list", name="Facts of this question")
    expect(line).to_contain_text("Agile")
    expect(line).to_contain_text("Team of 6 to 15 people")
    expect(line).to_contain_text("Asked as project manager")

    page.goto("/")
    page.get_by_text("Filter by the facts of the question").click()
    industry = page.get_by_label("Industry")
    expect(industry.locator("option", has_text="Information technology")).to_have_text(
        "Information technology (2)"
    )
    industry.select_option("it")
    page.get_by_label("Contract type").select_option("fixed-price")
    page.get_by_role("button", name="Show these questions").click()

    expect(page.locator(".thread-row__title a")).to_have_text(
        ["Estimating a fixed-price portal upgrade", discussion.title]
    )
    expect(page.get_by_text("2 threads", exact=True)).to_be_visible()
    page.get_by_role("navigation", name="Filter by side of experience").get_by_role(
        "link", name="Client-facing"
    ).click()
    expect(page.locator(".thread-row__title a")).to_have_text([discussion.title])
    if js:
        assert axe.check(page, "Latest threads, filtered by side and facts").blocking == []


def test_similar_questions_put_those_sharing_the_chosen_facts_first(page, discussion, log_in_as):
    from django.core.management import call_command

    call_command("search_reindex", verbosity=0)
    log_in_as(page, UserFactory())
    page.goto("/threads/new/")
    page.get_by_role("textbox", name="Title").fill("Reporting every week")
    suggestions = page.locator("#similar-questions li > a")
    expect(suggestions).to_have_count(2)

    page.get_by_label("Industry").select_option("health")
    expect(suggestions.first).to_have_text("Reporting to a steering group in a hospital")
    page.get_by_label("Industry").select_option("it")
    page.get_by_label("Methodology").select_option("agile")
    expect(suggestions.first).to_have_text(discussion.title)


def test_the_new_parts_fit_a_phone_and_pass_axe(new_page, discussion, log_in_as, axe):
    page = new_page(viewport=PHONE)
    log_in_as(page, UserFactory(default_experience_side="both"))
    for label, url in [
        ("Thread page, answers by experience", discussion.get_absolute_url()),
        ("Thread page, one side's replies", f"{discussion.get_absolute_url()}?side=client_facing"),
        ("Latest threads, filtered by facts", "/?methodology=agile&side=internal"),
        ("Ask a question (facts)", "/threads/new/"),
        ("Search, filtered by facts", "/search/?q=reporting&industry=it&side=internal"),
    ]:
        assert_fits(page, url)
        assert axe.check(page, f"{label} (375 px)").blocking == []
