import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from forum.models import Post, Thread
from forum.services import post_reply
from moderation.models import BlockedWord, Flag, LogEntry
from tests.factories import ForumFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_migration_creates_the_moderators_group():
    assert Group.objects.filter(name="Moderators").exists()


def test_member_reports_a_post_and_moderators_see_it_in_the_queue(moderator):
    thread = make_thread(title="A reply that is an advert", replies=1)
    reply = thread.posts.get(number=2)
    reporter = UserFactory(display_name="Ravi Reporter")

    form = client_for(reporter).get(f"/posts/{reply.pk}/flag/")
    assert "Report this post to the moderators" in form.content.decode()
    response = client_for(reporter).post(
        f"/posts/{reply.pk}/flag/", {"reason": "spam", "note": "Sells timesheet software"}
    )

    assert response.status_code == 302
    queue = client_for(moderator).get("/moderation/").content.decode()
    assert "A reply that is an advert" in queue and "1 open report" in queue
    assert "Ravi Reporter" in queue and "Sells timesheet software" in queue


def test_reporting_twice_or_ones_own_post_is_answered_harmlessly(client):
    author = UserFactory()
    thread = make_thread(title="Reported more than once here", author=author, replies=1)
    reply = thread.posts.get(number=2)
    reporter = client_for(UserFactory())
    reporter.post(f"/posts/{reply.pk}/flag/", {"reason": "spam"})
    second = reporter.post(f"/posts/{reply.pk}/flag/", {"reason": "spam"}, follow=True)
    own = client_for(author).post(
        f"/posts/{thread.posts.get(number=1).pk}/flag/", {"reason": "other"}, follow=True
    )
    assert "already reported this post" in second.content.decode()
    assert "cannot report your own post" in own.content.decode()
    assert Flag.objects.count() == 1


def test_a_report_without_a_reason_gets_an_error(member_client):
    thread = make_thread(title="Report needs a reason", replies=1)
    response = member_client.post(f"/posts/{thread.posts.get(number=2).pk}/flag/", {})
    assert response.status_code == 200
    assert "Please choose what is wrong" in response.content.decode()
    assert not Flag.objects.exists()


def test_three_reports_hide_a_post_until_a_moderator_dismisses_them(client, moderator):
    thread = make_thread(title="Three reports hide a post", replies=2)
    reply = thread.posts.get(number=2)
    for _ in range(3):
        client_for(UserFactory()).post(f"/posts/{reply.pk}/flag/", {"reason": "abusive"})

    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.is_hidden and thread.reply_count == 1
    assert (
        "Reply number 2 with advice." not in client.get(thread.get_absolute_url()).content.decode()
    )
    assert LogEntry.objects.filter(action="auto_hide", post=reply).exists()

    client_for(moderator).post(f"/moderation/posts/{reply.pk}/resolve/", {"decision": "dismiss"})

    reply.refresh_from_db()
    thread.refresh_from_db()
    assert not reply.is_hidden and thread.reply_count == 2
    assert "Reply number 2 with advice." in client.get(thread.get_absolute_url()).content.decode()
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()


def test_hidden_post_shows_its_reason_to_the_author_and_moderators_only(client, moderator):
    author = UserFactory()
    thread = make_thread(title="Hidden reply with a reason")
    reply = post_reply(author=author, thread=thread, body="Buy my course now")
    client_for(moderator).post(f"/posts/{reply.pk}/hide/", {"reason": "Advertising"})

    as_author = client_for(author).get(thread.get_absolute_url()).content.decode()
    as_moderator = client_for(moderator).get(thread.get_absolute_url()).content.decode()
    as_visitor = client.get(thread.get_absolute_url()).content.decode()
    as_member = client_for(UserFactory()).get(thread.get_absolute_url()).content.decode()

    for page in (as_author, as_moderator):
        assert "Buy my course now" in page and "Hidden: Advertising" in page
    for page in (as_visitor, as_member):
        assert "Buy my course now" not in page and "hidden by a moderator" in page


def test_hidden_content_disappears_from_lists_counts_and_member_pages(client, moderator):
    author = UserFactory(username="hidden_hal")
    thread = make_thread(title="A thread a moderator hides", author=author)
    reply_thread = make_thread(title="A thread whose reply is hidden")
    reply = post_reply(author=author, thread=reply_thread, body="Hidden reply text")
    moderate = client_for(moderator)
    moderate.post(f"/threads/{thread.pk}/hide/", {"reason": "Duplicate question"})
    moderate.post(f"/posts/{reply.pk}/hide/", {"reason": "Rude"})
    cache.clear()

    home = client.get("/").content.decode()
    assert "A thread a moderator hides" not in home
    assert client.get(thread.get_absolute_url()).status_code == 404
    member_page = client.get("/members/hidden_hal/").content.decode()
    assert (
        "A thread a moderator hides" not in member_page and "Hidden reply text" not in member_page
    )
    reply_thread.refresh_from_db()
    assert reply_thread.reply_count == 0
    tag_page = client.get("/tags/estimating/").content.decode()
    assert "A thread a moderator hides" not in tag_page
    as_author = client_for(author).get(thread.get_absolute_url())
    assert as_author.status_code == 200 and "Duplicate question" in as_author.content.decode()


def test_lock_pin_move_and_retag_from_the_thread_page(moderator):
    thread = make_thread(title="Moderators tidy this thread")
    make_thread(title="A newer thread above it")
    careers = ForumFactory(name="Careers", slug="careers")
    moderate = client_for(moderator)
    page = moderate.get(thread.get_absolute_url()).content.decode()
    assert "Moderator tools" in page

    moderate.post(f"/threads/{thread.pk}/lock/")
    moderate.post(f"/threads/{thread.pk}/pin/")
    moderate.post(f"/threads/{thread.pk}/move/", {"forum": careers.pk})
    moderate.post(f"/threads/{thread.pk}/tags/", {"tags": "Risk, contracts"})

    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned and thread.forum == careers
    assert sorted(t.name for t in thread.tags.all()) == ["Risk", "contracts"]
    cache.clear()
    assert Client().get("/").context["threads"][0] == thread
    actions = list(LogEntry.objects.values_list("action", flat=True))
    assert {"lock", "pin", "move", "retag"} <= set(actions)


def test_bad_tags_from_a_moderator_change_nothing(moderator):
    thread = make_thread(title="Retag with bad values", tags=("Risk",))
    response = client_for(moderator).post(
        f"/threads/{thread.pk}/tags/", {"tags": "a, b, c, d, e, f"}, follow=True
    )
    assert "at most 5 tags" in response.content.decode()
    assert [t.name for t in thread.tags.all()] == ["Risk"]


def test_members_get_a_403_on_moderator_pages(member_client):
    assert member_client.get("/moderation/").status_code == 403
    assert member_client.get("/moderation/log/").status_code == 403


def test_the_log_lists_what_moderators_did(moderator):
    thread = make_thread(title="Logged moderator action here")
    moderate = client_for(moderator)
    moderate.post(f"/threads/{thread.pk}/lock/", {"reason": "Heated"})
    page = moderate.get("/moderation/log/").content.decode()
    assert "Locked a thread" in page and "Maria Moderator" in page and "Heated" in page


def test_acting_on_something_already_hidden_is_harmless(moderator):
    thread = make_thread(title="Hide an already hidden reply", replies=1)
    reply = thread.posts.get(number=2)
    moderate = client_for(moderator)
    moderate.post(f"/moderation/posts/{reply.pk}/resolve/", {"decision": "hide"})
    again = moderate.post(
        f"/moderation/posts/{reply.pk}/resolve/", {"decision": "hide"}, follow=True
    )
    assert again.status_code == 200
    assert "already handled" in again.content.decode()
    thread.refresh_from_db()
    assert thread.reply_count == 0


# Suspension


def test_suspended_member_is_told_why_and_until_when(suspended):
    thread = make_thread(title="Suspended members only read")
    client = client_for(suspended)
    for response in (
        client.get("/threads/new/"),
        client.post(f"/threads/{thread.pk}/reply/", {"body": "Let me post"}),
        client.post(f"/threads/{thread.pk}/subscribe/"),
    ):
        html = response.content.decode()
        assert response.status_code == 403
        assert "Your account is suspended" in html
        assert "Repeated off-topic advertising" in html
    assert thread.posts.count() == 1


def test_moderator_suspends_a_member_and_lifts_it(moderator):
    member = UserFactory(username="to_suspend")
    moderate = client_for(moderator)
    assert moderate.get("/members/to_suspend/suspend/").status_code == 200
    moderate.post("/members/to_suspend/suspend/", {"until": "2099-01-01T09:00", "reason": "Spam"})
    member.refresh_from_db()
    assert member.is_suspended and member.suspension_reason == "Spam"
    moderate.post("/members/to_suspend/suspend/", {"until": "", "reason": ""})
    member.refresh_from_db()
    assert not member.is_suspended
    assert set(LogEntry.objects.values_list("action", flat=True)) == {"suspend", "unsuspend"}


def test_a_suspension_in_the_past_is_refused_with_a_message(moderator):
    UserFactory(username="not_past")
    response = client_for(moderator).post(
        "/members/not_past/suspend/", {"until": "2001-01-01T09:00", "reason": "x"}
    )
    assert response.status_code == 200 and "in the future" in response.content.decode()


# New members, honeypot, blocked words


def test_new_members_may_post_at_most_two_links(member_client, seasoned):
    thread = make_thread(title="Links from new members")
    body = "See https://a.example and https://b.example and [c](https://c.example)"
    response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": body})
    html = response.content.decode()
    assert response.status_code == 200
    assert "at most 2 links" in html and "https://c.example)</textarea>" in html
    assert thread.posts.count() == 1

    ok = client_for(seasoned).post(f"/threads/{thread.pk}/reply/", {"body": body})
    assert ok.status_code == 302 and thread.posts.count() == 2


def test_two_links_are_fine_for_a_new_member(member_client):
    thread = make_thread(title="Two links are allowed")
    body = "See https://a.example and https://b.example"
    assert member_client.post(f"/threads/{thread.pk}/reply/", {"body": body}).status_code == 302


def test_honeypot_filled_in_posts_nothing(member_client):
    thread = make_thread(title="Bots fill every field")
    response = member_client.post(
        f"/threads/{thread.pk}/reply/", {"body": "Great post", "website": "http://spam.example"}
    )
    assert response.status_code == 200
    assert "could not be accepted" in response.content.decode()
    assert thread.posts.count() == 1


def test_blocked_words_hold_a_post_for_review(client, member, moderator):
    BlockedWord.objects.create(phrase="cheap pills")
    thread = make_thread(title="Blocked words are held")
    response = client_for(member).post(
        f"/threads/{thread.pk}/reply/", {"body": "Buy CHEAP pills here"}, follow=True
    )
    held = Post.objects.get(thread=thread, number=2)
    assert held.is_hidden
    assert "waiting for a moderator" in response.content.decode()
    assert "Buy CHEAP pills here" not in client.get(thread.get_absolute_url()).content.decode()
    queue = client_for(moderator).get("/moderation/").content.decode()
    assert "Held automatically: contains a blocked word" in queue
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_a_question_with_blocked_words_waits_hidden(member):
    BlockedWord.objects.create(phrase="casino")
    forum = ForumFactory()
    client_for(member).post(
        "/threads/new/",
        {
            "title": "Best casino for team outings?",
            "body": "Any ideas",
            "forum": forum.pk,
            "tags": "Risk",
            "context": "general",
        },
    )
    thread = Thread.objects.get()
    assert thread.is_hidden
    assert Client().get(thread.get_absolute_url()).status_code == 404
    assert client_for(member).get(thread.get_absolute_url()).status_code == 200
