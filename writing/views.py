"""The drafts list, saving and discarding drafts, and the formatting help page."""

from __future__ import annotations

import math
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from forum.markup import render_markdown
from forum.pagination import page_links, requested_page
from limits.counters import LimitReached
from writing.forms import draft_content
from writing.help import EXAMPLES, LIMITS
from writing.models import Draft
from writing.services import (
    KEEP_DAYS,
    draft_discard,
    draft_save,
    draft_save_allowed,
)
from writing.targets import target_for


def _problem(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"problem": message, **extra}, status=status)


@never_cache
@require_POST
def draft_save_view(request: HttpRequest) -> JsonResponse:
    """Keep the sent form as the member's draft of the form named by `target` (the page's
    script calls this every few seconds and on leaving; static/js/drafts.js). JSON answers:
    {"saved": ...}, or {"problem": why} with 400 (too long: "errors" by field), 403, 404 or
    429 (with Retry-After)."""
    if not request.user.is_authenticated:
        return _problem(_("Please log in to keep drafts."), 403)
    try:
        target = target_for(request.user, request.POST.get("target", ""))
    except Http404 as missing:
        return _problem(str(missing), 404)
    except PermissionDenied as refused:
        return _problem(str(refused), 403)
    form = target.form(request.POST)
    content = draft_content(form)
    if content is None:
        errors = {name: list(messages_) for name, messages_ in form.errors.items()}
        return _problem(gettext("The draft is too long to keep."), 400, errors=errors)
    try:
        draft_save_allowed(member=request.user)
    except LimitReached as refused:
        response = _problem(
            gettext("Saved a moment ago; saving again in %(seconds)s s.")
            % {"seconds": refused.wait},
            429,
            retry_after=refused.wait,
        )
        response["Retry-After"] = str(refused.wait)
        return response
    draft = draft_save(member=request.user, target=target, content=content)
    return JsonResponse({"saved": draft is not None})


@login_required
@require_POST
def draft_discard_view(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = get_object_or_404(Draft.objects.of_member(request.user), pk=draft_id)
    draft_discard(draft=draft)
    messages.success(request, _("Draft discarded."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "writing:draft_list"
    return redirect(back)


@login_required
@require_GET
def draft_list(request: HttpRequest) -> HttpResponse:
    per_page = settings.FORUM_THREADS_PER_PAGE
    number = requested_page(request)
    # The count loaded with the member (the header's) numbers the pages: no COUNT here.
    pages = max(1, math.ceil(Draft.objects.count_of(request.user) / per_page))
    if number > pages:
        raise Http404("No such page.")
    start = (number - 1) * per_page
    drafts = Draft.objects.of_member(request.user).for_list()[start : start + per_page]
    return render(
        request,
        "writing/draft_list.html",
        {"drafts": drafts, "pagination": page_links(number, pages), "keep_days": KEEP_DAYS},
    )


@lru_cache(maxsize=8)
def _rendered_examples(language: str | None) -> list[tuple[str, str, str]]:
    """The examples in `language` (the active one), each rendered once."""
    translated = [(gettext(what), gettext(source)) for what, source in EXAMPLES]
    return [(what, source, render_markdown(source)) for what, source in translated]


@require_GET
def formatting_help(request: HttpRequest) -> HttpResponse:
    """What members can write: each example rendered by the site's own Markdown renderer."""
    return render(
        request,
        "writing/formatting_help.html",
        {"examples": _rendered_examples(get_language()), "limits": LIMITS},
    )
