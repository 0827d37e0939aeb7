"""Who may call each state-changing URL: the expected answer for every role.

`author` wrote the thread's question and one reply (A); another member wrote reply B.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forum.models import Forum, Tag
from forum.services import post_reply
from notifications.services import tag_follow, thread_subscribe
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "member", "author", "moderator", "staff", "suspended")
LOGIN = "login"  # a redirect to the log-in page

# url key -> expected status per role, in ROLES order
EXPECTED = {
    "ask": (LOGIN, 302, 302, 302, 302, 403),
    "reply": (LOGIN, 302, 302, 302, 302, 403),
    "edit own reply A": (LOGIN, 403, 302, 302, 302, 403),
    "delete own reply A": (LOGIN, 403, 302, 302, 302, 403),
    "helpful on reply B": (LOGIN, 302, 302, 302, 302, 403),
    "accept reply B": (LOGIN, 403, 302, 403, 403, 403),
    "flag reply B": (LOGIN, 302, 302, 302, 302, 403),
    "hide reply B": (LOGIN, 403, 403, 302, 302, 403),
    "hide thread": (LOGIN, 403, 403, 302, 302, 403),
    "lock thread": (LOGIN, 403, 403, 302, 302, 403),
    "pin thread": (LOGIN, 403, 403, 302, 302, 403),
    "move thread": (LOGIN, 403, 403, 302, 302, 403),
    "retag thread": (LOGIN, 403, 403, 302, 302, 403),
    "resolve reports": (LOGIN, 403, 403, 302, 302, 403),
    "suspend member": (LOGIN, 403, 403, 302, 302, 403),
    "subscribe": (LOGIN, 302, 302, 302, 302, 403),
    "unsubscribe": (LOGIN, 302, 302, 302, 302, 302),
    "follow tag": (LOGIN, 302, 302, 302, 302, 403),
    "unfollow tag": (LOGIN, 302, 302, 302, 302, 302),
    "mark notices read": (LOGIN, 302, 302, 302, 302, 302),
    "notification settings": (LOGIN, 302, 302, 302, 302, 302),
    # Changes nothing: renders the text the member is writing (visitors get a JSON 403).
    "live preview": (403, 200, 200, 200, 200, 200),
}


@pytest.fixture
def world(moderator, staff, suspended):
    author, other = UserFactory(username="author_ann"), UserFactory(username="other_otto")
    # Made an hour ago: the author may post again (one post per 15 seconds).
    earlier = timezone.now() - timedelta(hours=1)
    thread = make_thread(
        title="The thread every role acts on", author=author, tags=("Risk",), created_at=earlier
    )
    reply_a = post_reply(
        author=author, thread=thread, body="Reply A by the author", created_at=earlier
    )
    reply_b = post_reply(author=other, thread=thread, body="Reply B by someone else")
    forum = Forum.objects.create(name="Elsewhere", slug="elsewhere")
    users = {
        "member": UserFactory(username="member_mo"),
        "author": author,
        "moderator": moderator,
        "staff": staff,
        "suspended": suspended,
    }
    for user in users.values():
        thread_subscribe(user=user, thread=thread)
        tag_follow(user=user, tag=Tag.objects.get(name="Risk"))
    return {
        "users": users,
        "target": other,
        "thread": thread,
        "reply_a": reply_a,
        "reply_b": reply_b,
        "forum": forum,
    }


def request_for(key: str, world: dict) -> tuple[str, dict]:
    t, a, b = world["thread"], world["reply_a"], world["reply_b"]
    return {
        "ask": (
            "/threads/new/",
            {
                "title": "A brand new question here",
                "body": "Body",
                "forum": t.forum_id,
                "tags": "Risk",
                "context": "general",
            },
        ),
        "reply": (f"/threads/{t.pk}/reply/", {"body": "A new reply"}),
        "edit own reply A": (f"/posts/{a.pk}/edit/", {"body": "Edited text"}),
        "delete own reply A": (f"/posts/{a.pk}/delete/", {}),
        "helpful on reply B": (f"/posts/{b.pk}/helpful/", {}),
        "accept reply B": (f"/posts/{b.pk}/accept/", {}),
        "flag reply B": (f"/posts/{b.pk}/flag/", {"reason": "spam"}),
        "hide reply B": (f"/posts/{b.pk}/hide/", {"reason": "Off-topic"}),
        "hide thread": (f"/threads/{t.pk}/hide/", {"reason": "Duplicate"}),
        "lock thread": (f"/threads/{t.pk}/lock/", {}),
        "pin thread": (f"/threads/{t.pk}/pin/", {}),
        "move thread": (f"/threads/{t.pk}/move/", {"forum": world["forum"].pk}),
        "retag thread": (f"/threads/{t.pk}/tags/", {"tags": "Risk, Budgeting"}),
        "resolve reports": (f"/moderation/posts/{b.pk}/resolve/", {"decision": "dismiss"}),
        "suspend member": (
            f"/members/{world['target'].username}/suspend/",
            {
                "until": "2099-01-01T09:00",
                "reason": "Spam",
            },
        ),
        "subscribe": (f"/threads/{t.pk}/subscribe/", {}),
        "unsubscribe": (f"/threads/{t.pk}/unsubscribe/", {}),
        "follow tag": ("/tags/risk/follow/", {}),
        "unfollow tag": ("/tags/risk/unfollow/", {}),
        "mark notices read": ("/notifications/read/", {}),
        "notification settings": ("/subscriptions/", {"email_frequency": "daily"}),
        "live preview": ("/preview/", {"body": "*Draft*"}),
    }[key]


@pytest.mark.parametrize("key", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, role, key):
    client = Client()
    if role != "visitor":
        client.force_login(world["users"][role])
    url, data = request_for(key, world)

    response = client.post(url, data)

    expected = EXPECTED[key][ROLES.index(role)]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, response.content.decode()[:500]
        if expected == 302:
            assert not response["Location"].startswith("/accounts/login/")


def test_every_state_changing_url_of_the_forum_is_in_the_matrix():
    """A new POST view must be added above, with who may call it."""
    from django.urls import get_resolver

    covered = {
        "forum:thread_new",
        "forum:thread_reply",
        "forum:post_edit",
        "forum:post_delete",
        "forum:post_helpful",
        "forum:post_accept",
        "moderation:flag",
        "moderation:post_hide",
        "moderation:thread_hide",
        "moderation:thread_lock",
        "moderation:thread_pin",
        "moderation:thread_move",
        "moderation:thread_tags",
        "moderation:resolve",
        "moderation:suspend",
        "notifications:subscribe",
        "notifications:unsubscribe_thread",
        "notifications:follow_tag",
        "notifications:unfollow_tag",
        "notifications:read",
        "notifications:subscriptions",
        "forum:preview",
    }
    names = set()
    for namespace in ("forum", "moderation", "notifications"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    read_only = {
        "forum:thread_list",
        "forum:forum_detail",
        "forum:tag_list",
        "forum:tag_detail",
        "forum:thread_detail",
        "forum:post_history",
        "forum:content",
        "moderation:queue",
        "moderation:log",
        "notifications:list",
        "forum:search",
    }
    # POST with a signed token instead of a log-in: tests/notifications covers who may.
    token_only = {"notifications:unsubscribe"}
    assert names - read_only - token_only - covered == set()
