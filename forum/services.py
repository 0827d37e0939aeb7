"""Writes. Each service is one transaction; side effects run after commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.services import member_counts_change, member_counts_recount
from config.observability import POSTS_CREATED
from forum.cache_keys import pages_changed, thread_lists_changed
from forum.experience import side_count_change
from forum.facts import FACT_NAMES, facts_record
from forum.images import post_images_attach
from forum.mentions import mentions_notify_after_commit, render_post
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


def post_published(post: Post, *, fan_out: Callable[[int], None]) -> None:
    """What a new post sets off once its transaction commits."""
    # Lists, their counts and member pages show posts and count them.
    transaction.on_commit(thread_lists_changed)
    transaction.on_commit(POSTS_CREATED.inc)
    # Mentions first: a follower who is also mentioned gets the mention's mail, and the
    # post's own mail then finds them told.
    mentions_notify_after_commit(post)
    # One task, whatever the number of subscribers or followers: the worker fans it out.
    transaction.on_commit(lambda: fan_out(post.pk))
    # The search index follows each write once it is committed (search/indexing.py).
    transaction.on_commit(lambda: index_post(post), robust=True)


@transaction.atomic
def thread_create(
    *,
    author: User,
    forum: Forum,
    title: str,
    body: str,
    tags: Iterable[str] = (),
    context: str = ProjectContext.GENERAL,
    facts: Mapping[str, str] | None = None,
    created_at: datetime | None = None,
    enforce_limits: bool = False,
) -> Thread:
    """Start a thread with its question (and the facts it states, forum/facts.py). Text with a
    blocked word starts hidden, waiting in the moderators' queue. With `enforce_limits` (a
    member's submission) a duplicate or a post too soon is refused (forum/ratelimit.py) before
    anything is written."""
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
        **_stated(facts),
    )
    question = Post.objects.create(
        thread=thread,
        number=1,
        author=author,
        body=body,
        body_html=render_post(body),
        created_at=created_at,
    )
    thread.last_post = question
    thread.save(update_fields=["last_post"])
    post_images_attach(post=question, uploader=author, body=body)
    if tag_names:
        thread.tags.set(tag_names)
    if held_reason:
        post_held(post=question)
    else:
        member_counts_change(member_id=author.pk, posts=1)
    post_author_subscribe(author=author, thread=thread, number=1)
    drafts_posted(member=author, key=ASK_KEY)
    post_published(question, fan_out=question_posted)
    return thread


@transaction.atomic
def post_reply(
    *,
    author: User,
    thread: Thread,
    body: str,
    experience_side: str = "",
    created_at: datetime | None = None,
    enforce_limits: bool = False,
) -> Post:
    """Add a reply, saying which side its experience comes from (forum/experience.py). Text
    with a blocked word is hidden, waiting in the moderators' queue, and counts nowhere until
    one shows it. With `enforce_limits` (a member's submission) a duplicate or a post too soon
    is refused (forum/ratelimit.py) before anything is written."""
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
        body_html=render_post(body),
        created_at=created_at,
        is_hidden=bool(held_reason),
        hidden_reason=held_reason,
        experience_side=experience_side,
    )
    post_images_attach(post=post, uploader=author, body=body)
    if held_reason:
        Thread.objects.filter(pk=locked.pk).update(last_number=F("last_number") + 1)
    else:
        Thread.objects.filter(pk=locked.pk).update(
            last_number=F("last_number") + 1,
            reply_count=F("reply_count") + 1,
            last_activity_at=created_at,
            last_post=post,
            **side_count_change(experience_side, 1),
        )
        if not locked.is_hidden:
            member_counts_change(member_id=author.pk, posts=1)
    if held_reason:
        post.thread = thread
        post_held(post=post)
    post_author_subscribe(author=author, thread=thread, number=post.number)
    drafts_posted(member=author, key=reply_key(thread.pk))
    post_published(post, fan_out=reply_posted)
    return post


def _tag_line(thread: Thread) -> str:
    return ", ".join(thread.tags.order_by("name").values_list("name", flat=True))


def _stated(facts: Mapping[str, str] | None) -> dict[str, str]:
    """Every fact column, blank where `facts` states nothing."""
    return {name: (facts or {}).get(name) or "" for name in FACT_NAMES}


def _revision(post: Post, thread: Thread, *, author, created_at, facts: str) -> PostRevision:
    """A revision holding the post as it is now (with its thread's title, tags and facts, for
    the question)."""
    question = post.is_question
    return PostRevision.objects.create(
        post=post,
        title=thread.title if question else "",
        tags=_tag_line(thread) if question else "",
        facts=facts if question else "",
        experience_side="" if question else post.experience_side,
        body=post.body,
        body_html=post.body_html,
        author=author,
        created_at=created_at,
    )


@transaction.atomic
def post_edit(
    *,
    post: Post,
    editor: User,
    body: str,
    title: str | None = None,
    tags: Iterable[str] | None = None,
    facts: Mapping[str, str] | None = None,
    experience_side: str | None = None,
) -> Post:
    """Change a post's text (a question's title, tags and facts; a reply's side of
    experience), keeping what it had before as a revision. None leaves a part as it is, and
    a fact left out of `facts` stays as it is ("" clears it)."""
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
    facts_before = {name: getattr(thread, name) for name in FACT_NAMES}
    facts_after = {**facts_before, **{n: v for n, v in (facts or {}).items() if n in FACT_NAMES}}
    facts_change = post.is_question and facts_after != facts_before
    side_before = post.experience_side
    side_changes = (
        not post.is_question and experience_side is not None and experience_side != side_before
    )
    if body == post.body and not (title_changes or tags_change or facts_change or side_changes):
        return post
    if not post.revisions.exists():
        # The original text, dated when it was written.
        _revision(
            post,
            thread,
            author=post.author,
            created_at=post.created_at,
            facts=facts_record(facts_before),
        )
    now = timezone.now()
    post.body = body
    post.body_html = render_post(body)
    post.edited_at = now
    post.experience_side = experience_side if side_changes else side_before
    post.save(update_fields=["body", "body_html", "edited_at", "experience_side"])
    post_images_attach(post=post, uploader=editor, body=body)
    if side_changes and post.is_visible:
        # The reply moves from one side's count to the other's, as reply_count counts it.
        Thread.objects.filter(pk=thread.pk).update(
            **side_count_change(side_before, -1), **side_count_change(experience_side, 1)
        )
    if title_changes:
        thread.title = title
        thread.slug = thread_slug(title)
        thread.save(update_fields=["title", "slug"])
    if tags_change:
        thread.tags.set(tag_names)
    if facts_change:
        for name, value in facts_after.items():
            setattr(thread, name, value)
        thread.save(update_fields=list(FACT_NAMES))
    if tags_change or facts_change or side_changes:
        # Tag pages and the tag index count threads per tag; lists filter by facts and sides.
        transaction.on_commit(thread_lists_changed)
    _revision(post, thread, author=editor, created_at=now, facts=facts_record(facts_after))
    # Only members not told before hear of it: an edit that adds a mention tells the new ones.
    mentions_notify_after_commit(post)
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
    if post.is_outcome:
        return _outcome_delete(post)
    # Deleting the accepted answer ends its acceptance (below), and its author's credit.
    credit = thread.answer_credit(post)
    post.is_deleted = True
    post.save(update_fields=["is_deleted"])
    if not (post.is_hidden or thread.is_hidden):
        member_counts_change(
            member_id=post.author_id, posts=-1, helpful=-post.helpful_count, accepted=-credit
        )
    changes = {}
    if not post.is_hidden:
        # A hidden reply left the counts when it was hidden (moderation/services.py).
        changes = {
            "reply_count": F("reply_count") - 1,
            **side_count_change(post.experience_side, -1),
        }
    if thread.accepted_post_id == post.pk:
        changes["accepted_post"] = None
    if changes:
        Thread.objects.filter(pk=thread.pk).update(**changes)
    transaction.on_commit(thread_lists_changed)
    transaction.on_commit(lambda: unindex_post(post), robust=True)
    return thread


def _outcome_delete(post: Post) -> Thread:
    """A moderator removes an outcome for good (it leaves no placeholder: it is not one of
    the numbered replies), so that the asker may post one again."""
    thread = post.thread
    if post.is_visible and not thread.is_hidden:
        member_counts_change(member_id=post.author_id, posts=-1)
    gone = Post(pk=post.pk)  # delete() forgets the primary key the index needs
    post.delete()  # the thread's link to it goes with it (SET_NULL)
    transaction.on_commit(thread_lists_changed)
    transaction.on_commit(lambda: unindex_post(gone), robust=True)
    return thread


@transaction.atomic
def post_toggle_helpful(*, post: Post, user: User) -> bool:
    """Mark a reply helpful, or take the mark back. Returns whether it is now marked."""
    # The author's count holds the marks on posts everyone can read.
    counted_for = post.author_id if post.is_visible and not post.thread.is_hidden else None
    # The author's count shows on their cards in every thread, on their page and in the
    # directory: every page shared between readers goes (the thread lists' counts stay).
    transaction.on_commit(pages_changed)
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
    """Accept a reply as the answer (replacing any other), or un-accept it. The authors'
    `accepted_count` follows: the new answer's author gains one, the author of the answer it
    replaces (or of the one taken back) loses one, as far as each counted
    (Thread.answer_credit)."""
    # Every write that changes what an acceptance counts for (this one, hiding or deleting a
    # reply, hiding a thread) holds the thread's row, so the posts read below cannot change
    # visibility before this commits, and each credit is given or taken back exactly once.
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    previous_id = thread.accepted_post_id
    accepted = previous_id != post.pk
    involved = {
        row.pk: row
        for row in Post.objects.filter(pk__in={post.pk, previous_id} - {None}).only(
            "pk", "thread_id", "number", "author_id", "is_hidden", "is_deleted"
        )
    }
    if previous_id in involved:
        previous = involved[previous_id]
        member_counts_change(member_id=previous.author_id, accepted=-thread.answer_credit(previous))
    thread.accepted_post_id = post.pk if accepted else None
    thread.save(update_fields=["accepted_post"])
    if accepted:
        chosen = involved[post.pk]
        member_counts_change(member_id=chosen.author_id, accepted=thread.answer_credit(chosen))
    # The authors' cards show the counts on every thread page, and the badge moves.
    transaction.on_commit(pages_changed)
    return accepted
