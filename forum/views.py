from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forum.experience import side_or_none
from forum.fragments import fill_times, render_fragment, shared_block
from forum.list_filters import ListFilters
from forum.models import Forum, HelpfulVote, Post, ProjectContext, Tag, Thread
from forum.outcome_views import outcome_box
from forum.pagination import CachedCountPaginator, page_links, requested_page
from forum.permissions import can_reply, can_see_hidden_thread, is_moderator, unwrapped
from forum.post_rendering import Reader, render_posts
from forum.posting_views import post_location
from forum.querysets import (
    POST_SORTS,
    THREAD_SORTS,
    forums_with_activity,
    outcome_thread_count,
    tags_with_thread_counts,
)
from forum.thread_pages import DEFAULT_POST_SORT, shared_thread_page
from notifications.menus import tag_watch_menu, thread_watch_menu
from notifications.models import Subscription, TagFollow
from notifications.services import notices_seen, thread_visited
from notifications.watching import Muting, muting_of
from writing.posting import reply_box_html

LIST_CONTEXTS = (ProjectContext.INTERNAL, ProjectContext.CLIENT)
OUTCOME_FILTERS = ("yes",)  # ?outcome=yes: threads with an outcome
DEFAULT_THREAD_SORT = "activity"


def _choice(request: HttpRequest, name: str, allowed, default: str | None) -> str | None:
    """A whitelisted query parameter: anything unknown falls back to the default."""
    value = request.GET.get(name)
    return value if value in allowed else default


def _thread_list_page(
    request: HttpRequest,
    threads,
    *,
    scope: str,
    template: str,
    extra: dict,
    count_outcomes: bool = False,
    muting: Muting | None = None,
) -> HttpResponse:
    # A member's muted threads and tags leave their lists (notifications/watching.py). The
    # list is then another list: its cached body and counts are named by what is muted, so
    # members who mute nothing, and visitors, share theirs, and nobody sees another's muting.
    muting = muting_of(request.user) if muting is None else muting
    if muting:
        threads = muting.apply(threads)
        scope = f"{scope}|{muting.key}"
    sort = _choice(request, "sort", THREAD_SORTS, DEFAULT_THREAD_SORT)
    context = _choice(request, "context", LIST_CONTEXTS, None)
    filters = ListFilters.from_request(request)
    outcome = _choice(request, "outcome", OUTCOME_FILTERS, None)
    number = requested_page(request)

    def render_body() -> str:
        in_list = threads.visible().in_context(context).with_outcome(bool(outcome))
        in_list = in_list.sorted_by(sort)
        listed = filters.apply(in_list)
        paginator = CachedCountPaginator(
            listed.for_list(),
            settings.FORUM_THREADS_PER_PAGE,
            count_key=f"{scope}|{sort}|{context}|{filters.query}" + ("|outcome" if outcome else ""),
        )
        if number > paginator.num_pages:
            raise Http404("No such page.")
        # Fetched here: a fragment may not query while it renders.
        shown = list(paginator.page(number).object_list)
        list_tags = tags_of(shown)
        unanswered = (
            threads.visible()
            .filter(reply_count=0)
            .in_any_tag([tag.pk for tag in list_tags])
            .exclude(pk__in=[thread.pk for thread in shown])
            .order_by("-created_at", "-id")
            .for_sidebar()
            if list_tags
            else []
        )
        return render_fragment(
            "forum/_thread_list_body.html",
            {
                "threads": shown,
                "list_tags": list_tags,
                "unanswered": unanswered,
                "sort": sort,
                "context_filter": context,
                "outcome_filter": outcome,
                "outcome_total": outcome_thread_count(scope, threads) if count_outcomes else None,
                "sorts": THREAD_SORT_LABELS,
                "pagination": page_links(
                    number,
                    paginator.num_pages,
                    {
                        "sort": None if sort == DEFAULT_THREAD_SORT else sort,
                        "context": context,
                        **filters.params(),
                        "outcome": outcome,
                    },
                ),
                "thread_total": paginator.count,
                # The counts differ between lists, not between their orders (but "unanswered").
                **filters.panel(
                    in_list,
                    f"{scope}|{context}|{sort == 'unanswered'}|{bool(outcome)}",
                    sort=sort,
                    context=context,
                ),
            },
        )

    body = shared_block(request, f"thread-list:{scope}", render_body)
    return render(request, template, {"list_body": body, **extra})


def tags_of(threads: list[Thread], limit: int = 15) -> list[Tag]:
    """The tags of listed threads (for_list's tag_list), the most used first."""
    uses = Counter(tag for thread in threads for tag in thread.tag_list)
    return sorted(uses, key=lambda tag: (-uses[tag], tag.name))[:limit]


THREAD_SORT_LABELS = {
    "activity": _("Latest activity"),
    "newest": _("Newest"),
    "replies": _("Most replies"),
    "unanswered": _("Unanswered"),
}


@require_GET
def thread_list(request: HttpRequest) -> HttpResponse:
    return _thread_list_page(
        request, Thread.objects.all(), scope="all", template="forum/thread_list.html", extra={}
    )


@require_GET
def forum_list(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/forum_list.html", {"forums": forums_with_activity()})


@require_GET
def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(Forum, slug=slug)
    return _thread_list_page(
        request,
        Thread.objects.filter(forum=forum),
        scope=f"forum:{forum.pk}",
        template="forum/forum_detail.html",
        extra={"forum": forum},
    )


@require_GET
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    user = request.user
    menu = None
    if user.is_authenticated:
        menu = tag_watch_menu(tag, TagFollow.objects.filter(user=user, tag=tag).first())
    return _thread_list_page(
        request,
        Thread.objects.filter(tags=tag),
        scope=f"tag:{tag.pk}",
        template="forum/tag_detail.html",
        extra={"tag": tag, "watch_menu": menu},
        count_outcomes=True,
        muting=muting_of(user).without_tag(tag.pk),
    )


@require_GET
def tag_list(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/tag_list.html", {"tags": tags_with_thread_counts()})


@require_GET
def thread_detail(request: HttpRequest, thread_id: int, slug: str) -> HttpResponse:
    user = unwrapped(request.user)
    sort = _choice(request, "sort", POST_SORTS, DEFAULT_POST_SORT)
    side = side_or_none(request.GET.get("side"))
    number = requested_page(request)
    page = shared_thread_page(request, thread_id, number, sort, side)
    thread = page.thread
    if thread is None or (thread.is_hidden and not can_see_hidden_thread(user, thread)):
        raise Http404("No such thread.")
    if slug != thread.slug:
        target = thread.get_absolute_url()
        if request.GET:
            target += "?" + request.GET.urlencode()
        return redirect(target, permanent=True)

    watch = (
        Subscription.objects.filter(user=user, thread=thread).first()
        if user.is_authenticated
        else None
    )
    # Only Watching and Tracking keep a place and show "new"; a muted thread reads as Normal.
    subscription = watch if watch is not None and watch.follows else None
    if subscription is not None and not request.GET:
        unseen = _first_unseen_location(subscription, thread)
        if unseen:
            return redirect(unseen)
    if page.posts is None:
        raise Http404("No such page.")
    posts = page.posts
    for post in posts:
        post.thread = thread  # permission checks read it; the thread is already here
    question = next((p for p in posts if p.number == 1), None)
    if question is None:
        raise Http404("This thread has no question.")
    replies = [p for p in posts if p.number != 1]
    voted = frozenset()
    if user.is_authenticated:
        voted = frozenset(
            HelpfulVote.objects.filter(user=user, post__in=posts).values_list("post_id", flat=True)
        )
    seen_before = None
    if subscription is not None:
        seen_before = subscription.last_seen_number
    if subscription is not None and not side:
        # A page of one side's replies skips the others: what it shows is not all there is.
        thread_visited(
            reader=user, subscription=subscription, shown_up_to=max(p.number for p in posts)
        )
    elif user.is_authenticated:
        notices_seen(reader=user, post_ids=[p.pk for p in posts])
    replying = can_reply(user, thread)
    moderating = is_moderator(user)
    reader = Reader(user, thread, voted, replying, moderating, seen_up_to=seen_before)
    outcome = outcome_box(user, thread)
    shown = [*posts, outcome.post] if outcome.post else posts
    articles = dict(
        zip((p.pk for p in shown), render_posts(request, shown, reader, page.contents), strict=True)
    )
    return render(
        request,
        "forum/thread_detail.html",
        {
            "thread": thread,
            "tags": thread.tags.all(),
            "question": question,
            # Relative times in the shared blocks are worded as of this view.
            "shared": {name: fill_times(block) for name, block in page.blocks.items()},
            "question_html": articles[question.pk],
            "outcome": outcome,
            "outcome_html": articles[outcome.post.pk] if outcome.post else None,
            "replies": replies,
            "replies_html": [articles[p.pk] for p in replies],
            "subscription": subscription,
            "watch_menu": thread_watch_menu(thread, watch) if user.is_authenticated else None,
            "can_reply": replying,
            "moderating": moderating,
            "forums": Forum.objects.all() if moderating else (),
            "reply_form_html": reply_box_html(request, thread) if replying else None,
        },
    )


def _first_unseen_location(subscription: Subscription, thread: Thread) -> str | None:
    """For a subscriber opening the thread afresh: the page and place of the first new reply."""
    seen = subscription.last_seen_number
    if seen >= thread.last_number:
        return None
    first_new = max(2, seen + 1)
    page = (first_new - 2) // settings.FORUM_POSTS_PER_PAGE + 1
    return f"{thread.get_absolute_url()}?page={page}#new"


@require_GET
def content_redirect(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(
        Post.objects.filter(thread__is_hidden=False).select_related("thread"), pk=post_id
    )
    return redirect(post_location(post))


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
