"""Suggestions of members to mention while a post is written (static/js/mentions.js).

Without the script nothing is lost: `@username` typed in full links the same way.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.validators import USERNAME_MAX_LENGTH
from limits.responses import json_limit_refusal

SUGGESTIONS_MAX = 8
# Lookups one member may make per minute: the script asks once per pause in typing after an @,
# and remembers answers, so writing a post with a dozen mentions stays far below.
SUGGESTIONS_PER_MINUTE = 60


def _prefix(request: HttpRequest) -> str:
    """?q= as the start of a name: printable, without the @, no longer than a username."""
    raw = request.GET.get("q", "").lstrip("@")
    return "".join(ch for ch in raw if ch.isprintable()).strip()[:USERNAME_MAX_LENGTH]


@never_cache
@require_GET
def mention_suggestions(request: HttpRequest) -> JsonResponse:
    """{"members": [{"username", "name"}...]}: active members whose username or display name
    (or a later word of it) starts with ?q=, the most active first."""
    if not request.user.is_authenticated:
        return JsonResponse({"problem": _("Please log in to mention members.")}, status=403)
    refused = json_limit_refusal(
        f"mention-suggestions:{request.user.pk}",
        [(SUGGESTIONS_PER_MINUTE, 60)],
        _("Too many lookups; try again shortly."),
    )
    if refused:
        return refused
    prefix = _prefix(request)
    if not prefix:
        return JsonResponse({"members": []})
    members = (
        User.objects.filter(is_active=True)
        .filter(
            Q(username__istartswith=prefix)
            | Q(display_name__istartswith=prefix)
            | Q(display_name__icontains=f" {prefix}")
        )
        .exclude(pk=request.user.pk)
        # The member directory's "most active" order and its index.
        .order_by("-post_count", "-id")
        .values_list("username", "display_name")[:SUGGESTIONS_MAX]
    )
    return JsonResponse({"members": [{"username": u, "name": name or u} for u, name in members]})
