from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forum.models import Forum, Post, Tag, Thread
from forum.services import post_reply
from tests.factories import ForumFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return ForumFactory(name="Project Management", slug="project-management")


def ask(client, in_forum, **overrides):
    data = {
        "title": "How do I estimate a data migration for a client?",
        "body": "We have **no** access to the source system yet.",
        "forum": in_forum.pk,
        "tags": "Estimating, Information Technology",
        "context": "client",
    }
    data.update(overrides)
    return client.post("/threads/new/", data)


def login_as(client, user):
    client.force_login(user)
    return client


# Asking


def test_visitor_asking_is_sent_to_log_in_and_brought_back(client):
    response = client.get("/threads/new/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/threads/new/"


def test_member_asks_a_question_with_tags_and_context(member_client, member, forum):
    Tag.objects.get_or_create(name="Estimating", slug="estimating")

    response = ask(member_client, forum, tags="estimating, Information Technology")

    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.author == member and thread.context == "client"
    assert sorted(t.name for t in thread.tags.all()) == ["Estimating", "Information Technology"]
    assert Tag.objects.filter(name__iexact="estimating").count() == 1
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "<strong>no</strong>" in page
    assert "Your question is posted." in page


def test_ask_page_offers_existing_tags(member_client, forum):
    Tag.objects.create(name="Stakeholder Management", slug="stakeholder-management")
    html = member_client.get("/threads/new/").content.decode()
    assert '<datalist id="tag-options">' in html
    assert '<option value="Stakeholder Management">' in html


def test_preview_shows_the_rendered_text_and_posts_nothing(member_client, forum):
    response = ask(member_client, forum, preview="1", body="A *careful* estimate", title="Short")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<em>careful</em>" in html
    assert "A *careful* estimate</textarea>" in html
    assert 'value="Short"' in html
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"title": ""}, "title", "Please give your question a title."),
        ({"title": "Too short"}, "title", "at least 10 characters"),
        ({"title": "x" * 151}, "title", "under 150 characters"),
        ({"body": ""}, "body", "Please write something"),
        ({"body": "y" * 20_001}, "body", "under 20000 characters"),
        ({"tags": ""}, "tags", "at least one tag"),
        ({"tags": "a, b, c, d, e, f"}, "tags", "at most 5 tags"),
        ({"tags": "<script>"}, "tags", "characters a tag cannot have"),
        ({"forum": "99999"}, "forum", "choose one of the forums"),
        ({"context": "secret"}, "context", "Select a valid choice"),
    ],
)
def test_bad_question_gets_errors_next_to_fields_and_keeps_the_text(
    member_client, forum, overrides, field, message
):
    response = ask(member_client, forum, **overrides)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert 'class="error-summary"' in html
    if field != "body":
        assert "We have **no** access to the source system yet.</textarea>" in html
    assert not Thread.objects.exists()


def test_same_question_twice_within_a_minute_makes_one_thread(member_client, forum):
    first = ask(member_client, forum)
    second = ask(member_client, forum)
    assert Thread.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_asking_without_csrf_token_is_refused(member, forum):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = ask(client, forum)
    assert response.status_code == 403
    assert not Thread.objects.exists()


# Replying


def test_member_replies_and_lands_on_their_post(member_client, member):
    thread = make_thread(title="Internal chargeback: worth it?")

    response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "We tried it."})

    post = Post.objects.get(thread=thread, number=2)
    assert post.author == member
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{post.pk}"
    thread.refresh_from_db()
    assert thread.reply_count == 1 and thread.last_post == post


def test_reply_on_a_later_page_lands_on_that_page(member_client):
    thread = make_thread(title="A thread with many replies", replies=20)
    response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "Number twenty two"})
    post = Post.objects.get(thread=thread, number=22)
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{post.pk}"


def test_member_sees_the_reply_box_at_the_bottom_of_the_thread(member_client):
    thread = make_thread(title="Where is the reply box?")
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert f'action="/threads/{thread.pk}/reply/"' in html
    assert 'name="body"' in html


def test_visitor_reply_is_sent_to_log_in_and_back_to_the_thread(client):
    thread = make_thread(title="Visitors cannot reply here")
    response = client.post(f"/threads/{thread.pk}/reply/", {"body": "Hello"})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={thread.get_absolute_url()}"
    assert thread.posts.count() == 1


def test_empty_reply_gets_an_error_and_nothing_is_posted(member_client):
    thread = make_thread(title="Empty replies are refused")
    response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "   "})
    assert response.status_code == 200
    assert "Please write something" in response.content.decode()
    assert thread.posts.count() == 1


def test_reply_preview_keeps_the_text(member_client):
    thread = make_thread(title="Preview a reply first")
    response = member_client.post(
        f"/threads/{thread.pk}/reply/", {"body": "Use a **range**", "preview": "1"}
    )
    html = response.content.decode()
    assert "<strong>range</strong>" in html and "Use a **range**</textarea>" in html
    assert thread.posts.count() == 1


def test_locked_thread_refuses_replies_and_keeps_the_text(member_client):
    thread = make_thread(title="This thread gets locked")
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)

    response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "Too late?"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "This thread is locked" in html and "Too late?</textarea>" in html
    assert thread.posts.count() == 1


def test_reply_to_hidden_or_missing_thread_is_a_404(member_client):
    thread = make_thread(title="Hidden before the reply")
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert member_client.post(f"/threads/{thread.pk}/reply/", {"body": "x"}).status_code == 404
    assert member_client.post("/threads/999999/reply/", {"body": "x"}).status_code == 404


def test_quote_starts_the_reply_with_the_quoted_post(member_client):
    author = UserFactory(display_name="Grace Hopper")
    thread = make_thread(title="Quote me on this please", author=author, body="Line one\nLine two")
    question = thread.posts.get(number=1)

    html = member_client.get(f"/threads/{thread.pk}/reply/?quote={question.pk}").content.decode()

    assert "&gt; **Grace Hopper** wrote" in html
    assert "&gt; Line one\n&gt; Line two" in html


def test_same_reply_twice_within_a_minute_makes_one_post(member_client):
    thread = make_thread(title="Double-clicked reply button")
    member_client.post(f"/threads/{thread.pk}/reply/", {"body": "Same words"})
    member_client.post(f"/threads/{thread.pk}/reply/", {"body": "Same words"})
    assert thread.posts.count() == 2


def test_posting_too_fast_gets_a_429_with_a_retry_hint_and_keeps_the_text(
    member_client, django_capture_on_commit_callbacks
):
    thread = make_thread(title="Rapid fire replies here")
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(f"/threads/{thread.pk}/reply/", {"body": "First reply"})

    response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "Second reply"})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15
    html = response.content.decode()
    assert "Please wait" in html and "Second reply</textarea>" in html
    assert thread.posts.count() == 2


def test_hourly_limit_applies_too(member_client, member, settings):
    settings.FORUM_POST_RATE_LIMITS = [(1, 1), (3, 3600)]
    thread = make_thread(title="Many replies in an hour")
    # Three replies earlier this hour, well past the one-second interval.
    for minutes in (40, 30, 20):
        post_reply(
            author=member,
            thread=thread,
            body=f"Reply from {minutes} minutes ago",
            created_at=timezone.now() - timedelta(minutes=minutes),
        )
    response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "Fourth"})
    assert response.status_code == 429
    # Room again when the reply of 40 minutes ago leaves the hour.
    assert 1190 <= int(response["Retry-After"]) <= 1200
    assert "Fourth</textarea>" in response.content.decode()


@pytest.mark.parametrize("replies", [0, 30])
def test_reply_post_runs_a_fixed_number_of_queries(
    member_client, django_assert_num_queries, replies
):
    thread = make_thread(title="Counting the queries of a reply", replies=replies)
    # Thread, session, member, confirmed address, the member's watch list (the confidentiality
    # guard checks the text before anything is written); then in one transaction (a savepoint):
    # the member's turn (a row lock, so one member's posts are decided one at a time), the
    # duplicate check, the member's recent post times (the posting limits), lock the thread
    # row, insert the post, update the thread's counters and the replier's (the member
    # directory's post count: one UPDATE by primary key), read the replier's notification
    # preferences and subscribe them (their first reply here: an UPDATE that finds no
    # subscription, the INSERT, and the thread's subscriber count). Blocked words come from the
    # cache (read once a minute; making the thread read them).
    with django_assert_num_queries(18):
        response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "Counted"})
    assert response.status_code == 302


# Editing and history


def test_author_edits_and_everyone_can_read_the_revisions(client, member):
    thread = make_thread(title="A question I will edit", author=member, body="First words")
    question = thread.posts.get(number=1)
    login_as(client, member)

    response = client.post(
        f"/posts/{question.pk}/edit/",
        {"title": "A question I have edited now", "body": "Better words"},
    )

    thread.refresh_from_db()
    assert response.status_code == 302
    assert thread.title == "A question I have edited now"
    assert thread.slug == "a-question-i-have-edited-now"
    client.logout()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Better words" in page and "edited" in page
    history = client.get(f"/posts/{question.pk}/history/").content.decode()
    assert "First words" in history and "Better words" in history
    assert "A question I will edit" in history
    old = client.get(f"/threads/{thread.pk}/a-question-i-will-edit/")
    assert old.status_code == 301 and old["Location"] == thread.get_absolute_url()


def test_someone_else_cannot_edit_or_delete_a_post(member_client):
    thread = make_thread(title="Not your question to edit")
    question = thread.posts.get(number=1)
    assert member_client.get(f"/posts/{question.pk}/edit/").status_code == 403
    assert member_client.post(f"/posts/{question.pk}/edit/", {"body": "x"}).status_code == 403
    assert member_client.post(f"/posts/{question.pk}/delete/").status_code == 403
    question.refresh_from_db()
    assert question.body != "x"


def test_visitor_editing_is_sent_to_log_in(client):
    thread = make_thread(title="Visitors cannot edit posts")
    question = thread.posts.get(number=1)
    response = client.get(f"/posts/{question.pk}/edit/")
    assert response["Location"] == f"/accounts/login/?next=/posts/{question.pk}/edit/"


def test_failed_edit_keeps_the_new_text(client, member):
    thread = make_thread(title="An edit that fails", author=member)
    question = thread.posts.get(number=1)
    login_as(client, member)
    response = client.post(f"/posts/{question.pk}/edit/", {"title": "short", "body": "New text"})
    assert response.status_code == 200
    assert "New text</textarea>" in response.content.decode()


def test_unedited_post_has_no_revisions_to_show(client):
    thread = make_thread(title="Never edited question")
    html = client.get(f"/posts/{thread.posts.get(number=1).pk}/history/").content.decode()
    assert "never been edited" in html


def test_editing_or_voting_on_missing_post_is_a_404(member_client):
    assert member_client.get("/posts/999999/edit/").status_code == 404
    assert member_client.post("/posts/999999/helpful/").status_code == 404


# Deleting


def test_author_deletes_a_reply_which_leaves_a_placeholder_and_its_number(client, member):
    thread = make_thread(title="A reply I regret writing")
    from forum.services import post_reply

    reply = post_reply(author=member, thread=thread, body="Regrettable words")
    post_reply(author=UserFactory(), thread=thread, body="A later reply")
    login_as(client, member)

    assert client.get(f"/posts/{reply.pk}/delete/").status_code == 200
    response = client.post(f"/posts/{reply.pk}/delete/")

    assert response.status_code == 302
    # Replying subscribed the member: they are sent on to the reply new to them.
    html = client.get(thread.get_absolute_url(), follow=True).content.decode()
    assert "Regrettable words" not in html
    assert "deleted by its author" in html and f'id="post-{reply.pk}"' in html
    thread.refresh_from_db()
    assert thread.reply_count == 1 and thread.last_number == 3


def test_an_author_deleting_their_hidden_reply_leaves_the_reply_count_as_hiding_left_it(
    client, member
):
    from moderation.services import post_set_hidden

    thread = make_thread(title="Hidden by a moderator, then deleted", replies=2)
    reply = post_reply(author=member, thread=thread, body="Words a moderator hid")
    post_set_hidden(post=reply, hidden=True, reason="Off-topic", moderator=None)
    thread.refresh_from_db()
    assert thread.reply_count == 2

    response = login_as(client, member).post(f"/posts/{reply.pk}/delete/")

    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.reply_count == 2
    assert "2 Replies</h2>" in client.get(thread.get_absolute_url(), follow=True).content.decode()


def test_question_with_replies_cannot_be_deleted_by_its_author(client, member):
    thread = make_thread(title="People answered this one", author=member, replies=1)
    login_as(client, member)
    response = client.post(f"/posts/{thread.posts.get(number=1).pk}/delete/")
    assert response.status_code == 403
    assert Thread.objects.filter(pk=thread.pk).exists()


def test_question_without_replies_can_be_deleted_with_its_thread(client, member):
    thread = make_thread(title="Nobody answered so delete", author=member)
    login_as(client, member)
    response = client.post(f"/posts/{thread.posts.get(number=1).pk}/delete/")
    assert response["Location"] == "/"
    assert not Thread.objects.filter(pk=thread.pk).exists()


# Helpful votes and accepted answers


def test_member_marks_a_reply_helpful_and_can_take_it_back(member_client):
    thread = make_thread(title="Vote on the helpful reply", replies=1)
    reply = thread.posts.get(number=2)

    member_client.post(f"/posts/{reply.pk}/helpful/")
    reply.refresh_from_db()
    assert reply.helpful_count == 1
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html

    member_client.post(f"/posts/{reply.pk}/helpful/")
    reply.refresh_from_db()
    assert reply.helpful_count == 0


def test_members_cannot_vote_for_their_own_reply_or_the_question(client, member):
    thread = make_thread(title="Voting for myself is not allowed")
    from forum.services import post_reply

    own = post_reply(author=member, thread=thread, body="My own reply")
    login_as(client, member)
    assert client.post(f"/posts/{own.pk}/helpful/").status_code == 403
    assert client.post(f"/posts/{thread.posts.get(number=1).pk}/helpful/").status_code == 403
    own.refresh_from_db()
    assert own.helpful_count == 0


def test_voting_by_get_is_not_allowed(member_client):
    thread = make_thread(title="GET must never change anything", replies=1)
    reply = thread.posts.get(number=2)
    assert member_client.get(f"/posts/{reply.pk}/helpful/").status_code == 405


def test_visitor_vote_is_sent_to_log_in(client):
    thread = make_thread(title="Visitors cannot vote here", replies=1)
    reply = thread.posts.get(number=2)
    response = client.post(f"/posts/{reply.pk}/helpful/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_asker_accepts_a_reply_which_is_shown_under_the_question_and_in_the_list(client, member):
    thread = make_thread(title="Which answer solved it?", author=member, replies=25)
    answer = thread.posts.get(number=24)
    login_as(client, member)

    response = client.post(f"/posts/{answer.pk}/accept/")

    thread.refresh_from_db()
    assert response.status_code == 302 and thread.accepted_post == answer
    page_one = client.get(thread.get_absolute_url(), {"page": 1}).content.decode()
    assert "Accepted answer" in page_one and f'href="/content/{answer.pk}/"' in page_one
    assert "Answered" in client.get("/").content.decode()


def test_only_the_asker_can_accept(member_client):
    thread = make_thread(title="Someone else asked this", replies=1)
    reply = thread.posts.get(number=2)
    assert member_client.post(f"/posts/{reply.pk}/accept/").status_code == 403
    thread.refresh_from_db()
    assert thread.accepted_post is None


def test_most_helpful_sort_puts_the_most_voted_reply_first(client):
    thread = make_thread(title="Sort replies by votes", replies=3)
    voters = [UserFactory() for _ in range(2)]
    favourite = thread.posts.get(number=3)
    for voter in voters:
        login_as(client, voter).post(f"/posts/{favourite.pk}/helpful/")
    response = client.get(thread.get_absolute_url(), {"sort": "helpful"})
    assert response.context["replies"][0] == favourite


# Hostile input


def test_hostile_markdown_and_html_are_neutralised_in_body_title_and_tags(member_client, forum):
    ask(
        member_client,
        forum,
        title='<script>alert("t")</script> estimating question',
        body='<script>alert("b")</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>'
        " [d](data:text/html;base64,PHNjcmlwdD4=)",
        tags="Estimating, C# & .NET",
    )
    thread = Thread.objects.get()
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html and 'href="data:' not in html
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; estimating question" in html


def test_forum_list_is_offered_in_the_ask_form(member_client, forum):
    Forum.objects.create(name="Careers and Certification", slug="careers")
    html = member_client.get("/threads/new/").content.decode()
    assert "Careers and Certification" in html and "Project Management" in html


def test_member_without_a_confirmed_address_cannot_post(client):
    unconfirmed = UserFactory(verified=False)
    thread = make_thread(title="Confirm before you reply")
    client.force_login(unconfirmed)
    for response in (
        client.get("/threads/new/"),
        client.post(f"/threads/{thread.pk}/reply/", {"body": "Let me in"}),
    ):
        assert response.status_code == 403
        assert "Confirm your e-mail address first" in response.content.decode()
    assert thread.posts.count() == 1
