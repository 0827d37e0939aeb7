"""Who may call each state-changing URL: the expected answer for every role.

`author` wrote the thread's question and one reply (A); another member wrote reply B.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from forum.models import Forum, Tag
from forum.services import post_reply
from notifications.models import Subscription
from notifications.services import tag_follow, thread_subscribe
from notifications.tokens import unsubscribe_token
from tests.accounts.helpers import image_file
from tests.factories import UserFactory, make_thread
from writing.models import Draft, reply_key

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "member", "author", "moderator", "staff", "suspended")
LOGIN = "login"  # a redirect to the log-in page

# url key -> expected status per role, in ROLES order
EXPECTED = {
    "ask": (LOGIN, 302, 302, 302, 302, 403),
    "reply": (LOGIN, 302, 302, 302, 302, 403),
    # The thread's outcome: its asker, or a moderator for them.
    "post outcome": (LOGIN, 403, 302, 302, 302, 403),
    "don't ask again about the outcome": (LOGIN, 403, 302, 403, 403, 403),
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
    "unsubscribe": (LOGIN, 302, 302, 302, 302, 403),
    "follow tag": (LOGIN, 302, 302, 302, 302, 403),
    "unfollow tag": (LOGIN, 302, 302, 302, 302, 403),
    "watch thread": (LOGIN, 302, 302, 302, 302, 403),
    "watch tag": (LOGIN, 302, 302, 302, 302, 403),
    "mark notices read": (LOGIN, 302, 302, 302, 302, 403),
    "notification settings": (LOGIN, 302, 302, 302, 302, 403),
    "watch list settings": (LOGIN, 302, 302, 302, 302, 403),
    # Yes to the browser's time zone, offered by the page's script.
    "time zone": (LOGIN, 302, 302, 302, 302, 403),
    # Changes nothing: renders the text the member is writing (visitors get a JSON 403).
    "live preview": (403, 200, 200, 200, 200, 403),
    # Stores an image for the post being written (visitors get a JSON 403).
    "upload image": (403, 201, 201, 201, 201, 403),
    # The page's script keeps what a member types (JSON; visitors get a JSON 403).
    "save draft": (403, 200, 200, 200, 200, 403),
    # The author's own draft; anyone else's is not found.
    "discard draft": (LOGIN, 404, 302, 404, 404, 403),
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
    draft = Draft.objects.create(
        member=author, target=reply_key(thread.pk), thread=thread, values={"body": "Half a"}
    )
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
        "draft": draft,
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
        "post outcome": (f"/threads/{t.pk}/outcome/", {"body": "We chose the phased plan."}),
        "don't ask again about the outcome": (f"/threads/{t.pk}/outcome/decline/", {}),
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
        "watch thread": (f"/threads/{t.pk}/watch/", {"level": "tracking"}),
        "watch tag": ("/tags/risk/watch/", {"level": "muted"}),
        "mark notices read": ("/notifications/read/", {}),
        "notification settings": ("/subscriptions/", {"email_frequency": "daily"}),
        "watch list settings": ("/accounts/watch-list/", {"names": "Globex\nInitech"}),
        "time zone": ("/accounts/time-zone/", {"answer": "yes", "time_zone": "Asia/Tokyo"}),
        "live preview": ("/preview/", {"body": "*Draft*"}),
        "upload image": (
            "/posts/images/",
            {
                "image": SimpleUploadedFile("plan.png", image_file(), content_type="image/png"),
                "image_alt": "The plan",
            },
        ),
        "save draft": ("/drafts/save/", {"target": f"reply:{t.pk}", "body": "Half a reply"}),
        "discard draft": (f"/drafts/{world['draft'].pk}/discard/", {}),
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
        "forum:thread_outcome",
        "forum:outcome_decline",
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
        "notifications:watch_thread",
        "notifications:watch_tag",
        "notifications:read",
        "notifications:subscriptions",
        "forum:preview",
        "forum:image_upload",
        "writing:draft_save",
        "writing:draft_discard",
    }
    names = set()
    for namespace in ("forum", "moderation", "notifications", "writing"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    read_only = {
        "forum:thread_list",
        "forum:forum_list",
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
        "forum:mention_suggestions",
        "writing:draft_list",
        "writing:formatting_help",
    }
    # POST with a signed token instead of a log-in: tests/notifications covers who may.
    token_only = {"notifications:unsubscribe"}
    assert names - read_only - token_only - covered == set()


def every_named_view() -> dict[str, tuple[str, list[str]]]:
    """Every view the site routes to, by name, with the URL parameters each one takes."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = {}

    def walk(patterns, namespace, outer_params):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if entry.namespace and namespace:
                    inner = f"{namespace}:{entry.namespace}"
                # An include's own prefix may take parameters (allauth.mfa's keys/<pk>/).
                walk(entry.url_patterns, inner, [*outer_params, *entry.pattern.regex.groupindex])
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.setdefault(name, [*outer_params, *entry.pattern.regex.groupindex])

    walk(get_resolver().url_patterns, None, [])
    # The admin is staff's, whom moderators cannot suspend (forum.permissions.can_submit).
    return {name: params for name, params in found.items() if not name.startswith("admin:")}


# What the suspended member sends where the page in request_for() is not enough; with these a
# member in good standing would change something.
SUSPENDED_AUTHOR_SENDS = {
    "accounts:profile": {"display_name": "A new name", "headline": "New headline"},
    "account_email": {"action_add": "", "email": "second@example.com"},
    "account_change_password": {
        "oldpassword": "correct-horse-battery",
        "password1": "a-new-long-password-42",
        "password2": "a-new-long-password-42",
    },
}
ALLOWED_WHILE_SUSPENDED = {"account_logout", "accounts:delete", "notifications:unsubscribe"}


def suspended_author_request(name: str, params: list[str], world: dict) -> tuple[str, dict]:
    """The address and form for a named view, acting on the suspended author's own things."""
    from django.urls import reverse

    by_key = {key: request_for(key, world) for key in EXPECTED}
    by_name = {
        "forum:thread_new": "ask",
        "forum:thread_reply": "reply",
        "forum:thread_outcome": "post outcome",
        "forum:outcome_decline": "don't ask again about the outcome",
        "forum:post_edit": "edit own reply A",
        "forum:post_delete": "delete own reply A",
        "notifications:subscribe": "subscribe",
        "notifications:unsubscribe_thread": "unsubscribe",
        "notifications:follow_tag": "follow tag",
        "notifications:unfollow_tag": "unfollow tag",
        "notifications:watch_thread": "watch thread",
        "notifications:watch_tag": "watch tag",
        "notifications:read": "mark notices read",
        "notifications:subscriptions": "notification settings",
        "accounts:watch_list": "watch list settings",
        "forum:preview": "live preview",
        "forum:image_upload": "upload image",
        "moderation:flag": "flag reply B",
        "forum:post_helpful": "helpful on reply B",
        "writing:draft_save": "save draft",
        "writing:draft_discard": "discard draft",
    }
    if name in by_name:
        return by_key[by_name[name]]
    thread, reply_a = world["thread"], world["reply_a"]
    values = {
        "thread_id": thread.pk,
        "post_id": reply_a.pk,
        "slug": thread.slug if name == "forum:thread_detail" else "risk",
        "username": world["users"]["author"].username,
        "token": "not-a-token",
        "key": "not-a-key",
        "provider_id": "linkedin",
        "uidb36": "1",
        "section": "threads",
        "pk": 1,  # a security key (allauth.mfa)
        "path": "post-images/none.png" if name == "post_image" else "avatars/none.webp",
    }
    url = reverse(name, kwargs={param: values[param] for param in params})
    return url, SUSPENDED_AUTHOR_SENDS.get(name, {})


def test_a_suspended_member_changes_nothing_anywhere_but_leaving(world):
    """Every view of the site, present and future: a suspended member's POST is refused,
    on their own posts and profile too, except logging out and deleting the account."""
    author = world["users"]["author"]
    type(author).objects.filter(pk=author.pk).update(
        suspended_until=timezone.now() + timedelta(days=3)
    )
    client = Client()
    client.force_login(author)

    answered = {}
    for name, params in every_named_view().items():
        if name in ALLOWED_WHILE_SUSPENDED:
            continue
        url, data = suspended_author_request(name, params, world)
        answered[name] = client.post(url, data).status_code

    assert {name: status for name, status in answered.items() if status != 403} == {}
    author.refresh_from_db()
    world["reply_a"].refresh_from_db()
    assert author.display_name != "A new name" and not world["reply_a"].is_deleted
    assert world["reply_a"].body == "Reply A by the author"
    refused = client.post("/accounts/profile/", SUSPENDED_AUTHOR_SENDS["accounts:profile"])
    assert "Your account is suspended" in refused.content.decode()


def test_a_suspended_member_may_still_log_out_and_delete_the_account(suspended):
    thread = make_thread(title="A thread the suspended member hears about")
    thread_subscribe(user=suspended, thread=thread)
    token = unsubscribe_token(user_id=suspended.pk, thread_id=thread.pk)
    client = Client()
    client.force_login(suspended)

    # The e-mail's one-click link answers for its address, whoever is logged in.
    assert client.post(f"/unsubscribe/{token}/").status_code == 200
    assert not Subscription.objects.filter(user=suspended, thread=thread).exists()
    assert client.post("/accounts/logout/").status_code == 302
    client.force_login(suspended)
    response = client.post("/accounts/delete/", {"password": "correct-horse-battery"})

    assert response.status_code == 302
    assert not type(suspended).objects.filter(pk=suspended.pk).exists()


def test_a_suspended_member_is_offered_no_buttons_on_a_thread(world):
    client = Client()
    client.force_login(world["users"]["suspended"])

    page = client.get(world["thread"].get_absolute_url(), follow=True).content.decode()

    assert "<form" not in page.split('<main id="main"', 1)[1]
    assert "Your account is suspended" in page


def test_a_suspended_member_is_offered_no_profile_form_to_fill_in_vain(suspended):
    client = Client()
    client.force_login(suspended)

    page = client.get("/accounts/profile/").content.decode()

    main = page.split('<main id="main"', 1)[1]
    assert 'action="/accounts/profile/"' not in main
    assert "Your account is suspended until" in main
