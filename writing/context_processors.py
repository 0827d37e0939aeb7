from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from writing.models import Draft


def draft_count(request: HttpRequest) -> dict:
    """The header's "Drafts (n)": loaded with the member (accounts/backends.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"draft_count": SimpleLazyObject(lambda: Draft.objects.count_of(user))}
