"""The live preview of a post while it is being written (static/js/preview.js).

Forms keep their own Preview button, which works without JavaScript; this endpoint lets the
page show the same rendering as the member types, without sending the whole form.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from forum.forms import BODY_MAX
from forum.markup import markdown_problem, render_markdown, with_scroll_boxes

# Previews one member may ask for per minute; typing with a pause between words stays far below.
PREVIEWS_PER_MINUTE = 120


def _over_limit(user_id: int) -> bool:
    key = f"preview-count:{user_id}"
    cache.add(key, 0, timeout=60)
    try:
        return cache.incr(key) > PREVIEWS_PER_MINUTE
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=60)
        return False


@never_cache
@require_POST
def preview(request: HttpRequest) -> JsonResponse:
    """{"html": sanitised HTML} for the posted `body`, or {"problem": why the form refuses it}."""
    if not request.user.is_authenticated:
        return JsonResponse({"problem": "Please log in to preview."}, status=403)
    if _over_limit(request.user.pk):
        return JsonResponse({"problem": "Too many previews; the next one shortly."}, status=429)
    body = request.POST.get("body", "")
    if len(body) > BODY_MAX:
        return JsonResponse(
            {"problem": f"Please keep it under {BODY_MAX:,} characters (it has {len(body):,})."},
            status=400,
        )
    problem = markdown_problem(body)
    if problem:
        # Not a failed request: the preview's answer is that the form would refuse this text.
        return JsonResponse({"problem": problem})
    return JsonResponse({"html": with_scroll_boxes(render_markdown(body))})
