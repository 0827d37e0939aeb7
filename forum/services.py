"""Writes. Each service is one transaction; side effects run after commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from forum.cache_keys import thread_lists_changed
from forum.markup import render_markdown
from forum.models import Forum, Post, ProjectContext, Thread


@transaction.atomic
def thread_create(
    *,
    author: User,
    forum: Forum,
    title: str,
    body: str,
    tags: Iterable[str] = (),
    context: str = ProjectContext.GENERAL,
    created_at: datetime | None = None,
) -> Thread:
    created_at = created_at or timezone.now()
    thread = Thread.objects.create(
        forum=forum,
        title=title,
        slug=slugify(title)[:160] or "thread",
        context=context,
        author=author,
        created_at=created_at,
        last_activity_at=created_at,
        last_number=1,
    )
    question = Post.objects.create(
        thread=thread,
        number=1,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=created_at,
    )
    thread.last_post = question
    thread.save(update_fields=["last_post"])
    tag_names = [name.strip() for name in tags if name.strip()]
    if tag_names:
        thread.tags.set(tag_names)
    transaction.on_commit(thread_lists_changed)
    return thread


@transaction.atomic
def post_reply(
    *, author: User, thread: Thread, body: str, created_at: datetime | None = None
) -> Post:
    created_at = created_at or timezone.now()
    # Locking the thread row serialises numbering: numbers stay dense and unique.
    locked = Thread.objects.select_for_update().only("pk", "last_number").get(pk=thread.pk)
    post = Post.objects.create(
        thread_id=locked.pk,
        number=locked.last_number + 1,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=created_at,
    )
    Thread.objects.filter(pk=locked.pk).update(
        last_number=F("last_number") + 1,
        reply_count=F("reply_count") + 1,
        last_activity_at=created_at,
        last_post=post,
    )
    # The unanswered list and member pages count replies.
    transaction.on_commit(thread_lists_changed)
    return post
