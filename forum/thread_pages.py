"""The part of a thread page that is the same for every reader.

The thread, one page of its posts, the rendered heading, accepted-answer summary, sort choices,
pagination and sidebar (thread facts, related questions), and each post's content as an
ordinary reader sees it: computed once per page version and shared by members and visitors
(forum/fragments.py shared_value). The thread view adds what is personal (the subscribe box,
forum/post_rendering.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from forum.experience import SIDES, side_count, summary_parts, unstated_count
from forum.fragments import render_fragment, shared_value
from forum.models import Post, Thread
from forum.pagination import page_links, query_string
from forum.post_rendering import contents_for_everyone

DEFAULT_POST_SORT = "oldest"
POST_SORT_LABELS = {"oldest": _("Oldest"), "newest": _("Newest"), "helpful": _("Most helpful")}


@dataclass
class ThreadPage:
    """One page of a thread as every reader gets it, before anything personal is added."""

    thread: Thread | None  # None: no such thread
    posts: list[Post] | None = None  # None: no such page
    blocks: dict[str, str] | None = None  # the rendered parts that are not posts
    contents: dict[int, str] | None = None  # each post's content, for ordinary readers


SHARED_THREAD_BLOCKS = {
    "head": "forum/_thread_head.html",
    "header": "forum/_thread_header.html",
    "accepted": "forum/_accepted_summary.html",
    "replies_header": "forum/_replies_header.html",
    "pagination_top": "includes/_pagination_top.html",
    "pagination": "includes/_pagination.html",
    "facts": "forum/_thread_facts.html",
    "related": "forum/_related_threads.html",
    "experience": "forum/_experience_summary.html",
}


def related_threads(thread: Thread, tag_ids: list[int]) -> list[Thread]:
    """Other questions with one of the thread's tags, latest activity first (the sidebar)."""
    if not tag_ids:
        return []
    return (
        Thread.objects.visible()
        .in_any_tag(tag_ids)
        .exclude(pk=thread.pk)
        .order_by("-last_activity_at", "-id")
        .for_sidebar()
    )


def side_context(thread: Thread, sort: str, side: str | None) -> dict:
    """What the experience summary and the replies' heading need for the side filter (or
    none): the summary's links keep the sort, the sort links keep the side."""
    kept_sort = None if sort == DEFAULT_POST_SORT else sort

    def link(to_side: str | None) -> str:
        return "?" + query_string({"sort": kept_sort, "side": to_side}) + "#replies-heading"

    return {
        "side": side,
        "side_heading": SIDES[side].heading if side else "",
        "side_total": side_count(thread, side) if side else thread.reply_count,
        "side_query": query_string({"side": side}),
        "summary": summary_parts(thread, current=side, link=link),
        "summary_all_url": link(None),
        "unstated": unstated_count(thread),
    }


def shared_thread_page(
    request: HttpRequest, thread_id: int, number: int, sort: str, side: str | None = None
) -> ThreadPage:
    """Page `number` of a thread in `sort` order, as every reader gets it (shared_value); with
    `side`, only the visible replies from that side of experience, numbered as in the thread."""
    per_page = settings.FORUM_POSTS_PER_PAGE

    def load() -> ThreadPage:
        thread = (
            Thread.objects.select_related(
                "forum", "author", "accepted_post__author", "outcome__author"
            )
            .prefetch_related("tags")
            .filter(pk=thread_id)
            .first()
        )
        if thread is None:
            return ThreadPage(None)
        sides = side_context(thread, sort, side)
        if side:
            num_pages = max(1, -(-sides["side_total"] // per_page))
        else:
            num_pages = thread.reply_page_count(per_page)
        if number > num_pages:
            return ThreadPage(thread)
        if side:
            page_of_posts = Post.objects.side_page(
                thread, side=side, page=number, per_page=per_page, sort=sort
            )
        else:
            page_of_posts = Post.objects.thread_page(
                thread, page=number, per_page=per_page, sort=sort
            )
        posts = list(page_of_posts)
        tags = thread.tags.all()
        context = {
            "thread": thread,
            "tags": tags,
            "related": related_threads(thread, [tag.pk for tag in tags]),
            "question": next((p for p in posts if p.number == 1), None),
            "accepted": thread.accepted_post if thread.accepted_post_id else None,
            "sort": sort,
            "sorts": POST_SORT_LABELS,
            "pagination": page_links(
                number,
                num_pages,
                {"sort": None if sort == DEFAULT_POST_SORT else sort, "side": side},
            ),
            "canonical_url": settings.SITE_URL + thread.get_absolute_url(),
            "SITE_NAME": settings.SITE_NAME,
            **sides,
        }
        blocks = {
            name: mark_safe(render_fragment(template, context))  # noqa: S308 (rendered, escaped)
            for name, template in SHARED_THREAD_BLOCKS.items()
        }
        # The outcome is shown under the question on every page (forum/outcome_views.py).
        shown = [*posts, thread.outcome] if thread.outcome_id else posts
        return ThreadPage(thread, posts, blocks, contents_for_everyone(shown, thread))

    return shared_value(request, f"thread:{thread_id}", load)
