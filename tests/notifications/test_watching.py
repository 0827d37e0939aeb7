"""Watching levels, per thread (Watching, Tracking, Normal, Muted) and per tag (Watching first
post, Watching, Muted): which notice appears and which mail arrives for each kind of event
(a reply, a reply to one's post, a mention, a new question in a tag); muted threads and tags
leave the member's lists and no one else's; the header's count and the "new" markers agree
with the pages; the menus and the old e-mail links."""

from __future__ import annotations

import re
from email.header import decode_header, make_header

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from forum.models import Tag, Thread
from notifications.digest import pending_digest_recipients
from notifications.models import Notification, Preferences, Subscription, TagFollow
from notifications.tokens import unsubscribe_token
from tests.factories import ForumFactory, UserFactory, make_quiet_thread, make_thread

pytestmark = pytest.mark.django_db

HEADER_BADGE = re.compile(r'class="badge badge--count">(\d+)<span class="visually-hidden"> unread')
JSON = {"Accept": "application/json"}


@pytest.fixture
def posting(django_capture_on_commit_callbacks, settings):
    """post(client, url, data): a form sent as a member, with what its commit queues (the
    fan-out tasks: tasks run at once in tests) run too."""
    settings.FORUM_POST_RATE_LIMITS = [(100, 1)]

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    return post


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def member(name: str, **preferences) -> tuple[User, Client]:
    user = UserFactory(username=name)
    if preferences:
        Preferences.objects.create(user=user, **preferences)
    return user, logged_in(user)


def set_thread_level(client: Client, thread: Thread, level: str) -> None:
    response = client.post(f"/threads/{thread.pk}/watch/", {"level": level})
    assert response.status_code == 302, response.content.decode()[:2000]


def set_tag_level(client: Client, slug: str, level: str) -> None:
    response = client.post(f"/tags/{slug}/watch/", {"level": level})
    assert response.status_code == 302, response.content.decode()[:2000]


def notices(user: User) -> dict[int, str]:
    """The member's notices as the notifications page lists them: post id -> kind."""
    return dict(Notification.objects.filter(recipient=user).values_list("post_id", "kind"))


def mail_to(user: User) -> list[str]:
    return [
        str(make_header(decode_header(message.subject))).removeprefix(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
        )
        for message in mail.outbox
        if message.to == [user.email]
    ]


def header_count(html: str) -> int:
    found = HEADER_BADGE.search(html)
    return int(found.group(1)) if found else 0


def checked(html: str, prefix: str) -> str | None:
    """The level whose radio button is checked in a watching menu."""
    found = re.search(rf'value="(\w+)" id="{prefix}-\w+" [^>]*checked', html)
    return found.group(1) if found else None


def reply_url(thread: Thread) -> str:
    return f"/threads/{thread.pk}/reply/"


def latest_post_id(thread: Thread) -> int:
    return thread.posts.order_by("-number").values_list("pk", flat=True).first()


@pytest.fixture
def levels(posting):
    """A thread and four members, one at each level. The Normal and Tracking members each
    wrote a reply before, so that later replies can quote them."""
    thread = make_quiet_thread(title="Four members, four levels")
    people = {name: member(name) for name in ("watcher", "tracker", "normal", "muter")}
    for name in ("normal", "tracker"):
        # Their replies would make them Watching; their settings keep them at Normal.
        Preferences.objects.create(user=people[name][0], subscribe_on_reply=False)
        posting(people[name][1], reply_url(thread), {"body": f"An earlier reply by {name}."})
    set_thread_level(people["watcher"][1], thread, "watching")
    set_thread_level(people["tracker"][1], thread, "tracking")
    set_thread_level(people["muter"][1], thread, "muted")
    _replier, replier_client = member("replier", subscribe_on_reply=False)
    mail.outbox.clear()
    return {
        "thread": thread,
        **{name: user for name, (user, _client) in people.items()},
        "clients": {name: client for name, (_user, client) in people.items()},
        "replier": replier_client,
    }


# A reply


def test_a_reply_tells_watching_by_notice_and_mail_tracking_by_notice_only(levels, posting):
    thread = levels["thread"]
    posting(levels["replier"], reply_url(thread), {"body": "A plain reply for everyone."})
    reply = latest_post_id(thread)

    assert notices(levels["watcher"]) == {reply: "reply"}
    assert mail_to(levels["watcher"]) == [f"Re: {thread.title}"]
    assert notices(levels["tracker"]) == {reply: "reply"}
    assert mail_to(levels["tracker"]) == []
    assert notices(levels["normal"]) == {}
    assert mail_to(levels["normal"]) == []
    assert notices(levels["muter"]) == {}
    assert mail_to(levels["muter"]) == []


def test_a_reply_to_a_post_tells_its_normal_author_by_notice_and_mail(levels, posting):
    thread = levels["thread"]
    quoted = thread.posts.get(author=levels["normal"])
    body = f"> **Normal** wrote ([#{quoted.pk}](/content/{quoted.pk}/)):\n>\n> Earlier\n\nAgreed."
    posting(levels["replier"], reply_url(thread), {"body": body})
    reply = latest_post_id(thread)

    assert notices(levels["normal"]) == {reply: "quote"}
    assert mail_to(levels["normal"]) == [f"Re: {thread.title}"]
    # The mail's one-click link stops reply mail altogether: the thread has no watch to end.
    [message] = [m for m in mail.outbox if m.to == [levels["normal"].email]]
    assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    page = levels["clients"]["normal"].get("/notifications/").content.decode()
    assert "replied to your post in" in page


def test_a_reply_to_a_tracking_members_post_is_a_notice_without_mail(levels, posting):
    thread = levels["thread"]
    quoted = thread.posts.get(author=levels["tracker"])
    posting(
        levels["replier"], reply_url(thread), {"body": f"[Tracker wrote](/content/{quoted.pk}/)"}
    )

    assert notices(levels["tracker"]) == {latest_post_id(thread): "quote"}
    assert mail_to(levels["tracker"]) == []


def test_a_reply_to_a_muting_members_post_tells_them_nothing(levels, posting):
    thread = levels["thread"]
    muter = levels["muter"]
    Preferences.objects.create(user=muter, subscribe_on_reply=False)
    posting(levels["clients"]["muter"], reply_url(thread), {"body": "Said before muting."})
    mine = latest_post_id(thread)
    posting(levels["replier"], reply_url(thread), {"body": f"[Muter wrote](/content/{mine}/)"})

    assert notices(muter) == {}
    assert mail_to(muter) == []


# A mention


def test_a_mention_tells_every_level_but_muted(levels, posting):
    thread = levels["thread"]
    body = "Thoughts, @watcher @tracker @normal @muter?"
    posting(levels["replier"], reply_url(thread), {"body": body})
    reply = latest_post_id(thread)

    for name in ("watcher", "tracker", "normal"):
        assert notices(levels[name]) == {reply: "mention"}, name
        assert len(mail_to(levels[name])) == 1, name
        assert "mentioned you" in mail_to(levels[name])[0], name
    assert notices(levels["muter"]) == {}
    assert mail_to(levels["muter"]) == []


# A new question in a tag


def ask(posting, client, title: str, tags: str) -> Thread:
    forum = ForumFactory(name="Project Management", slug="project-management")
    posting(
        client,
        "/threads/new/",
        {
            "title": title,
            "body": "The details of the question.",
            "forum": forum.pk,
            "tags": tags,
            "context": "client",
        },
    )
    return Thread.objects.get(title=title)


@pytest.fixture
def tag_levels():
    """Members at each tag level of "Estimating" (made by a first thread with the tag)."""
    make_thread(title="The tag's first thread", tags=("Estimating", "Risk"))
    people = {
        name: member(name)
        for name in ("first_post", "all_posts", "untagged", "tag_muter", "both", "asker")
    }
    set_tag_level(people["first_post"][1], "estimating", "first_post")
    set_tag_level(people["all_posts"][1], "estimating", "watching")
    set_tag_level(people["tag_muter"][1], "estimating", "muted")
    # Watches one tag of the question and mutes another: the mute wins.
    set_tag_level(people["both"][1], "estimating", "watching")
    set_tag_level(people["both"][1], "risk", "muted")
    mail.outbox.clear()
    return {name: user for name, (user, _client) in people.items()} | {
        "clients": {name: client for name, (_user, client) in people.items()}
    }


def test_a_new_question_tells_those_who_watch_its_tag(tag_levels, posting):
    thread = ask(
        posting, tag_levels["clients"]["asker"], "Estimating a new question", "Estimating, Risk"
    )
    question = thread.posts.get(number=1).pk

    for name in ("first_post", "all_posts"):
        assert notices(tag_levels[name]) == {question: "question"}, name
        assert mail_to(tag_levels[name]) == [f"New question in Estimating: {thread.title}"], name
    for name in ("untagged", "tag_muter", "both"):
        assert notices(tag_levels[name]) == {}, name
        assert mail_to(tag_levels[name]) == [], name


def test_replies_in_a_watched_tag_tell_its_watchers_only(tag_levels, posting):
    thread = ask(posting, tag_levels["clients"]["asker"], "A thread to reply in", "Estimating")
    mail.outbox.clear()
    _replier, replier_client = member("tag_replier", subscribe_on_reply=False)
    posting(replier_client, reply_url(thread), {"body": "First reply in the tag."})
    first = latest_post_id(thread)
    posting(replier_client, reply_url(thread), {"body": "Second reply in the tag."})
    second = latest_post_id(thread)

    watcher = tag_levels["all_posts"]
    assert notices(watcher) == {
        thread.posts.get(number=1).pk: "question",
        first: "reply",
        second: "reply",
    }
    # One mail until they visit, as for a watched thread; the link stops the tag.
    assert mail_to(watcher) == [f"Re: {thread.title}"]
    [message] = [m for m in mail.outbox if m.to == [watcher.email]]
    tag = Tag.objects.get(slug="estimating")
    token = unsubscribe_token(user_id=watcher.pk, tag_id=tag.pk)
    assert token in message.extra_headers["List-Unsubscribe"]
    assert set(notices(tag_levels["first_post"]).values()) == {"question"}
    assert notices(tag_levels["tag_muter"]) == {}


def test_a_muted_tag_still_tells_of_a_thread_the_member_watches(tag_levels, posting):
    thread = make_quiet_thread(title="Muted tag, watched thread", tags=("Estimating",))
    muter, muter_client = tag_levels["tag_muter"], tag_levels["clients"]["tag_muter"]
    _replier, replier_client = member("tag_replier", subscribe_on_reply=False)
    posting(replier_client, reply_url(thread), {"body": "Before watching, @tag_muter."})
    assert notices(muter) == {}

    set_thread_level(muter_client, thread, "watching")
    posting(replier_client, reply_url(thread), {"body": "After watching."})
    assert notices(muter) == {latest_post_id(thread): "reply"}
    assert mail_to(muter) == [f"Re: {thread.title}"]


# The digest and changes of mind


def test_tracked_threads_never_reach_the_daily_digest(posting):
    thread = make_quiet_thread(title="Tracked, daily digest")
    tracker, tracker_client = member("daily_tracker", email_frequency="daily")
    watcher, watcher_client = member("daily_watcher", email_frequency="daily")
    set_thread_level(tracker_client, thread, "tracking")
    set_thread_level(watcher_client, thread, "watching")
    _replier, replier_client = member("replier", subscribe_on_reply=False)
    posting(replier_client, reply_url(thread), {"body": "Worth a digest?"})

    from django.utils import timezone

    due = set(pending_digest_recipients(timezone.localdate()).values_list("pk", flat=True))
    assert watcher.pk in due and tracker.pk not in due
    assert notices(tracker) and mail.outbox == []


def test_muting_after_the_fan_out_stops_the_mail_still_waiting(levels, posting, settings):
    thread = levels["thread"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    posting(levels["replier"], reply_url(thread), {"body": "Queued, not yet sent."})
    set_thread_level(levels["clients"]["watcher"], thread, "muted")

    from notifications.tasks import notify_reply

    notify_reply.call(latest_post_id(thread))
    assert mail_to(levels["watcher"]) == []
    # Muting read the notice: the header counts nothing the member asked not to hear about.
    page = levels["clients"]["watcher"].get("/").content.decode()
    assert header_count(page) == 0


# The header's count and the "new" markers


@pytest.mark.parametrize(
    "level,counted,marked",
    [("watching", 1, True), ("tracking", 1, True), ("normal", 0, False), ("muted", 0, False)],
)
def test_count_and_new_markers_agree_with_the_pages_at_each_level(posting, level, counted, marked):
    thread = make_quiet_thread(title=f"Counting at {level}")
    _reader, reader_client = member(f"reader_{level}")
    set_thread_level(reader_client, thread, level)
    _replier, replier_client = member("replier", subscribe_on_reply=False)
    posting(replier_client, reply_url(thread), {"body": "Is this new to you?"})

    home = reader_client.get("/").content.decode()
    listed = reader_client.get("/notifications/").content.decode()
    subscriptions = reader_client.get("/subscriptions/").content.decode()
    assert header_count(home) == counted
    assert listed.count("notice--unread") == counted
    assert ("New replies" in subscriptions) is marked

    page = reader_client.get(thread.get_absolute_url(), follow=True)
    html = page.content.decode()
    assert ('id="new"' in html) is marked
    assert header_count(html) == 0
    assert header_count(reader_client.get("/").content.decode()) == 0
    assert "New replies" not in reader_client.get("/subscriptions/").content.decode()


# Lists


def test_a_muted_thread_leaves_the_members_lists_only(posting, settings):
    settings.PAGE_CACHE_SECONDS = 60  # lists shared between readers: nothing may leak
    muted = make_thread(title="A thread I have muted", tags=("Estimating",))
    kept = make_thread(title="A thread I still read", tags=("Estimating",))
    _muter, muter_client = member("muter")
    _other, other_client = member("other")
    visitor = Client()
    addresses = ["/", muted.forum.get_absolute_url(), "/tags/estimating/"]
    for address in addresses:  # everyone's lists are cached before the muting
        for client in (muter_client, other_client, visitor):
            assert muted.title in client.get(address).content.decode()

    set_thread_level(muter_client, muted, "muted")

    for address in addresses:
        html = muter_client.get(address).content.decode()
        assert muted.title not in html and kept.title in html, address
        assert muted.title in other_client.get(address).content.decode(), address
        assert muted.title in visitor.get(address).content.decode(), address
    # Still reachable by its address, with its menu saying Muted.
    page = muter_client.get(muted.get_absolute_url()).content.decode()
    assert checked(page, "watch-thread") == "muted"

    set_thread_level(muter_client, muted, "normal")
    assert muted.title in muter_client.get("/").content.decode()


def test_a_muted_tag_hides_its_threads_but_not_on_its_own_page(posting):
    tagged = make_thread(title="Tagged with a muted tag", tags=("Risk",))
    other = make_thread(title="Tagged with something else", tags=("Estimating",))
    _muter, client = member("tag_muter")
    set_tag_level(client, "risk", "muted")

    home = client.get("/").content.decode()
    assert tagged.title not in home and other.title in home
    tag_page = client.get("/tags/risk/").content.decode()
    assert tagged.title in tag_page and checked(tag_page, "watch-tag") == "muted"


def test_muting_costs_the_lists_one_query_at_most(django_assert_num_queries):
    thread = make_thread(title="Muted for the count", tags=("Estimating",))
    make_thread(title="Left in the list", tags=("Estimating",))
    _quiet, quiet_client = member("mutes_nothing")
    muter, muter_client = member("mutes_one")
    for client in (quiet_client, muter_client):
        client.get("/")  # the counts shared by all lists are cached now

    def queries(client, address) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured.captured_queries)

    before = {address: queries(quiet_client, address) for address in ("/", "/tags/estimating/")}
    Subscription.objects.create(user=muter, thread=thread, level="muted")
    for address, count in before.items():
        # The muted list's own counts are not cached yet: count on a second view.
        queries(muter_client, address)
        assert queries(muter_client, address) <= count + 1, address
    # A member who mutes nothing pays nothing: whether they mute is loaded with them.
    with django_assert_num_queries(before["/"]):
        quiet_client.get("/")


# The menus


def test_the_thread_menu_shows_and_sets_each_level(member_client, member):
    thread = make_quiet_thread(title="Choose a level")
    html = member_client.get(thread.get_absolute_url()).content.decode()
    assert checked(html, "watch-thread") == "normal"
    for text in ("Watching", "Tracking", "Normal", "Muted", "never e-mail", "leaves your lists"):
        assert text in html
    for level in ("watching", "tracking", "muted", "normal"):
        response = member_client.post(
            f"/threads/{thread.pk}/watch/", {"level": level, "next": thread.get_absolute_url()}
        )
        assert response["Location"] == thread.get_absolute_url()
        html = member_client.get(thread.get_absolute_url()).content.decode()
        assert checked(html, "watch-thread") == level
    assert not Subscription.objects.filter(user=member).exists()  # Normal keeps no row


def test_the_members_subscribed_count_counts_watching_and_tracking(member_client):
    thread = make_quiet_thread(title="Counting the subscribed")
    for level, expected in (
        ("watching", 1),
        ("tracking", 1),
        ("muted", 0),
        ("tracking", 1),
        ("normal", 0),
    ):
        member_client.post(f"/threads/{thread.pk}/watch/", {"level": level})
        assert Thread.objects.get(pk=thread.pk).subscriber_count == expected, level


def test_a_script_gets_the_new_level_as_json(member_client, member):
    thread = make_quiet_thread(title="Level by script")
    response = member_client.post(
        f"/threads/{thread.pk}/watch/", {"level": "tracking"}, headers=JSON
    )
    assert response.json() == {
        "level": "tracking",
        "message": "You are tracking this thread: every reply, by notice only.",
    }
    response = member_client.post("/tags/estimating/watch/", {"level": "watching"}, headers=JSON)
    assert response.json()["level"] == "watching"
    assert TagFollow.objects.get(user=member).level == "watching"


def test_an_unknown_level_is_refused_next_to_the_choices(member_client, member):
    thread = make_quiet_thread(title="A level that does not exist")
    response = member_client.post(f"/threads/{thread.pk}/watch/", {"level": "loud"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose one of the levels." in html and 'name="level"' in html
    assert not Subscription.objects.filter(user=member).exists()
    assert member_client.post("/tags/nope/watch/", {"level": "muted"}).status_code == 404


def test_the_menu_page_works_without_the_thread_page(member_client):
    thread = make_quiet_thread(title="Menu on its own page")
    response = member_client.get(f"/threads/{thread.pk}/watch/")
    assert response.status_code == 200
    assert checked(response.content.decode(), "watch-thread") == "normal"
    assert Client().get(f"/threads/{thread.pk}/watch/")["Location"].startswith("/accounts/login/")


def test_the_subscriptions_page_changes_levels(member_client, member):
    thread = make_quiet_thread(title="Changed from the list")
    member_client.post(f"/threads/{thread.pk}/watch/", {"level": "watching"})
    member_client.post("/tags/estimating/watch/", {"level": "muted"})
    html = member_client.get("/subscriptions/").content.decode()
    assert "Changed from the list" in html and "Estimating" in html
    assert '<option value="muted" selected>Muted</option>' in html

    response = member_client.post(
        f"/threads/{thread.pk}/watch/", {"level": "tracking", "next": "/subscriptions/"}
    )
    assert response["Location"] == "/subscriptions/"
    html = member_client.get("/subscriptions/").content.decode()
    assert '<option value="tracking" selected>Tracking</option>' in html


# Links in mails sent before the levels


def test_an_old_unsubscribe_link_sets_the_thread_back_to_normal(member):
    thread = make_quiet_thread(title="Unsubscribed from a mail")
    Subscription.objects.create(user=member, thread=thread, level="watching")
    token = unsubscribe_token(user_id=member.pk, thread_id=thread.pk)
    page = Client().get(f"/unsubscribe/{token}/").content.decode()
    assert "goes back to Normal" in page
    assert Subscription.objects.filter(user=member).exists()  # a GET changes nothing

    done = Client().post(f"/unsubscribe/{token}/").content.decode()  # RFC 8058 one-click
    assert "back to Normal" in done
    assert not Subscription.objects.filter(user=member).exists()


def test_an_old_tag_link_stops_watching_the_tag(member):
    TagFollow.objects.create(
        user=member, tag=Tag.objects.get_or_create(name="Risk", slug="risk")[0]
    )
    token = unsubscribe_token(user_id=member.pk, tag_id=Tag.objects.get(slug="risk").pk)
    assert "no longer watch" in Client().post(f"/unsubscribe/{token}/").content.decode()
    assert not TagFollow.objects.filter(user=member).exists()


def test_a_deleted_account_takes_only_its_counted_levels_from_the_count():
    watched = make_quiet_thread(title="Watched by the leaver")
    muted = make_quiet_thread(title="Muted by the leaver")
    _stayer, stayer_client = member("stayer")
    set_thread_level(stayer_client, muted, "watching")
    leaver, leaver_client = member("leaver")
    set_thread_level(leaver_client, watched, "watching")
    set_thread_level(leaver_client, muted, "muted")
    assert Thread.objects.get(pk=muted.pk).subscriber_count == 1

    leaver_client.post("/accounts/delete/", {"password": "correct-horse-battery"})

    assert not User.objects.filter(pk=leaver.pk).exists()
    assert Thread.objects.get(pk=watched.pk).subscriber_count == 0
    assert Thread.objects.get(pk=muted.pk).subscriber_count == 1  # the stayer's watch


def test_each_reply_mail_says_why_it_came_and_stops_that(levels, tag_levels, posting):
    """A watched thread's mail stops the thread; a watched tag's, the tag; a reply to one's
    post, reply mail altogether: each mail's text names the link it carries."""
    thread = levels["thread"]
    quoted = thread.posts.get(author=levels["normal"])
    posting(
        levels["replier"], reply_url(thread), {"body": f"[Normal wrote](/content/{quoted.pk}/)"}
    )
    by_member = {message.to[0]: message for message in mail.outbox}
    watched = by_member[levels["watcher"].email]
    assert "Stop hearing about this thread: " in watched.body
    answered = by_member[levels["normal"].email]
    assert "It answers a post of yours." in answered.body
    assert "Stop all reply e-mails: " in answered.body

    tagged = make_quiet_thread(title="A thread in a watched tag", tags=("Estimating",))
    mail.outbox.clear()
    posting(levels["replier"], reply_url(tagged), {"body": "For the tag's watchers."})
    [tag_mail] = [m for m in mail.outbox if m.to == [tag_levels["all_posts"].email]]
    assert "You watch Estimating, a tag of this thread." in tag_mail.body
    assert "Stop watching Estimating: " in tag_mail.body
