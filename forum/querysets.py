"""Reads. Each method narrows or shapes a queryset; views chain them."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.cache import cache
from django.db import models
from django.db.models import BooleanField, Count, F, Func, Max, Prefetch, Q, Sum

from forum.cache_keys import thread_list_version
from forum.experience import SIDE_COUNT_FIELDS

THREAD_SORTS = ("activity", "newest", "replies", "unanswered")
POST_SORTS = ("oldest", "newest", "helpful")
SIDEBAR_THREADS = 5
# What a member's page shows of their standing: their best answers, the tags they answer most.
BEST_ANSWERS = 5
ANSWERED_TAGS = 5


class AboveZero(Func):
    """`counter > 0` with the 0 written into the SQL, not sent as a parameter: a statement
    prepared on the server is planned once for any parameter, and such a plan cannot use a
    partial index whose condition is "> 0" (forum/models.py, thread_side_*)."""

    template = "%(expressions)s > 0"
    arity = 1
    output_field = BooleanField()


def answered_from_side(side: str) -> AboveZero:
    """Whether a thread has a visible reply from this side of experience."""
    return AboveZero(F(SIDE_COUNT_FIELDS[side]))


class ThreadQuerySet(models.QuerySet):
    def visible(self) -> ThreadQuerySet:
        return self.filter(is_hidden=False)

    def for_list(self) -> ThreadQuerySet:
        """Everything a list row prints, in one query plus one for the tags (`tag_list`)."""
        # to_attr: a plain list per thread, without building a tag manager query for each.
        return self.select_related("forum", "author", "last_post__author").prefetch_related(
            Prefetch("tags", to_attr="tag_list")
        )

    def in_any_tag(self, tag_ids) -> ThreadQuerySet:
        """Threads with at least one of these tags (each once), through the (tag, thread) index."""
        from forum.models import TaggedThread

        tagged = TaggedThread.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        return self.filter(pk__in=tagged)

    def for_sidebar(self, limit: int = SIDEBAR_THREADS) -> list:
        """A few threads for a sidebar list: only what its links print, in one query."""
        return list(self.only("id", "title", "slug", "reply_count", "created_at")[:limit])

    def in_context(self, context: str | None) -> ThreadQuerySet:
        return self.filter(context=context) if context else self

    def answered_from(self, side: str | None) -> ThreadQuerySet:
        """Threads with at least one visible reply from this side of experience."""
        return self.filter(answered_from_side(side)) if side else self

    def stating(self, facts: Mapping[str, str]) -> ThreadQuerySet:
        """Threads whose question states these facts (forum/facts.py names, checked values)."""
        return self.filter(**facts)

    def with_outcome(self, only: bool = True) -> ThreadQuerySet:
        """Threads whose outcome everyone may read (the lists' "With an outcome", indexed by
        thread_outcome_activity); all of them when not `only`."""
        return self.filter(outcome__isnull=False) if only else self

    def credited_answers(self) -> ThreadQuerySet:
        """Threads whose accepted answer counts to its author's standing (Thread.answer_credit):
        everyone can read the answer and its thread, and its author is not the asker."""
        return (
            self.filter(
                is_hidden=False,
                accepted_post__is_hidden=False,
                accepted_post__is_deleted=False,
                accepted_post__author__isnull=False,
            )
            # A thread whose asker left (author NULL) still credits the answer.
            .exclude(author=F("accepted_post__author"))
        )

    def sorted_by(self, sort: str) -> ThreadQuerySet:
        if sort == "newest":
            return self.order_by("-created_at", "-id")
        if sort == "replies":
            return self.order_by("-reply_count", "-last_activity_at", "-id")
        if sort == "unanswered":
            return self.filter(reply_count=0).order_by("-created_at", "-id")
        return self.order_by("-is_pinned", "-last_activity_at", "-id")


class PostQuerySet(models.QuerySet):
    def public(self) -> PostQuerySet:
        """Posts everyone can read: not deleted or hidden, in a thread that is not hidden."""
        return self.filter(is_hidden=False, is_deleted=False, thread__is_hidden=False)

    def answers(self) -> PostQuerySet:
        """Replies: neither questions (number 1) nor outcomes (number 0)."""
        return self.filter(number__gt=1)

    def best_answers(self, member, limit: int = BEST_ANSWERS) -> list:
        """A member's answers everyone can read that were marked helpful or accepted, most
        helpful marks first, with their threads: one query, read through the post_author
        index (a member's own posts only)."""
        rated = Q(helpful_count__gt=0) | Q(thread__accepted_post=F("pk"))
        return list(
            self.public()
            .answers()
            .filter(rated, author=member)
            .select_related("thread")
            .order_by("-helpful_count", "-created_at", "-id")[:limit]
        )

    def with_authors(self) -> PostQuerySet:
        return self.select_related("author")

    def thread_page(self, thread, *, page: int, per_page: int, sort: str) -> PostQuerySet:
        """The question plus one page of replies, selected by number, never by OFFSET.

        Reply numbers are dense (a deleted reply keeps its number), so page N of the
        oldest-first and newest-first orders is a range of numbers and costs what page 1 costs.
        """
        in_thread = self.filter(thread=thread).with_authors()
        if sort == "helpful":
            start = (page - 1) * per_page
            reply_ids = (
                self.filter(thread=thread, number__gt=1)
                .order_by("-helpful_count", "number")
                .values("pk")[start : start + per_page]
            )
            return in_thread.filter(Q(number=1) | Q(pk__in=reply_ids)).order_by(
                "-helpful_count", "number"
            )
        if sort == "newest":
            high = thread.last_number - (page - 1) * per_page
            low = max(2, high - per_page + 1)
            return in_thread.filter(Q(number=1) | Q(number__range=(low, high))).order_by("-number")
        low = 2 + (page - 1) * per_page
        high = low + per_page - 1
        return in_thread.filter(Q(number=1) | Q(number__range=(low, high))).order_by("number")

    def side_page(self, thread, *, side: str, page: int, per_page: int, sort: str) -> PostQuerySet:
        """The question plus one page of the visible replies from one side of experience.

        A side's replies are not numbered densely among themselves, so the page's numbers are
        read from the (thread, side, number) index of visible posts, skipping the pages
        before it there as the helpful order does (only numbers, from the index, never the
        posts themselves); the posts are then fetched by those numbers, in the same query.
        """
        order = {"newest": ("-number",), "helpful": ("-helpful_count", "number")}
        ordering = order.get(sort, ("number",))
        start = (page - 1) * per_page
        numbers = (
            self.filter(thread=thread, experience_side=side, is_hidden=False, is_deleted=False)
            .order_by(*ordering)
            .values("number")[start : start + per_page]
        )
        return (
            self.filter(thread=thread)
            .with_authors()
            .filter(Q(number=1) | Q(number__in=numbers))
            .order_by(*ordering)
        )


class PostImageQuerySet(models.QuerySet):
    def named(self, names) -> PostImageQuerySet:
        """The images stored under these names (the unique index on `file`)."""
        return self.filter(file__in=names)

    def orphaned(self, *, before) -> PostImageQuerySet:
        """Uploads never attached to a post, made before `before` (a partial index)."""
        return self.filter(post__isnull=True, created_at__lt=before)


def answered_tags(member, limit: int = ANSWERED_TAGS) -> list:
    """The tags of the questions a member answers most, each with `answered_count` (questions
    with that tag they answered, where everyone can read the answer): one query."""
    from forum.models import Post, Tag

    answered = Post.objects.public().answers().filter(author=member).values("thread_id")
    return list(
        Tag.objects.filter(tagged_threads__content_object__in=answered)
        .annotate(answered_count=Count("tagged_threads"))
        .order_by("-answered_count", "name")[:limit]
    )


def tags_with_thread_counts() -> list:
    """Every tag with its number of visible threads; cached until the thread lists change."""
    from forum.models import Tag

    def count() -> list:
        visible = Q(tagged_threads__content_object__is_hidden=False)
        with_outcome = visible & Q(tagged_threads__content_object__outcome__isnull=False)
        return list(
            Tag.objects.annotate(
                thread_count=Count("tagged_threads", filter=visible),
                outcome_count=Count("tagged_threads", filter=with_outcome),
            ).order_by("name")
        )

    return cache.get_or_set(f"forum:tag-counts:{thread_list_version()}", count, 300)


def outcome_thread_count(scope: str, threads: ThreadQuerySet) -> int:
    """How many of `threads` (visible ones) have an outcome: one COUNT on the outcome index,
    cached until the thread lists change, as the lists' page counts are."""
    key = f"forum:outcome-count:{thread_list_version()}:{scope}"
    return cache.get_or_set(key, lambda: threads.visible().with_outcome().count(), 300)


def forum_activity_counts() -> dict[int, tuple[int, int, int]]:
    """Per forum with visible threads: (threads, replies, id of the latest active thread).

    Two queries whatever the number of forums (one aggregate, one for the latest threads),
    cached until the thread lists change, as the tag counts are. Only numbers are kept, so
    titles and names are always read fresh.
    """
    from forum.models import Thread

    def compute() -> dict[int, tuple[int, int, int]]:
        totals = list(
            Thread.objects.visible()
            .values("forum_id")
            .annotate(
                threads=Count("pk"), replies=Sum("reply_count"), latest=Max("last_activity_at")
            )
            .order_by()
        )
        if not totals:
            return {}
        latest_moments = Q()
        for row in totals:
            latest_moments |= Q(forum_id=row["forum_id"], last_activity_at=row["latest"])
        latest = (
            Thread.objects.visible()
            .filter(latest_moments)
            .order_by("last_activity_at", "pk")
            .values_list("forum_id", "pk")
        )
        # Two threads active at the same instant: the newer one is shown.
        latest_ids = dict(latest)
        return {
            row["forum_id"]: (row["threads"], row["replies"] or 0, latest_ids[row["forum_id"]])
            for row in totals
        }

    return cache.get_or_set(f"forum:forum-activity:{thread_list_version()}", compute, 300)


def forums_with_activity() -> list:
    """Every forum with `thread_count`, `reply_total` and `latest_thread` (or None): two
    queries (forums, latest threads) beside the cached counts."""
    from forum.models import Forum, Thread

    forums = list(Forum.objects.all())
    counts = forum_activity_counts()
    latest_ids = [latest for _, _, latest in counts.values()]
    latest = {}
    if latest_ids:
        threads = Thread.objects.visible().filter(pk__in=latest_ids)
        latest = {thread.pk: thread for thread in threads.select_related("last_post__author")}
    for forum in forums:
        threads, replies, latest_id = counts.get(forum.pk, (0, 0, None))
        forum.thread_count, forum.reply_total = threads, replies
        forum.latest_thread = latest.get(latest_id)
    return forums
