from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.services import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    """The header badge: loaded with the member (accounts/backends.py), never cached apart."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
