from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from forum.permissions import is_moderator
from moderation.queue import queue_count


def moderation_queue(request: HttpRequest) -> dict:
    """The header's link to the queue, for moderators only; the number waiting is read only
    when a page prints it, from the cache between changes."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_moderator(user):
        return {}
    return {"moderation_queue_count": SimpleLazyObject(queue_count)}
