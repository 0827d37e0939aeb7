"""Writes. Each service is one transaction; side effects run after commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.services import member_counts_change, member_counts_recount
from config.observability import POSTS_CREATED
from forum.cache_keys import thread_lists_changed
from forum.markup import render_markdown
from forum.models import (
    Forum,
    HelpfulVote,
    Post,
    PostRevision,
    ProjectContext,
    Thread,
    thread_slug,
)
from forum.permissions import is_moderator
from forum.ratelimit import posting_allowed
from moderation.rules import blocked_phrase
from moderation.services import HELD_REASON, post_held
from notifications.services import post_author_subscribe
from notifications.tasks import question_posted, reply_posted
from search.indexing import index_post, unindex_post, unindex_thread
from writing.models import ASK_KEY, edit_key, reply_key
from writing.services import drafts_posted


class ThreadLocked(Exception):
    """The thread takes no more replies."""


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
    enforce_limits: bool = False,
) -> Thread:
    """Start a thread with its question. Text with a blocked word starts hidden, waiting in the
    moderators' queue. With `enforce_limits` (a member's submission) a duplicate or a post too
    soon is refused (forum/ratelimit.py) before anything is written."""
    if enforce_limits:
        posting_allowed(author=author, body=body)
    created_at = created_at or timezone.now()
    tag_names = [name.strip() for name in tags if name.strip()]
    # Decided in this transaction with the flag that queues it: never hidden and unseen.
    held_reason = HELD_REASON if blocked_phrase(title, body, *tag_names) else ""
    thread = Thread.objects.create(
        forum=forum,
        title=title,
        slug=thread_slug(title),
        context=context,
        author=author,
        created_at=created_at,
        last_activity_at=created_at,
        last_number=1,
        is_hidden=bool(held_reason),
        hidden_reason=held_reason,
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
    if tag_names:
        thread.tags.set(tag_names)
    if held_reason:
        post_held(post=question)
    else:
        member_counts_change(member_id=author.pk, posts=1)
    post_author_subscribe(author=author, thread=thread, number=1)
    drafts_posted(member=author, key=ASK_KEY)
    transaction.on_commit(thread_lists_changed)
    transaction.on_commit(POSTS_CREATED.inc)
    transaction.on_commit(lambda: question_posted(question.pk))
    # The search index follows each write once it is committed (search/indexing.py).
    transaction.on_commit(lambda: index_post(question), robust=True)
    return thread


@transaction.atomic
def post_reply(
    *,
    author: User,
    thread: Thread,
    body: str,
    created_at: datetime | None = None,
    enforce_limits: bool = False,
) -> Post:
    """Add a reply. Text with a blocked word is hidden, waiting in the moderators' queue, and
    counts nowhere until one shows it. With `enforce_limits` (a member's submission) a
    duplicate or a post too soon is refused (forum/ratelimit.py) before anything is written."""
    if enforce_limits:
        posting_allowed(author=author, body=body, thread_id=thread.pk)
    created_at = created_at or timezone.now()
    held_reason = HELD_REASON if blocked_phrase(body) else ""
    # Locking the thread row serialises numbering: numbers stay dense and unique.
    locked = (
        Thread.objects.select_for_update()
        .only("pk", "last_number", "is_locked", "is_hidden")
        .get(pk=thread.pk)
    )
    if locked.is_locked and not is_moderator(author):
        raise ThreadLocked
    post = Post.objects.create(
        thread_id=locked.pk,
        number=locked.last_number + 1,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=created_at,
        is_hidden=bool(held_reason),
        hidden_reason=held_reason,
    )
    if held_reason:
        Thread.objects.filter(pk=locked.pk).update(last_number=F("last_number") + 1)
    else:
        Thread.objects.filter(pk=locked.pk).update(
            last_number=F("last_number") + 1,
            reply_count=F("reply_count") + 1,
            last_activity_at=created_at,
            last_post=post,
        )
        if not locked.is_hidden:
            member_counts_change(member_id=author.pk, posts=1)
    if held_reason:
        post.thread = thread
        post_held(post=post)
    post_author_subscribe(author=author, thread=thread, number=post.number)
    drafts_posted(member=author, key=reply_key(thread.pk))
    # The unanswered list and member pages count replies.
    transaction.on_commit(thread_lists_changed)
    transaction.on_commit(POSTS_CREATED.inc)
    # One task, whatever the number of subscribers: the worker fans it out.
    transaction.on_commit(lambda: reply_posted(post.pk))
    transaction.on_commit(lambda: index_post(post), robust=True)
    return post


def _tag_line(thread: Thread) -> str:
    return ", ".join(thread.tags.order_by("name").values_list("name", flat=True))


@transaction.atomic
def post_edit(
    *,
    post: Post,
    editor: User,
    body: str,
    title: str | None = None,
    tags: Iterable[str] | None = None,
) -> Post:
    """Change a post's text (and a question's title and tags), keeping what it had before as
    a revision."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    thread = post.thread
    title_changes = post.is_question and title is not None and title != thread.title
    tags_before = _tag_line(thread) if post.is_question else ""
    tag_names = [name.strip() for name in tags or () if name.strip()]
    # Tag names compare regardless of case, as taggit finds them (TAGGIT_CASE_INSENSITIVE).
    tags_change = (
        post.is_question
        and bool(tag_names)
        and {name.lower() for name in tag_names}
        != {name.lower() for name in tags_before.split(", ") if name}
    )
    # Saving, even without a change, is done with the text: the editor's draft of it goes.
    drafts_posted(member=editor, key=edit_key(post.pk))
    if body == post.body and not title_changes and not tags_change:
        return post
    first_edit = not post.revisions.exists()
    if first_edit:
        # The original text, dated when it was written.
        PostRevision.objects.create(
            post=post,
            title=thread.title if post.is_question else "",
            tags=tags_before,
            body=post.body,
            body_html=post.body_html,
            author=post.author,
            created_at=post.created_at,
        )
    now = timezone.now()
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = now
    post.save(update_fields=["body", "body_html", "edited_at"])
    if title_changes:
        thread.title = title
        thread.slug = thread_slug(title)
        thread.save(update_fields=["title", "slug"])
    if tags_change:
        thread.tags.set(tag_names)
        # Tag pages and the tag index count threads per tag.
        transaction.on_commit(thread_lists_changed)
    PostRevision.objects.create(
        post=post,
        title=thread.title if post.is_question else "",
        tags=_tag_line(thread) if post.is_question else "",
        body=post.body,
        body_html=post.body_html,
        author=editor,
        created_at=now,
    )
    transaction.on_commit(lambda: index_post(post), robust=True)
    return post


@transaction.atomic
def post_delete(*, post: Post, user: User) -> Thread | None:
    """Delete a post. A reply leaves a placeholder that keeps its number; a question takes
    its thread with it. Returns the thread when it still exists."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    thread = post.thread
    if post.is_question:
        authors = list(thread.posts.values_list("author", flat=True).distinct())
        thread.delete()
        member_counts_recount(member_ids=authors)
        transaction.on_commit(thread_lists_changed)
        transaction.on_commit(lambda: unindex_thread(post.thread_id), robust=True)
        return None
    if post.is_deleted:
        return thread
    post.is_deleted = True
    post.save(update_fields=["is_deleted"])
    if not (post.is_hidden or thread.is_hidden):
        member_counts_change(member_id=post.author_id, posts=-1, helpful=-post.helpful_count)
    changes = {"reply_count": F("reply_count") - 1}
    if thread.accepted_post_id == post.pk:
        changes["accepted_post"] = None
    Thread.objects.filter(pk=thread.pk).update(**changes)
    transaction.on_commit(thread_lists_changed)
    transaction.on_commit(lambda: unindex_post(post), robust=True)
    return thread


@transaction.atomic
def post_toggle_helpful(*, post: Post, user: User) -> bool:
    """Mark a reply helpful, or take the mark back. Returns whether it is now marked."""
    # The author's count holds the marks on posts everyone can read.
    counted_for = post.author_id if post.is_visible and not post.thread.is_hidden else None
    removed, _ = HelpfulVote.objects.filter(post=post, user=user).delete()
    if removed:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
        member_counts_change(member_id=counted_for, helpful=-1)
        return False
    try:
        with transaction.atomic():
            HelpfulVote.objects.create(post=post, user=user)
    except IntegrityError:
        return True  # a simultaneous click already counted it
    Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    member_counts_change(member_id=counted_for, helpful=1)
    return True


@transaction.atomic
def post_toggle_accepted(*, post: Post) -> bool:
    """Accept a reply as the answer (replacing any other), or un-accept it."""
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    accepted = thread.accepted_post_id != post.pk
    thread.accepted_post = post if accepted else None
    thread.save(update_fields=["accepted_post"])
    return accepted
