"""A thread's outcome: what the asker decided and how it went, posted once, shown under the
question on every page, in lists, feeds and search, edited with history like any post."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from forum.models import OUTCOME_NUMBER, Post, Tag, Thread
from forum.outcomes import OutcomeExists, outcome_post
from forum.services import post_reply
from moderation.models import BlockedWord
from moderation.services import post_set_hidden, thread_set_locked
from notifications.models import Notification, NotificationKind
from notifications.services import thread_subscribe
from tests.factories import UserFactory, make_moderator, make_thread

pytestmark = pytest.mark.django_db

DECIDED = "We went **time and materials** for discovery, then a fixed price for the build."


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def moderator_user():
    user = UserFactory()
    make_moderator(user)
    return user


def earlier_thread(**kwargs) -> Thread:
    """A thread asked an hour ago: its asker may post again at once (the posting limits)."""
    return make_thread(created_at=timezone.now() - timedelta(hours=1), **kwargs)


def post_outcome(client: Client, thread: Thread, body: str = DECIDED, *, follow=False, **fields):
    return client.post(f"/threads/{thread.pk}/outcome/", {"body": body, **fields}, follow=follow)


def outcome_section(html: str) -> str:
    found = re.search(r'<section class="outcome".*?</section>', html, re.DOTALL)
    assert found, "no outcome under the question"
    return found[0]


# Posting it


def test_the_asker_posts_the_outcome_and_it_shows_under_the_question_on_every_page(settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    asker = UserFactory(display_name="Noor Haddad")
    thread = earlier_thread(title="Fixed price or time and materials?", author=asker, replies=3)
    client = logged_in(asker)

    form = client.get(f"/threads/{thread.pk}/outcome/")
    assert form.status_code == 200
    assert "What did you decide, and how did it go?" in form.content.decode()
    response = post_outcome(client, thread)

    outcome = Post.objects.get(thread=thread, number=OUTCOME_NUMBER)
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{outcome.pk}"
    visitor = Client()
    for page in ("1", "2"):
        html = visitor.get(thread.get_absolute_url(), {"page": page}).content.decode()
        section = outcome_section(html)
        assert "<strong>time and materials</strong>" in section
        assert f'id="post-{outcome.pk}"' in section and "Noor Haddad" in section
        # Under the question, before the replies; not one of them.
        assert html.index("post--question") < html.index('class="outcome"')
        assert html.index('class="outcome"') < html.index('id="replies-heading"')
    thread.refresh_from_db()
    assert thread.outcome == outcome and thread.reply_count == 3 and thread.last_number == 4
    assert outcome.label == "Outcome"


def test_the_outcome_is_not_counted_or_listed_as_a_reply():
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=1)
    post_outcome(logged_in(asker), thread)

    response = Client().get(thread.get_absolute_url())

    assert [p.number for p in response.context["replies"]] == [2]
    assert "1 Reply</h2>" in response.content.decode()


def test_only_one_outcome_per_thread(client):
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=1)
    client.force_login(asker)
    assert post_outcome(client, thread).status_code == 302

    again = client.get(f"/threads/{thread.pk}/outcome/", follow=True)
    second = post_outcome(client, thread, body="A second, different outcome.", follow=True)

    outcome = Post.objects.get(thread=thread, number=OUTCOME_NUMBER)
    for response in (again, second):
        assert "This thread has its outcome already: you can edit it." in response.content.decode()
        assert response.redirect_chain[0][0].endswith(f"#post-{outcome.pk}")
    assert Post.objects.filter(thread=thread, number=OUTCOME_NUMBER).count() == 1
    with pytest.raises(OutcomeExists):
        outcome_post(thread=thread, author=asker, body="Straight to the service")


def test_a_moderator_may_post_it_for_the_asker_and_the_tools_offer_it():
    moderator = moderator_user()
    thread = earlier_thread(replies=1)
    client = logged_in(moderator)
    tools = client.get(thread.get_absolute_url()).content.decode()
    assert "Post the outcome for the asker" in tools

    assert post_outcome(client, thread).status_code == 302

    assert Post.objects.get(thread=thread, number=OUTCOME_NUMBER).author == moderator


def test_other_members_are_refused_and_offered_nothing():
    thread = earlier_thread(replies=1)
    other = logged_in(UserFactory())

    assert other.get(f"/threads/{thread.pk}/outcome/").status_code == 403
    assert post_outcome(other, thread).status_code == 403
    html = other.get(thread.get_absolute_url()).content.decode()
    assert "outcome-offer" not in html and f"/threads/{thread.pk}/outcome/" not in html
    assert not Post.objects.filter(thread=thread, number=OUTCOME_NUMBER).exists()


def test_a_locked_thread_takes_no_outcome_from_its_asker():
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=1)
    thread_set_locked(thread=thread, locked=True, moderator=moderator_user())

    response = post_outcome(logged_in(asker), thread)

    assert response.status_code == 403 and "This thread is locked" in response.content.decode()
    assert not Post.objects.filter(thread=thread, number=OUTCOME_NUMBER).exists()


# Bad input


@pytest.mark.parametrize(
    "body,error",
    [
        ("   \n\n  ", "Please write something before posting."),
        ("x" * 20_001, "Please keep it under 20000 characters"),
        ("[" * 300, "square brackets in a row"),
    ],
)
def test_an_outcome_the_form_refuses_comes_back_with_the_text_kept(body, error):
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=1)

    response = post_outcome(logged_in(asker), thread, body=body)

    html = response.content.decode()
    assert response.status_code == 200
    assert error in html and 'class="field__errors"' in html
    if body.strip():
        assert body[:50] in html
    assert not Post.objects.filter(thread=thread, number=OUTCOME_NUMBER).exists()


def test_an_outcome_posted_too_soon_is_told_when_to_try_again():
    asker = UserFactory()
    thread = make_thread(author=asker)  # asked just now
    response = post_outcome(logged_in(asker), thread)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "We went" in response.content.decode()


def test_a_filled_honeypot_posts_no_outcome():
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=1)
    response = post_outcome(logged_in(asker), thread, website="http://spam.example")
    assert response.status_code == 200
    assert not Post.objects.filter(thread=thread, number=OUTCOME_NUMBER).exists()


def test_outcome_pages_of_a_missing_or_hidden_thread_are_not_found():
    asker = UserFactory()
    thread = earlier_thread(author=asker)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    client = logged_in(asker)
    assert client.get("/threads/999999/outcome/").status_code == 404
    assert post_outcome(client, thread).status_code == 404
    assert client.post(f"/threads/{thread.pk}/outcome/decline/").status_code == 404
    assert client.get(f"/threads/{thread.pk}/outcome/decline/").status_code == 405


# Editing, with history


def test_the_outcome_is_edited_with_history_like_any_post():
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=1)
    client = logged_in(asker)
    post_outcome(client, thread, body="Three months in: on budget.")
    outcome = Post.objects.get(thread=thread, number=OUTCOME_NUMBER)

    page = client.get(thread.get_absolute_url(), follow=True).content.decode()
    assert f'href="/posts/{outcome.pk}/edit/"' in outcome_section(page)
    assert f'href="/posts/{outcome.pk}/delete/"' not in page  # once per thread: kept
    edit = client.get(f"/posts/{outcome.pk}/edit/").content.decode()
    assert "Edit your outcome" in edit
    response = client.post(f"/posts/{outcome.pk}/edit/", {"body": "Six months in: 4% over."})

    assert response.status_code == 302
    history = Client().get(f"/posts/{outcome.pk}/history/").content.decode()
    assert "Revisions of the outcome" in history
    assert "Three months in: on budget." in history and "Six months in: 4% over." in history
    assert "edited" in outcome_section(Client().get(thread.get_absolute_url()).content.decode())


# Subscribers hear of it


def test_subscribers_hear_of_the_outcome_as_of_a_reply(django_capture_on_commit_callbacks):
    asker, watcher = UserFactory(), UserFactory(display_name="Wendy Watcher")
    thread = earlier_thread(title="Which supplier did you pick?", author=asker, replies=1)
    thread_subscribe(user=watcher, thread=thread)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        post_outcome(logged_in(asker), thread)

    notice = Notification.objects.get(recipient=watcher)
    assert notice.kind == NotificationKind.OUTCOME and notice.post.is_outcome
    [message] = [m for m in mail.outbox if m.to == [watcher.email]]
    assert message.subject.endswith("Outcome: Which supplier did you pick?")
    assert "posted the outcome of" in message.body and "time and materials" in message.body
    notices = logged_in(watcher).get("/notifications/").content.decode()
    assert "posted the outcome of" in notices


# Held, hidden and removed


def test_an_outcome_with_a_blocked_word_waits_for_a_moderator_before_anyone_sees_it():
    BlockedWord.objects.create(phrase="guaranteed returns")
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=1)
    client = logged_in(asker)

    response = post_outcome(client, thread, body="We chose the vendor with guaranteed returns.")

    outcome = Post.objects.get(thread=thread, number=OUTCOME_NUMBER)
    thread.refresh_from_db()
    assert response.status_code == 302 and outcome.is_hidden and thread.outcome is None
    assert "guaranteed returns" not in Client().get(thread.get_absolute_url()).content.decode()
    own_page = client.get(thread.get_absolute_url(), follow=True).content.decode()
    assert "guaranteed returns" in own_page and "Only its author and moderators" in own_page
    assert thread not in Thread.objects.with_outcome()

    post_set_hidden(post=outcome, hidden=False, reason="", moderator=moderator_user())

    thread.refresh_from_db()
    assert thread.outcome == outcome and thread.reply_count == 1
    assert "guaranteed returns" in Client().get(thread.get_absolute_url()).content.decode()


def test_a_hidden_outcome_leaves_the_page_the_lists_and_the_reply_count():
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=2)
    post_outcome(logged_in(asker), thread, body="We kept the old supplier.")
    outcome = Post.objects.get(thread=thread, number=OUTCOME_NUMBER)

    post_set_hidden(post=outcome, hidden=True, reason="Off-topic", moderator=moderator_user())

    thread.refresh_from_db()
    assert thread.outcome is None and thread.reply_count == 2
    visitors_page = Client().get(thread.get_absolute_url()).content.decode()
    assert "We kept the old supplier." not in visitors_page
    assert "We kept the old supplier." not in Client().get("/?outcome=yes").content.decode()


def test_a_moderator_removes_an_outcome_and_the_asker_may_post_again():
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=1)
    client = logged_in(asker)
    post_outcome(client, thread, body="The first account of it.")
    outcome = Post.objects.get(thread=thread, number=OUTCOME_NUMBER)
    moderator = logged_in(moderator_user())

    assert moderator.post(f"/posts/{outcome.pk}/delete/").status_code == 302

    thread.refresh_from_db()
    assert thread.outcome is None and thread.reply_count == 1
    assert not Post.objects.filter(pk=outcome.pk).exists()
    Post.objects.filter(author=asker).update(created_at=timezone.now() - timedelta(hours=1))
    assert post_outcome(client, thread, body="The second account of it.").status_code == 302


# Lists, tags, feeds and search


def test_the_list_filter_shows_only_threads_with_an_outcome_and_keeps_it_in_links(client):
    asker = UserFactory()
    decided = earlier_thread(title="A question that has its outcome", author=asker, replies=1)
    make_thread(title="A question still waiting for one", replies=1)
    post_outcome(logged_in(asker), decided)

    page = client.get("/", {"outcome": "yes", "sort": "newest"})

    assert [t.title for t in page.context["threads"]] == ["A question that has its outcome"]
    html = page.content.decode()
    assert 'href="?sort=activity&amp;outcome=yes"' in html  # sorting keeps the filter
    assert 'href="?sort=newest&amp;context=client&amp;outcome=yes"' in html
    assert 'badge--outcome">Outcome</span>' in html
    everything = client.get("/", {"outcome": "nonsense"})
    assert len(everything.context["threads"]) == 2  # an unknown value is no filter


def test_tag_pages_count_the_threads_with_an_outcome_and_the_tag_index_too(client):
    asker = UserFactory()
    for n in range(3):
        thread = earlier_thread(title=f"Risk question number {n}", author=asker, tags=("Risk",))
        if n < 2:
            Post.objects.filter(author=asker).update(created_at=timezone.now() - timedelta(hours=1))
            post_outcome(logged_in(asker), thread, body=f"Outcome number {n}.")
    make_thread(title="An estimating question", tags=("Estimating",))

    tag_page = client.get("/tags/risk/").content.decode()
    assert "With an outcome (2)" in tag_page
    index = client.get("/tags/").content.decode()
    assert re.search(r"3 threads, <a [^>]*>2 with an outcome", index)


def test_list_filters_run_a_fixed_number_of_queries(client, django_assert_num_queries):
    asker = UserFactory()
    for n in range(6):
        thread = earlier_thread(title=f"Counted question number {n}", author=asker, replies=1)
        Post.objects.filter(author=asker).update(created_at=timezone.now() - timedelta(hours=1))
        post_outcome(logged_in(asker), thread, body=f"How it went, number {n}.")

    # The page COUNT, the threads with what their rows print, their tags, the sidebar, the
    # facts' counts beside the list filters (cached from then on).
    with django_assert_num_queries(5):
        response = client.get("/", {"outcome": "yes"})
    assert len(response.context["threads"]) == 6
    # The tag, then as above, the tag's facts' counts and its count of threads with an outcome.
    with django_assert_num_queries(7):
        client.get("/tags/estimating/", {"outcome": "yes"})
    # Counts are cached until a thread list changes: the same page again costs the threads.
    with django_assert_num_queries(4):
        client.get("/tags/estimating/", {"outcome": "yes"})


def test_the_outcome_filter_uses_its_index(client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    query = Thread.objects.visible().with_outcome().sorted_by("activity")[:20]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query.query}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "thread_outcome_activity" in plan


def test_feeds_carry_the_outcome():
    asker = UserFactory()
    thread = earlier_thread(title="Feeds and outcomes", author=asker, tags=("Risk",), replies=1)
    post_outcome(logged_in(asker), thread, body="We decided to keep a risk budget.")

    for url in ("/feeds/latest/", "/feeds/tags/risk/", f"/feeds/threads/{thread.pk}/"):
        feed = Client().get(url).content.decode()
        assert "We decided to keep a risk budget." in feed, url
    replies_feed = Client().get(f"/feeds/threads/{thread.pk}/").content.decode()
    assert "<title>Outcome by " in replies_feed


def test_search_finds_the_outcome_and_says_what_it_is(django_capture_on_commit_callbacks):
    asker = UserFactory()
    thread = earlier_thread(title="Search and outcomes", author=asker, replies=1)
    with django_capture_on_commit_callbacks(execute=True):
        post_outcome(logged_in(asker), thread, body="Shortlisting vendors saved eleven weeks.")

    html = Client().get("/search/", {"q": "shortlisting"}).content.decode()

    assert "Outcome ·" in html and 'badge--outcome">Outcome' in html


# Shown at once, through the caches


@pytest.mark.parametrize("page_cache_seconds", [0, 60])
def test_an_outcome_posted_or_edited_shows_at_once_to_visitors_and_members(
    settings, page_cache_seconds, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    asker = UserFactory()
    thread = earlier_thread(title="Cached pages and outcomes", author=asker, replies=1)
    visitor, member = Client(), logged_in(UserFactory())
    for reader in (visitor, member):
        reader.get(thread.get_absolute_url())
        reader.get("/", {"outcome": "yes"})
    client = logged_in(asker)

    with django_capture_on_commit_callbacks(execute=True):
        post_outcome(client, thread, body="The pilot went well.")

    for reader in (visitor, member):
        assert "The pilot went well." in reader.get(thread.get_absolute_url()).content.decode()
        listed = reader.get("/", {"outcome": "yes"}).content.decode()
        assert "Cached pages and outcomes" in listed and "1 thread<" in listed
    outcome = Post.objects.get(thread=thread, number=OUTCOME_NUMBER)
    client.post(f"/posts/{outcome.pk}/edit/", {"body": "The pilot went well; the rollout too."})
    for reader in (visitor, member):
        html = reader.get(thread.get_absolute_url()).content.decode()
        assert "The pilot went well; the rollout too." in html


def test_a_thread_made_outside_a_request_shows_its_outcome_on_cached_lists_at_once(
    settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    asker = UserFactory()
    thread = earlier_thread(title="Badges on cached lists", author=asker, replies=1)
    visitor = Client()
    assert "badge--outcome" not in visitor.get("/").content.decode()

    # Through the service alone (no member request moves the page version): its own
    # version change after the commit is what makes the lists show it.
    with django_capture_on_commit_callbacks(execute=True):
        outcome_post(thread=thread, author=asker, body="Decided outside a request.")

    assert 'badge--outcome">Outcome' in visitor.get("/").content.decode()


def test_the_tag_in_an_outcome_thread_is_still_found_by_tag():
    asker = UserFactory()
    thread = earlier_thread(author=asker, tags=("Procurement",), replies=1)
    post_outcome(logged_in(asker), thread)
    tag = Tag.objects.get(name="Procurement")
    assert list(Thread.objects.filter(tags=tag).with_outcome()) == [thread]


def test_a_reply_after_the_outcome_is_numbered_as_if_there_were_none():
    asker = UserFactory()
    thread = earlier_thread(author=asker, replies=1)
    post_outcome(logged_in(asker), thread)
    reply = post_reply(author=UserFactory(), thread=thread, body="Good to hear!")
    assert reply.number == 3 and reply.label == "Reply 2"


# What it costs a page


@pytest.mark.parametrize("replies", [0, 20])
def test_a_thread_with_an_outcome_costs_a_visitor_no_more_queries(
    client, django_assert_num_queries, replies
):
    asker = UserFactory()
    thread = earlier_thread(title="Query counts with an outcome", author=asker, replies=replies)
    post_outcome(logged_in(asker), thread)

    # As without one: the thread (its outcome joined), tags, posts, related questions.
    with django_assert_num_queries(4):
        response = client.get(thread.get_absolute_url())
    assert 'class="outcome"' in response.content.decode()


def test_the_askers_own_page_adds_at_most_two_queries_for_the_offer():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    asker, other = UserFactory(), UserFactory()
    thread = earlier_thread(title="Query counts for the asker", author=asker, replies=5)
    thread_subscribe(user=other, thread=thread)
    counted = {}
    for name, user in (("asker", asker), ("another subscriber", other)):
        client = logged_in(user)
        client.get(thread.get_absolute_url(), follow=True)  # seen: no redirect to a new reply
        with CaptureQueriesContext(connection) as queries:
            response = client.get(thread.get_absolute_url())
        assert response.status_code == 200
        counted[name] = len(queries)
        offered = "Decided yet?" in response.content.decode()
        assert offered == (user == asker)

    # A look for an outcome only its author and moderators may read, and the reminder's state.
    assert counted["asker"] - counted["another subscriber"] == 2
