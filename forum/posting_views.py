"""Asking, replying, editing, deleting, voting and accepting: the views that change things."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.two_factor import two_factor_required_response
from forum import permissions
from forum.confidentiality import check_post
from forum.fact_fields import SIDE_FIELD, facts_from, facts_initial, side_from
from forum.forms import BODY_MAX, PostEditForm, ReplyForm, ThreadForm, tidy_body
from forum.image_views import attaches_images
from forum.images import images_problem
from forum.markup import markdown_problem
from forum.mentions import render_post
from forum.models import Post, Tag, Thread
from forum.pagination import requested_page
from forum.ratelimit import DuplicatePost, PostingTooFast
from forum.revision_diffs import history_page
from forum.services import (
    ThreadLocked,
    post_delete,
    post_edit,
    post_reply,
    post_toggle_accepted,
    post_toggle_helpful,
    thread_create,
)
from moderation.rules import link_problem
from writing.posting import Drafting
from writing.targets import DraftTarget


def post_location(post: Post) -> str:
    """The thread page the post is on, scrolled to it."""
    thread = post.thread
    page = thread.page_of(post, settings.FORUM_POSTS_PER_PAGE)
    query = f"?page={page}" if page > 1 else ""
    return f"{thread.get_absolute_url()}{query}#post-{post.pk}"


def _visible_thread(thread_id: int) -> Thread:
    return get_object_or_404(Thread.objects.visible().select_related("forum"), pk=thread_id)


def _visible_post(request: HttpRequest, post_id: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread", "thread__forum", "author"), pk=post_id
    )
    hidden = post.thread.is_hidden or post.is_hidden
    user = request.user
    if hidden and not (permissions.is_author(user, post) or permissions.is_moderator(user)):
        raise Http404("No such post.")
    return post


def _preview_of(request: HttpRequest) -> str | None:
    if "preview" not in request.POST:
        return None
    body = tidy_body(request.POST.get("body", "")[:BODY_MAX])
    if markdown_problem(body):
        return ""  # the form says why when it is sent; the preview shows nothing
    return render_post(body)


def _posting_form(request: HttpRequest, form_class, preview, *, first_initial, **kwargs):
    """The form as sent (to validate), as sent but unchecked (a preview shows the text again
    without errors yet), or fresh on the first GET."""
    if request.method != "POST":
        return form_class(initial=first_initial(), **kwargs)
    if preview is None:
        return form_class(request.POST, **kwargs)
    return form_class(initial=request.POST.dict(), **kwargs)


def _too_fast(request: HttpRequest, template: str, context: dict, wait: int) -> HttpResponse:
    context["rate_limited_for"] = wait
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _refuse_posting(request: HttpRequest) -> HttpResponse | None:
    """Why this member may not post at all right now, as the page to show; None if they may."""
    refused = permissions.suspension_response(request)
    if refused:
        return refused
    if not permissions.has_confirmed_email(request.user):
        return render(request, "forum/confirm_email_first.html", status=403)
    return None


def _refuse_changing(request: HttpRequest, post: Post) -> HttpResponse | None:
    """Why this member may not change this post now (suspended, or its thread is locked), as
    the page to show; None if nothing stands in the way."""
    return permissions.suspension_response(request) or permissions.locked_thread_response(
        request, post.thread
    )


def _refuse_acting_as_moderator(request: HttpRequest, post: Post) -> HttpResponse | None:
    """Changing someone else's post is a moderator's power: a moderator who must still set up
    two-factor authentication is sent to do so (accounts/two_factor.py) rather than refused.
    Asked before the permission, which treats them as a member until then."""
    if permissions.is_author(request.user, post):
        return None
    return two_factor_required_response(request)


def _acceptable(request: HttpRequest, form) -> bool:
    """Valid, within what a new member may post, and clear of what looks confidential unless
    sent with "Post anyway"; errors land next to the body, the guard's findings in
    `form.confidential` (forum/_confidentiality_warning.html)."""
    acceptable = form.is_valid()
    data = form.cleaned_data
    if acceptable:
        body = data["body"]
        problem = link_problem(request.user, body) or images_problem(request.user, body)
        if problem:
            form.add_error("body", problem)
            acceptable = False
    if "post_anyway" in request.POST:
        return acceptable  # the member read the warning and chose to post
    # Checked on a form with errors too, so that everything to look at shows at once.
    body, title = data.get("body", ""), data.get("title") or ""
    form.confidential = check_post(request.user, body=body, title=title)
    return acceptable and not form.confidential


def _tag_options() -> list[str]:
    return list(Tag.objects.order_by("name").values_list("name", flat=True)[:500])


@require_http_methods(["GET", "POST"])
@attaches_images
def thread_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refused = _refuse_posting(request)
    if refused:
        return refused
    preview = _preview_of(request)
    drafting = Drafting(request, DraftTarget.ask())
    form = _posting_form(
        request,
        ThreadForm,
        preview,
        first_initial=drafting.initial(lambda: {"tags": request.GET.get("tag", "")}),
    )
    context = {"form": form, "preview": preview, "tag_options": _tag_options()}
    context["drafting"] = drafting
    if drafting.saving:
        return drafting.save(form, "forum/thread_form.html", context)
    if request.method != "POST" or preview is not None or not _acceptable(request, form):
        return render(request, "forum/thread_form.html", context)

    data = form.cleaned_data
    try:
        thread = thread_create(
            author=request.user,
            forum=data["forum"],
            title=data["title"],
            body=data["body"],
            tags=data["tags"],
            context=data["context"],
            facts=facts_from(form),
            enforce_limits=True,
        )
    except DuplicatePost as duplicate:
        return redirect(duplicate.post.thread)
    except PostingTooFast as refused:
        return _too_fast(request, "forum/thread_form.html", context, refused.wait)
    if thread.is_hidden:
        messages.info(request, _("Your question is waiting for a moderator before others see it."))
    else:
        messages.success(request, _("Your question is posted."))
    return redirect(thread)


@require_http_methods(["GET", "POST"])
@attaches_images
def thread_reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _visible_thread(thread_id)
    if not request.user.is_authenticated:
        return redirect_to_login(thread.get_absolute_url())
    refused = _refuse_posting(request)
    if refused:
        return refused
    preview = _preview_of(request)
    default_side = request.user.default_experience_side
    drafting = Drafting(request, DraftTarget.reply(thread))
    form = _posting_form(
        request,
        ReplyForm,
        preview,
        first_initial=drafting.initial(
            lambda: {"body": _quoted(request, thread), SIDE_FIELD: default_side}
        ),
    )
    context = {"thread": thread, "form": form, "preview": preview, "drafting": drafting}
    if not permissions.can_reply(request.user, thread):
        context["locked"] = True
        return render(request, "forum/reply_form.html", context, status=403)
    if drafting.saving:
        return drafting.save(form, "forum/reply_form.html", context)
    if request.method != "POST" or preview is not None or not _acceptable(request, form):
        return render(request, "forum/reply_form.html", context)

    try:
        post = post_reply(
            author=request.user,
            thread=thread,
            body=form.cleaned_data["body"],
            experience_side=side_from(form, default_side),
            enforce_limits=True,
        )
    except DuplicatePost as duplicate:
        return redirect(post_location(duplicate.post))
    except PostingTooFast as refused:
        return _too_fast(request, "forum/reply_form.html", context, refused.wait)
    except ThreadLocked:
        context["locked"] = True
        return render(request, "forum/reply_form.html", context, status=403)
    if post.is_hidden:
        messages.info(request, _("Your reply is waiting for a moderator before others see it."))
    post.thread = thread
    thread.last_number = post.number
    return redirect(post_location(post))


def _quoted(request: HttpRequest, thread: Thread) -> str:
    """Reply text that starts with the quoted post, for ?quote=<content id>."""
    quote_id = request.GET.get("quote", "")
    if not (quote_id.isascii() and quote_id.isdigit()):
        return ""
    post = (
        Post.objects.filter(thread=thread, pk=int(quote_id), is_hidden=False, is_deleted=False)
        .select_related("author")
        .first()
    )
    if post is None:
        return ""
    name = post.author.name if post.author else gettext("Deleted member")
    quoted = "\n".join(f"> {line}" if line else ">" for line in post.body.splitlines())
    said = gettext("**%(name)s** wrote ([#%(id)s](%(url)s)):") % {
        "name": name,
        "id": post.pk,
        "url": post.get_absolute_url(),
    }
    return f"> {said}\n>\n{quoted}\n\n"


@require_http_methods(["GET", "POST"])
@attaches_images
def post_edit_view(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _visible_post(request, post_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refused = _refuse_changing(request, post)
    if refused:
        return refused
    refused = _refuse_acting_as_moderator(request, post)
    if refused:
        return refused
    if not permissions.can_edit(request.user, post):
        raise PermissionDenied("Only the author or a moderator can edit this post.")
    question = post.is_question
    preview = _preview_of(request)
    drafting = Drafting(request, DraftTarget.edit(post))
    form = _posting_form(
        request,
        PostEditForm,
        preview,
        first_initial=drafting.initial(
            lambda: {
                "body": post.body,
                "title": post.thread.title,
                "tags": ", ".join(tag.name for tag in post.thread.tags.all()) if question else "",
                SIDE_FIELD: post.experience_side,
                **facts_initial(post.thread),
            }
        ),
        question=question,
        context=post.thread.context,
    )
    context = {"post": post, "thread": post.thread, "form": form, "preview": preview}
    context["drafting"] = drafting
    if question:
        context["tag_options"] = _tag_options()
    if drafting.saving:
        return drafting.save(form, "forum/post_edit.html", context)
    if request.method != "POST" or preview is not None or not _acceptable(request, form):
        return render(request, "forum/post_edit.html", context)
    post_edit(
        post=post,
        editor=request.user,
        body=form.cleaned_data["body"],
        title=form.cleaned_data.get("title"),
        tags=form.cleaned_data.get("tags"),
        facts=facts_from(form),
        experience_side=side_from(form, None),
    )
    post.thread.refresh_from_db(fields=["slug", "title"])
    messages.success(request, _("Your changes are saved."))
    return redirect(post_location(post))


def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _visible_post(request, post_id)
    changes, pagination = history_page(post, requested_page(request))
    return render(
        request,
        "forum/post_history.html",
        {"post": post, "thread": post.thread, "changes": changes, "pagination": pagination},
    )


@require_http_methods(["GET", "POST"])
def post_delete_view(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _visible_post(request, post_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refused = _refuse_changing(request, post)
    if refused:
        return refused
    refused = _refuse_acting_as_moderator(request, post)
    if refused:
        return refused
    if not permissions.can_delete(request.user, post):
        raise PermissionDenied(
            "A question that has replies cannot be deleted by its author."
            if post.is_question and permissions.is_author(request.user, post)
            else _("Only the author or a moderator can delete this post.")
        )
    if request.method == "GET":
        return render(request, "forum/post_delete.html", {"post": post, "thread": post.thread})
    thread = post_delete(post=post, user=request.user)
    if thread is None:
        messages.success(request, _("Your question is deleted."))
        return redirect("forum:thread_list")
    messages.success(
        request, _("The outcome is removed.") if post.is_outcome else _("Your reply is deleted.")
    )
    return redirect(post_location(post))


def _toggle_view(request: HttpRequest, post_id: int, *, allowed, refusal: str, toggle, said):
    """A one-button action on a post: log in first, not while suspended, only if allowed."""
    post = _visible_post(request, post_id)
    if not request.user.is_authenticated:
        return redirect_to_login(post_location(post))
    refused = _refuse_changing(request, post)
    if refused:
        return refused
    if not allowed(request.user, post):
        raise PermissionDenied(refusal)
    messages.success(request, said(toggle(post)))
    return redirect(post_location(post))


@require_POST
def post_helpful(request: HttpRequest, post_id: int) -> HttpResponse:
    return _toggle_view(
        request,
        post_id,
        allowed=permissions.can_vote,
        refusal=_("You can mark other members' replies as helpful, not your own."),
        toggle=lambda post: post_toggle_helpful(post=post, user=request.user),
        said=lambda marked: _("Marked as helpful.") if marked else _("Helpful mark removed."),
    )


@require_POST
def post_accept(request: HttpRequest, post_id: int) -> HttpResponse:
    return _toggle_view(
        request,
        post_id,
        allowed=permissions.can_accept,
        refusal=_("Only the member who asked the question can accept an answer."),
        toggle=lambda post: post_toggle_accepted(post=post),
        said=lambda accepted: (
            _("Accepted as the answer.") if accepted else _("No longer the accepted answer.")
        ),
    )
