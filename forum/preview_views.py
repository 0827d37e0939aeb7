"""The live preview of a post while it is being written (static/js/preview.js).

Forms keep their own Preview button, which works without JavaScript; this endpoint lets the
page show the same rendering as the member types, without sending the whole form.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from forum.confidentiality import check_post
from forum.forms import BODY_MAX, TITLE_MAX, tidy_body
from forum.markup import markdown_problem, with_scroll_boxes
from forum.mentions import render_post
from limits.responses import json_limit_refusal

# Previews one member may ask for per minute; typing with a pause between words stays far below.
PREVIEWS_PER_MINUTE = 120


@never_cache
@require_POST
def preview(request: HttpRequest) -> JsonResponse:
    """{"html": sanitised HTML} for the posted `body`, or {"problem": why the form refuses it},
    with {"confidential": what the guard finds in it (and in `title`, on the ask form)}."""
    if not request.user.is_authenticated:
        return JsonResponse({"problem": _("Please log in to preview.")}, status=403)
    refused = json_limit_refusal(
        f"preview:{request.user.pk}",
        [(PREVIEWS_PER_MINUTE, 60)],
        _("Too many previews; the next one shortly."),
    )
    if refused:
        return refused
    body = tidy_body(request.POST.get("body", ""))
    if len(body) > BODY_MAX:
        return JsonResponse(
            {
                "problem": gettext("Please keep it under %(limit)s characters (it has %(count)s).")
                % {"limit": f"{BODY_MAX:,}", "count": f"{len(body):,}"}
            },
            status=400,
        )
    # The confidentiality guard's findings for this member's text, their watch list read here:
    # the page never holds the list itself (forum/confidentiality.py).
    title = request.POST.get("title", "")[:TITLE_MAX]
    guard = {"confidential": check_post(request.user, body=body, title=title).as_dict()}
    problem = markdown_problem(body)
    if problem:
        # Not a failed request: the preview's answer is that the form would refuse this text.
        return JsonResponse({"problem": problem, **guard})
    return JsonResponse({"html": with_scroll_boxes(render_post(body)), **guard})
