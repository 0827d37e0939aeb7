"""Moderators' pages and actions. Every action is a POST, checked by `moderator_only`."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.two_factor import two_factor_required_response
from forum.models import Post, Thread
from forum.pagination import page_links, requested_page
from forum.permissions import holds_moderator_role, is_moderator, suspension_response
from forum.posting_views import post_location
from moderation.forms import FlagForm, MoveForm, ReasonForm, RetagForm, SuspendForm
from moderation.models import LogEntry
from moderation.queue import posts_to_review
from moderation.services import (
    FlagRefused,
    flags_resolve,
    member_suspend,
    post_flag,
    post_set_hidden,
    thread_move,
    thread_retag,
    thread_set_hidden,
    thread_set_locked,
    thread_set_pinned,
)


def moderator_only(view):
    """The one gate for moderator URLs: visitors log in, members get a 403, moderators
    without two-factor authentication (while it is required) are sent to set it up."""

    @wraps(view)
    def gated(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not holds_moderator_role(request.user):
            raise PermissionDenied("Only moderators can do this.")
        refused = two_factor_required_response(request)
        if refused:
            return refused
        return view(request, *args, **kwargs)

    return gated


def _reason(request: HttpRequest) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


@require_http_methods(["GET", "POST"])
def flag_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(
        Post.objects.select_related("thread", "author").filter(
            thread__is_hidden=False, is_hidden=False, is_deleted=False
        ),
        pk=post_id,
    )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refused = suspension_response(request)
    if refused:
        return refused
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            hidden = post_flag(
                post=post,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except FlagRefused as refusal:
            messages.info(request, str(refusal))
            return redirect(post_location(post))
        messages.success(
            request,
            _("Thank you: the post is hidden until a moderator reviews it.")
            if hidden
            else _("Thank you: a moderator will look at this post."),
        )
        return redirect(post_location(post))
    return render(request, "moderation/flag.html", {"post": post, "form": form})


@require_POST
@moderator_only
def post_hide(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    hide = not (post.thread.is_hidden if post.is_question else post.is_hidden)
    post_set_hidden(post=post, hidden=hide, reason=_reason(request), moderator=request.user)
    messages.success(request, _("The post is hidden.") if hide else _("The post is visible again."))
    return redirect(post_location(post))


@require_POST
@moderator_only
def thread_hide(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    hide = not thread.is_hidden
    thread_set_hidden(thread=thread, hidden=hide, reason=_reason(request), moderator=request.user)
    messages.success(
        request, _("The thread is hidden.") if hide else _("The thread is visible again.")
    )
    return redirect(thread)


@require_POST
@moderator_only
def thread_lock(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    lock = not thread.is_locked
    thread_set_locked(thread=thread, locked=lock, moderator=request.user, reason=_reason(request))
    messages.success(
        request, _("The thread is locked.") if lock else _("The thread is open again.")
    )
    return redirect(thread)


@require_POST
@moderator_only
def thread_pin(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    pin = not thread.is_pinned
    thread_set_pinned(thread=thread, pinned=pin, moderator=request.user)
    messages.success(request, _("The thread is pinned.") if pin else _("The thread is unpinned."))
    return redirect(thread)


@require_POST
@moderator_only
def thread_move_view(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.select_related("forum"), pk=thread_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the forums in the list."))
        return redirect(thread)
    thread_move(thread=thread, forum=form.cleaned_data["forum"], moderator=request.user)
    messages.success(
        request,
        gettext("The thread is now in %(forum)s.") % {"forum": form.cleaned_data["forum"].name},
    )
    return redirect(thread)


@require_POST
@moderator_only
def thread_tags(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    form = RetagForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["tags"]))
        return redirect(thread)
    thread_retag(thread=thread, tags=form.cleaned_data["tags"], moderator=request.user)
    messages.success(request, _("The tags are changed."))
    return redirect(thread)


@require_http_methods(["GET", "POST"])
@moderator_only
def member_suspend_view(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(User, username=username)
    data = request.POST if request.method == "POST" else None
    form = SuspendForm(data, initial={"reason": member.suspension_reason})
    if request.method == "POST" and form.is_valid():
        if is_moderator(member):
            raise PermissionDenied("Moderators cannot suspend other moderators or staff.")
        until = form.cleaned_data["until"]
        member_suspend(
            member=member, until=until, reason=form.cleaned_data["reason"], moderator=request.user
        )
        messages.success(
            request, f"{member.name} is suspended." if until else _("The suspension is lifted.")
        )
        return redirect(member)
    return render(request, "moderation/suspend.html", {"member": member, "form": form})


@require_GET
@moderator_only
def queue(request: HttpRequest) -> HttpResponse:
    """Posts with open reports (held posts among them), most reported first."""
    posts = posts_to_review()
    return render(request, "moderation/queue.html", {"posts": posts})


@require_POST
@moderator_only
def resolve(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    hide = request.POST.get("decision") == "hide"
    closed = flags_resolve(post=post, moderator=request.user, hide=hide, reason=_reason(request))
    if not closed:
        messages.info(request, _("Those reports were already handled."))
    else:
        messages.success(
            request, _("The post is hidden.") if hide else _("The reports are dismissed.")
        )
    return redirect("moderation:queue")


@require_GET
@moderator_only
def log(request: HttpRequest) -> HttpResponse:
    entries = LogEntry.objects.select_related("moderator", "thread", "post", "member")
    paginator = Paginator(entries, settings.FORUM_THREADS_PER_PAGE)
    page = paginator.get_page(requested_page(request))
    pagination = page_links(page.number, paginator.num_pages)
    return render(
        request, "moderation/log.html", {"entries": page.object_list, "pagination": pagination}
    )
