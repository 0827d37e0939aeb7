"""Mentions: `@username` in a post links to the member's page and tells the member.

Linking happens when the post is rendered (on save and in the preview), through
forum/markup.py, which knows where in the text a mention can stand; this module says which
names are members. Telling them happens after the post's transaction commits, in a task
(notifications/mentions.py), so the posting request stays O(1) whatever the text names.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.urls import reverse

from accounts.models import User
from forum.markup import render_markdown
from forum.models import Post
from notifications.mentions import mentions_posted


def member_links(names: Collection[str]) -> dict[str, str]:
    """The member page of each name that is an active member's username (usernames are
    stored in lower case, as `names` come). One query."""
    if not names:
        return {}
    usernames = User.objects.filter(username__in=list(names), is_active=True).values_list(
        "username", flat=True
    )
    return {username: reverse("accounts:member", args=[username]) for username in usernames}


def render_post(body: str) -> str:
    """A post's Markdown as stored and previewed: sanitised HTML with members' mentions linked."""
    return render_markdown(body, mention_links=member_links)


def mentions_notify_after_commit(post: Post) -> None:
    """Queue the telling of the members this post mentions, once the post is committed.

    Text without an "@" cannot mention anyone: no task at all."""
    if "@" not in post.body:
        return
    post_id = post.pk
    transaction.on_commit(lambda: mentions_posted(post_id))
