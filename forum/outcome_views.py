"""The outcome of a thread: its form, "Don't ask again", and what the thread page shows of it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.two_factor import two_factor_required_response
from forum import permissions
from forum.forms import OutcomeForm
from forum.models import OUTCOME_NUMBER, OutcomeReminder, Post, Thread
from forum.outcomes import OutcomeExists, outcome_post, outcome_reminder_decline
from forum.posting_views import (
    _acceptable,
    _posting_form,
    _preview_of,
    _refuse_posting,
    _too_fast,
    _visible_thread,
    post_location,
)
from forum.ratelimit import DuplicatePost, PostingTooFast
from forum.services import ThreadLocked

TEMPLATE = "forum/outcome_form.html"


def _to_existing(request: HttpRequest, outcome: Post, thread: Thread) -> HttpResponse:
    """Once per thread: whoever could post it is sent to the one there is, to edit it."""
    outcome.thread = thread
    messages.info(request, _("This thread has its outcome already: you can edit it."))
    return redirect(post_location(outcome))


@require_http_methods(["GET", "POST"])
def thread_outcome(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The asker's (or a moderator's) answer to "What did you decide, and how did it go?"."""
    thread = _visible_thread(thread_id)
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refused = _refuse_posting(request) or permissions.locked_thread_response(request, thread)
    if refused:
        return refused
    if thread.author_id != user.pk:
        # Posting for the asker is a moderator's power: a moderator who must still set up
        # two-factor authentication is sent to do so (accounts/two_factor.py).
        refused = two_factor_required_response(request)
        if refused:
            return refused
    may_post = thread.author_id == user.pk or permissions.is_moderator(user)
    if may_post and thread.outcome_id is not None:
        return _to_existing(request, thread.outcome, thread)
    if not permissions.can_post_outcome(user, thread):
        raise PermissionDenied(
            _("Only the member who asked the question, or a moderator, can post its outcome.")
        )
    preview = _preview_of(request)
    form = _posting_form(request, OutcomeForm, preview, first_initial=dict)
    context = {"thread": thread, "form": form, "preview": preview}
    if request.method != "POST" or preview is not None or not _acceptable(request, form):
        return render(request, TEMPLATE, context)
    try:
        post = outcome_post(
            thread=thread, author=user, body=form.cleaned_data["body"], enforce_limits=True
        )
    except OutcomeExists as existing:
        return _to_existing(request, existing.post, thread)
    except DuplicatePost as duplicate:
        return redirect(post_location(duplicate.post))
    except PostingTooFast as too_soon:
        return _too_fast(request, TEMPLATE, context, too_soon.wait)
    except ThreadLocked:
        return permissions.locked_thread_response(request, thread) or redirect(thread)
    if post.is_hidden:
        messages.info(request, _("Your outcome is waiting for a moderator before others see it."))
    else:
        messages.success(request, _("Thank you: the outcome is posted under the question."))
    return redirect(post_location(post))


@require_POST
def outcome_decline(request: HttpRequest, thread_id: int) -> HttpResponse:
    """ "Don't ask again": the asker will not be asked about this thread's outcome."""
    thread = _visible_thread(thread_id)
    if not request.user.is_authenticated:
        return redirect_to_login(thread.get_absolute_url())
    refused = permissions.suspension_response(request)
    if refused:
        return refused
    if not permissions.can_decline_outcome_reminder(request.user, thread):
        raise PermissionDenied("Only the member who asked the question is asked for its outcome.")
    outcome_reminder_decline(thread=thread)
    messages.success(
        request, _("We will not ask about this thread again. You can still post its outcome.")
    )
    return redirect(thread)


@dataclass(frozen=True)
class OutcomeBox:
    """What the thread page shows this reader of the outcome, under the question."""

    post: Post | None = None  # the outcome, as this reader may read it
    can_post: bool = False  # offer the asker the form
    asked: bool = False  # the reminder went out: ask the question and offer "Don't ask again"


def outcome_box(user, thread: Thread) -> OutcomeBox:
    """The published outcome costs nothing (it comes with the shared thread page). Only the
    asker and moderators of a thread without one pay a query or two: for an outcome hidden
    from the others, which they may still read, and for the asker's reminder."""
    if thread.outcome_id is not None:
        thread.outcome.thread = thread
        return OutcomeBox(post=thread.outcome)
    asker = user.is_authenticated and thread.author_id == user.pk
    if not (asker or permissions.is_moderator(user)):
        return OutcomeBox()
    waiting = (
        Post.objects.filter(thread=thread, number=OUTCOME_NUMBER).select_related("author").first()
    )
    if waiting is not None:
        waiting.thread = thread
        return OutcomeBox(post=waiting)
    # Moderators post an outcome from their tools; the page offers it to the asker.
    can_post = asker and permissions.can_post_outcome(user, thread)
    asked = (
        can_post
        and OutcomeReminder.objects.filter(
            thread=thread, asked_at__isnull=False, declined_at__isnull=True
        ).exists()
    )
    return OutcomeBox(can_post=can_post, asked=asked)
