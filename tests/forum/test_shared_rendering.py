"""Member pages built from shared parts still read right for each reader and never go stale.

A thread page's posts are cached content inside per-shape frames (forum/post_rendering.py);
thread lists and thread pages are shared between readers under the page-cache version
(forum/fragments.py shared_value). These tests look at the pages people get.
"""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from forum.models import Post
from forum.services import post_reply
from tests.factories import ForumFactory, UserFactory, make_moderator, make_thread

pytestmark = pytest.mark.django_db

# What a frame carries until it is served: no page may ever show them.
STAND_INS = ("8172635445362718", "8172635445362719", "\x00")


@pytest.fixture
def shared(settings):
    """Shared caching on, as with Redis: lists and thread pages are kept per page version."""
    settings.PAGE_CACHE_SECONDS = 60


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def moderator_user(**fields):
    user = UserFactory(**fields)
    make_moderator(user)
    return user


def page(client: Client, thread) -> str:
    # A subscriber (the asker, a replier) is sent on to the first reply new to them.
    response = client.get(thread.get_absolute_url(), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    for stand_in in STAND_INS:
        assert stand_in not in html
    return html


def article(html: str, post) -> str:
    """The <article> of one post on a page."""
    found = re.search(rf'<article [^>]*id="post-{post.pk}".*?</article>', html, re.DOTALL)
    assert found, f"post {post.pk} is not on the page"
    return found[0]


def form_to(post, action: str) -> str:
    """A form posting to /posts/<id>/<action>/ (helpful, accept, hide)."""
    return f'action="/posts/{post.pk}/{action}/"'


def link_to(post, action: str) -> str:
    """A link to /posts/<id>/<action>/ (edit, delete, flag)."""
    return f'href="/posts/{post.pk}/{action}/"'


def quote_link(thread, post) -> str:
    return f'href="/threads/{thread.pk}/reply/?quote={post.pk}#reply"'


# 1. Buttons stay personal although frames are shared


@pytest.mark.parametrize("page_cache_seconds", [0, 60])
def test_each_reader_gets_their_own_buttons_with_each_posts_own_ids(settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    asker, replier, other = UserFactory(), UserFactory(), UserFactory()
    reader, moderator = UserFactory(), moderator_user()
    make_thread(title="An earlier thread, so thread and post ids differ", replies=2)
    thread = make_thread(title="Whose buttons are these anyway?", author=asker)
    mine = post_reply(author=replier, thread=thread, body="The replier's advice.")
    theirs = post_reply(author=other, thread=thread, body="Another member's advice.")
    # Equal counts: for a reader who is neither author, both replies have the same shape and
    # so come from the same frame; only the ids tell them apart.
    Post.objects.filter(pk__in=[mine.pk, theirs.pk]).update(helpful_count=2)

    # The reply's author: edit and delete their own, vote and report the other's.
    html = page(logged_in(replier), thread)
    own, others = article(html, mine), article(html, theirs)
    assert link_to(mine, "edit") in own and link_to(mine, "delete") in own
    assert "Helpful <span" not in own and form_to(mine, "helpful") not in own
    assert link_to(mine, "flag") not in own
    assert "2 found this helpful" in own
    assert form_to(theirs, "helpful") in others and link_to(theirs, "flag") in others
    assert link_to(theirs, "edit") not in others and link_to(theirs, "delete") not in others
    assert "Accept as answer" not in html
    assert form_to(mine, "hide") not in own and form_to(theirs, "hide") not in others

    # Another member: helpful and report on both, each form aimed at its own post.
    html = page(logged_in(reader), thread)
    for post in (mine, theirs):
        part = article(html, post)
        assert form_to(post, "helpful") in part and link_to(post, "flag") in part
        assert 'Helpful <span class="count">2</span>' in part
        assert quote_link(thread, post) in part
        assert link_to(post, "edit") not in part and link_to(post, "delete") not in part
        assert form_to(post, "accept") not in part and form_to(post, "hide") not in part

    # The asker: accept either reply.
    html = page(logged_in(asker), thread)
    for post in (mine, theirs):
        part = article(html, post)
        assert form_to(post, "accept") in part and "Accept as answer" in part
        assert form_to(post, "helpful") in part
    question = thread.posts.get(number=1)
    assert link_to(question, "edit") in article(html, question)

    # A visitor: no forms in any post, the helpful counts as text.
    html = page(Client(), thread)
    for post in (mine, theirs):
        part = article(html, post)
        assert "<form" not in part
        assert "2 found this helpful" in part
        assert link_to(post, "edit") not in part and link_to(post, "flag") not in part
        assert quote_link(thread, post) not in part
    assert "Accept as answer" not in html

    # A moderator: the hide form on each reply, plus edit and delete.
    html = page(logged_in(moderator), thread)
    for post in (mine, theirs):
        part = article(html, post)
        assert form_to(post, "hide") in part and f'id="hide-reason-{post.pk}"' in part
        assert link_to(post, "edit") in part and link_to(post, "delete") in part
    assert form_to(question, "hide") not in article(html, question)


# 2. The token printed in a post's form is this browser's token


def form_with_action(html: str, action: str) -> str:
    found = re.search(
        rf'<form method="post" action="{re.escape(action)}".*?</form>', html, re.DOTALL
    )
    assert found, f"no form posting to {action}"
    return found[0]


def csrf_token_in(form: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]


@pytest.mark.parametrize("page_cache_seconds", [0, 60])
def test_the_token_in_a_posts_helpful_form_is_accepted(settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    thread = make_thread(title="Tokens in shared frames", replies=2)
    reply = thread.posts.get(number=3)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())

    html = page(browser, thread)
    action = f"/posts/{reply.pk}/helpful/"
    token = csrf_token_in(form_with_action(article(html, reply), action))

    # The check is on: a made-up token is refused, and nothing is counted.
    assert browser.post(action, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    reply.refresh_from_db()
    assert reply.helpful_count == 0

    response = browser.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.helpful_count == 1

    part = article(page(browser, thread), reply)
    assert 'aria-pressed="true"' in part
    assert 'Helpful <span class="count">1</span>' in part
    # The other reply keeps its own state.
    other = article(page(browser, thread), thread.posts.get(number=2))
    assert 'aria-pressed="false"' in other and 'Helpful <span class="count">0</span>' in other


@pytest.mark.parametrize("page_cache_seconds", [0, 60])
def test_the_shared_reply_form_posts_to_its_thread_with_a_working_token(
    settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    make_thread(title="Another thread so ids differ")
    thread = make_thread(title="Replying through the shared form")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())

    form = form_with_action(page(browser, thread), f"/threads/{thread.pk}/reply/")
    response = browser.post(
        f"/threads/{thread.pk}/reply/",
        {"csrfmiddlewaretoken": csrf_token_in(form), "body": "Posted with the printed token."},
    )

    assert response.status_code == 302
    assert thread.posts.filter(body="Posted with the printed token.").exists()
    assert "Posted with the printed token." in page(browser, thread)


# 3. Shared thread pages never outlive a change


def test_a_reply_shows_at_once_to_a_member_who_viewed_the_page(shared):
    thread = make_thread(title="Replies reach members at once", replies=1)
    reader = logged_in(UserFactory())
    assert "Fresh advice from a colleague." not in page(reader, thread)
    assert "1 Reply</h2>" in page(reader, thread)

    posted = logged_in(UserFactory()).post(
        f"/threads/{thread.pk}/reply/", {"body": "Fresh advice from a colleague."}
    )
    assert posted.status_code == 302

    html = page(reader, thread)
    assert "Fresh advice from a colleague." in html
    assert "2 Replies</h2>" in html


def test_an_edit_shows_at_once_to_a_member_who_viewed_the_page(shared):
    author = UserFactory()
    thread = make_thread(title="Edits reach members at once")
    reply = post_reply(author=author, thread=thread, body="The words before the edit.")
    reader = logged_in(UserFactory())
    assert "The words before the edit." in page(reader, thread)

    edited = logged_in(author).post(
        f"/posts/{reply.pk}/edit/", {"body": "The words after the edit."}
    )
    assert edited.status_code == 302

    part = article(page(reader, thread), reply)
    assert "The words after the edit." in part
    assert "The words before the edit." not in part
    assert "edited <time" in part


def test_a_question_edit_shows_its_new_title_and_text_at_once(shared):
    asker = UserFactory()
    thread = make_thread(title="The title before the edit", author=asker, body="Old question.")
    reader = logged_in(UserFactory())
    page(reader, thread)

    question = thread.posts.get(number=1)
    edited = logged_in(asker).post(
        f"/posts/{question.pk}/edit/",
        {"title": "The title after the edit", "body": "New question."},
    )
    assert edited.status_code == 302

    thread.refresh_from_db()
    html = page(reader, thread)
    assert "The title after the edit" in html and "New question." in html
    assert "Old question." not in html


def test_a_hidden_reply_shows_at_once_as_hidden(shared):
    author, moderator = UserFactory(), moderator_user()
    thread = make_thread(title="Moderators hide replies at once")
    reply = post_reply(author=author, thread=thread, body="Buy my course today.")
    reader, writer = logged_in(UserFactory()), logged_in(author)
    assert "Buy my course today." in page(reader, thread)
    assert "Buy my course today." in page(writer, thread)

    hidden = logged_in(moderator).post(f"/posts/{reply.pk}/hide/", {"reason": "Advertising"})
    assert hidden.status_code == 302

    part = article(page(reader, thread), reply)
    assert "Buy my course today." not in part
    assert "This post was hidden by a moderator." in part
    assert "Advertising" not in part
    assert form_to(reply, "helpful") not in part and link_to(reply, "flag") not in part

    part = article(page(writer, thread), reply)
    assert "Buy my course today." in part
    assert "Hidden: Advertising" in part
    assert "Only its author and moderators can see this post." in part


# 4. Shared thread lists show a new question at once


def test_a_new_question_shows_at_once_on_a_members_cached_home_list(
    shared, django_capture_on_commit_callbacks
):
    forum = ForumFactory(name="Project Management", slug="project-management")
    make_thread(title="An older question on the list", forum=forum)
    reader = logged_in(UserFactory())
    assert "An older question on the list" in reader.get("/").content.decode()
    first = reader.get("/").content.decode()
    assert "Just asked by a colleague" not in first and "1 thread</p>" in first

    # The thread count moves when the new thread commits (the test's transaction never does).
    with django_capture_on_commit_callbacks(execute=True):
        asked = logged_in(UserFactory()).post(
            "/threads/new/",
            {
                "title": "Just asked by a colleague",
                "body": "How do you report status to a steering group?",
                "forum": forum.pk,
                "tags": "Reporting",
                "context": "internal",
            },
        )
    assert asked.status_code == 302

    html = reader.get("/").content.decode()
    assert "Just asked by a colleague" in html
    assert "2 threads</p>" in html
    assert "Just asked by a colleague" in reader.get("/forums/project-management/").content.decode()
    assert "Just asked by a colleague" in reader.get("/tags/reporting/").content.decode()


# 5. Warm caches leave a member's page with only the member's own queries


@pytest.mark.parametrize("replies", [1, 20])
def test_a_thread_page_another_member_opened_costs_only_the_readers_queries(
    shared, django_assert_num_queries, replies
):
    thread = make_thread(title="Query counts with warm caches", replies=replies)
    page(logged_in(UserFactory()), thread)  # the first member fills the shared caches
    second = logged_in(UserFactory())

    # Session, member (with the moderator flag and the unread-notices count), their
    # subscription to the thread and their helpful marks on the page's posts. Thread, tags,
    # posts and rendered posts all come from the cache.
    with django_assert_num_queries(4):
        response = second.get(thread.get_absolute_url())
    assert len(re.findall(r'<article class="post', response.content.decode())) == replies + 1

    # Their next view: session, member, subscription and helpful marks, nothing more.
    with django_assert_num_queries(4):
        response = second.get(thread.get_absolute_url())
    assert len(re.findall(r'<article class="post', response.content.decode())) == replies + 1
    assert f"Reply number {replies + 1} with advice." in response.content.decode()


@pytest.mark.parametrize("threads", [1, 20])
def test_a_members_second_view_of_the_home_list_costs_session_and_member_only(
    shared, django_assert_num_queries, threads
):
    author, forum = UserFactory(), ForumFactory()
    for n in range(threads):
        make_thread(title=f"Listed question number {n:02d}", author=author, forum=forum)
    reader = logged_in(UserFactory())
    reader.get("/")

    # Session and member (with the unread-notices count): the list body is cached.
    with django_assert_num_queries(2):
        response = reader.get("/")
    html = response.content.decode()
    assert "Listed question number 00" in html
    assert f"Listed question number {threads - 1:02d}" in html


# 6. Ages read as words


def replied_at(html: str, post) -> str:
    found = re.search(r"Replied <time [^>]*>([^<]*)</time>", article(html, post))
    assert found, f"no reply time on post {post.pk}"
    return found[1]


def test_reply_ages_are_worded_on_the_page(member_client):
    thread = make_thread(title="How old is each reply?")
    ages = {
        timedelta(0): "just now",
        timedelta(seconds=30): "just now",
        timedelta(minutes=1, seconds=5): "1\xa0minute ago",
        timedelta(hours=3, minutes=10): "3\xa0hours ago",
        timedelta(days=2, hours=1): "2\xa0days ago",
        timedelta(days=8): "1\xa0week ago",
        timedelta(days=61): "2\xa0months ago",
        timedelta(days=400): "1\xa0year ago",
    }
    replier = UserFactory()
    posts = {}
    now = timezone.now()
    for n, age in enumerate(ages):
        post = post_reply(author=replier, thread=thread, body=f"Reply of age {n}.")
        Post.objects.filter(pk=post.pk).update(created_at=now - age)
        posts[age] = post

    html = page(member_client, thread)
    assert {age: replied_at(html, post) for age, post in posts.items()} == ages
    visitor_html = page(Client(), thread)
    assert {age: replied_at(visitor_html, post) for age, post in posts.items()} == ages


def test_a_shared_page_words_its_ages_as_of_each_view(shared):
    thread = make_thread(title="Time moves on for members too")
    reply = post_reply(author=UserFactory(), thread=thread, body="Written a moment ago.")
    reader = logged_in(UserFactory())
    assert replied_at(page(reader, thread), reply) == "just now"

    later = timezone.now() + timedelta(hours=3, minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        html = page(reader, thread)

    assert replied_at(html, reply) == "3\xa0hours ago"


# 7. A hidden reply's text reaches only those allowed to read it


@pytest.mark.parametrize("author_first", [True, False])
def test_a_hidden_reply_never_reaches_other_readers_through_the_caches(shared, author_first):
    author, moderator = UserFactory(), moderator_user()
    thread = make_thread(title="Hidden text stays hidden", replies=1)
    reply = post_reply(author=author, thread=thread, body="Secret pricing of our rival.")
    hidden = logged_in(moderator).post(f"/posts/{reply.pk}/hide/", {"reason": "Confidential"})
    assert hidden.status_code == 302
    writer, reader, visitor = logged_in(author), logged_in(UserFactory()), Client()

    def author_sees_it():
        part = article(page(writer, thread), reply)
        assert "Secret pricing of our rival." in part
        assert "Hidden: Confidential" in part

    def others_do_not():
        for client in (reader, visitor):
            html = page(client, thread)
            assert "Secret pricing of our rival." not in html
            assert "Confidential" not in html
            assert "This post was hidden by a moderator." in article(html, reply)

    if author_first:
        author_sees_it()
        others_do_not()
        others_do_not()  # again, from the caches
    else:
        others_do_not()
        author_sees_it()
    part = article(page(logged_in(moderator), thread), reply)
    assert "Secret pricing of our rival." in part and ">Unhide</button>" in part


# More that must stay exact with shared caching on


def test_an_accepted_answer_shows_at_once_with_the_right_buttons(
    shared, django_capture_on_commit_callbacks
):
    asker = UserFactory()
    thread = make_thread(title="Which answer did the asker pick?", author=asker)
    chosen = post_reply(author=UserFactory(), thread=thread, body="Use a range estimate.")
    passed = post_reply(author=UserFactory(), thread=thread, body="Use a single number.")
    asking, reader = logged_in(asker), logged_in(UserFactory())
    page(asking, thread)
    assert "Accepted answer" not in page(reader, thread)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = asking.post(f"/posts/{chosen.pk}/accept/")
    assert accepted.status_code == 302

    html = page(asking, thread)
    assert ">Unaccept</button>" in article(html, chosen)
    assert ">Accept as answer</button>" in article(html, passed)
    html = page(reader, thread)
    assert "Accepted answer</p>" in article(html, chosen)
    assert "Accepted answer</p>" not in article(html, passed)
    assert 'class="accepted-summary"' in html and "Use a range estimate." in html
    assert "Unaccept" not in html and "Accept as answer" not in html


def test_a_subscriber_sees_new_replies_marked_as_new(shared):
    subscriber = UserFactory()
    thread = make_thread(title="What is new since my last visit?", replies=1)
    following = logged_in(subscriber)
    assert following.post(f"/threads/{thread.pk}/subscribe/").status_code == 302
    html = page(following, thread)
    assert "badge--new" not in html
    # Another reader's page, whose parts the subscriber's page shares, shows nothing new.
    assert "badge--new" not in page(logged_in(UserFactory()), thread)

    posted = logged_in(UserFactory()).post(
        f"/threads/{thread.pk}/reply/", {"body": "Something you have not read yet."}
    )
    assert posted.status_code == 302

    # Opening the thread afresh takes the subscriber to the first new reply.
    response = following.get(thread.get_absolute_url())
    assert response.status_code == 302 and response["Location"].endswith("#new")
    html = following.get(response["Location"].split("#")[0]).content.decode()
    newest, older = thread.posts.get(number=3), thread.posts.get(number=2)
    assert 'class="badge badge--new" id="new"' in article(html, newest)
    assert "Something you have not read yet." in article(html, newest)
    assert "badge--new" not in article(html, older)
    assert "badge--new" not in page(logged_in(UserFactory()), thread)


def test_a_deleted_members_name_leaves_shared_thread_pages_at_once(
    shared, django_capture_on_commit_callbacks
):
    leaving = UserFactory(display_name="Leaving Member", location="Nowhere Town")
    thread = make_thread(title="Posts of a member who leaves")
    reply = post_reply(author=leaving, thread=thread, body="Advice that stays behind.")
    reader = logged_in(UserFactory())
    assert "Leaving Member" in page(reader, thread)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = logged_in(leaving).post(
            "/accounts/delete/", {"password": "correct-horse-battery"}
        )
    assert deleted.status_code == 302

    part = article(page(reader, thread), reply)
    assert "Advice that stays behind." in part
    assert "Deleted member" in part
    assert "Leaving Member" not in part and "Nowhere Town" not in part


@pytest.mark.parametrize("page_cache_seconds", [0, 60])
def test_pages_render_under_debug_where_fragments_may_not_query(settings, page_cache_seconds):
    """`make run` serves with DEBUG on, where a fragment that queries while rendering fails."""
    settings.DEBUG = True
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    thread = make_thread(title="Rendered the way the development server renders it", replies=3)
    member = logged_in(UserFactory())
    for client in (Client(), member):
        for url in ("/", thread.get_absolute_url(), f"/forums/{thread.forum.slug}/"):
            assert client.get(url).status_code == 200, url
