from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from forum.permissions import holds_moderator_role, is_moderator
from moderation.queue import queue_count


def moderation_queue(request: HttpRequest) -> dict:
    """The header's link to the queue, for moderators only; the number waiting is read only
    when a page prints it, from the cache between changes. A moderator who must still set up
    two-factor authentication sees the link (it leads to the set-up) but no number."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not holds_moderator_role(user):
        return {}
    return {"moderation_queue_count": SimpleLazyObject(queue_count) if is_moderator(user) else 0}
