from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forum.forms import ReplyForm
from forum.models import Forum, HelpfulVote, Post, ProjectContext, Tag, Thread
from forum.pagination import CachedCountPaginator, page_links, requested_page
from forum.permissions import can_reply, can_see_hidden_thread, is_moderator
from forum.posting_views import post_location
from forum.querysets import POST_SORTS, THREAD_SORTS, tags_with_thread_counts
from notifications.models import Subscription, TagFollow
from notifications.services import thread_visited

LIST_CONTEXTS = (ProjectContext.INTERNAL, ProjectContext.CLIENT)


def _choice(request: HttpRequest, name: str, allowed, default: str | None) -> str | None:
    """A whitelisted query parameter: anything unknown falls back to the default."""
    value = request.GET.get(name)
    return value if value in allowed else default


def _thread_list_page(
    request: HttpRequest, threads, *, scope: str, template: str, extra: dict
) -> HttpResponse:
    sort = _choice(request, "sort", THREAD_SORTS, "activity")
    context = _choice(request, "context", LIST_CONTEXTS, None)
    threads = threads.visible().in_context(context).sorted_by(sort)
    paginator = CachedCountPaginator(
        threads.for_list(),
        settings.FORUM_THREADS_PER_PAGE,
        count_key=f"{scope}|{sort}|{context}",
    )
    number = requested_page(request)
    if number > paginator.num_pages:
        raise Http404("No such page.")
    page = paginator.page(number)
    return render(
        request,
        template,
        {
            "threads": page.object_list,
            "sort": sort,
            "context_filter": context,
            "sorts": THREAD_SORT_LABELS,
            "contexts": LIST_CONTEXTS,
            "pagination": page_links(request, number, paginator.num_pages),
            "thread_total": paginator.count,
            **extra,
        },
    )


THREAD_SORT_LABELS = {
    "activity": "Latest activity",
    "newest": "Newest",
    "replies": "Most replies",
    "unanswered": "Unanswered",
}
POST_SORT_LABELS = {"oldest": "Oldest", "newest": "Newest", "helpful": "Most helpful"}


@require_GET
def thread_list(request: HttpRequest) -> HttpResponse:
    return _thread_list_page(
        request, Thread.objects.all(), scope="all", template="forum/thread_list.html", extra={}
    )


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
    following = user.is_authenticated and TagFollow.objects.filter(user=user, tag=tag).exists()
    return _thread_list_page(
        request,
        Thread.objects.filter(tags=tag),
        scope=f"tag:{tag.pk}",
        template="forum/tag_detail.html",
        extra={"tag": tag, "following": following},
    )


@require_GET
def tag_list(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/tag_list.html", {"tags": tags_with_thread_counts()})


@require_GET
def thread_detail(request: HttpRequest, thread_id: int, slug: str) -> HttpResponse:
    thread = get_object_or_404(
        Thread.objects.select_related("forum", "author", "accepted_post__author").prefetch_related(
            "tags"
        ),
        pk=thread_id,
    )
    if thread.is_hidden and not can_see_hidden_thread(request.user, thread):
        raise Http404("No such thread.")
    if slug != thread.slug:
        target = thread.get_absolute_url()
        if request.GET:
            target += "?" + request.GET.urlencode()
        return redirect(target, permanent=True)

    sort = _choice(request, "sort", POST_SORTS, "oldest")
    per_page = settings.FORUM_POSTS_PER_PAGE
    user = request.user
    subscription = (
        Subscription.objects.filter(user=user, thread=thread).first()
        if user.is_authenticated
        else None
    )
    if subscription is not None and not request.GET:
        unseen = _first_unseen_location(subscription, thread)
        if unseen:
            return redirect(unseen)
    number = requested_page(request)
    num_pages = thread.reply_page_count(per_page)
    if number > num_pages:
        raise Http404("No such page.")
    posts = list(Post.objects.thread_page(thread, page=number, per_page=per_page, sort=sort))
    for post in posts:
        post.thread = thread  # permission checks read it; the thread is already here
    question = next((p for p in posts if p.number == 1), None)
    if question is None:
        raise Http404("This thread has no question.")
    replies = [p for p in posts if p.number != 1]
    voted, seen_before = set(), None
    if user.is_authenticated:
        voted = set(
            HelpfulVote.objects.filter(user=user, post__in=posts).values_list("post_id", flat=True)
        )
    if subscription is not None:
        seen_before = subscription.last_seen_number
        thread_visited(subscription=subscription, shown_up_to=max(p.number for p in posts))
    return render(
        request,
        "forum/thread_detail.html",
        {
            "thread": thread,
            "tags": thread.tags.all(),
            "question": question,
            "accepted": thread.accepted_post if thread.accepted_post_id else None,
            "replies": replies,
            "voted": voted,
            "subscription": subscription,
            "new_after": seen_before,
            "first_new_number": None if seen_before is None else max(2, seen_before + 1),
            "can_reply": can_reply(user, thread),
            "moderating": is_moderator(user),
            "forums": Forum.objects.all() if is_moderator(user) else (),
            "reply_form": ReplyForm() if user.is_authenticated else None,
            "sort": sort,
            "sorts": POST_SORT_LABELS,
            "pagination": page_links(request, number, num_pages),
            "canonical_url": settings.SITE_URL + thread.get_absolute_url(),
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
