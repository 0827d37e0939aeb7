"""`{% image_attach %}`: the fields for attaching an image beside a post's text."""

from __future__ import annotations

from django import template
from django.urls import reverse

from forum.image_views import PostImageForm
from forum.images import IMAGES_PER_POST, NEW_MEMBER_IMAGES_PER_POST, POST_IMAGE_MAX_BYTES

register = template.Library()


@register.inclusion_tag("forum/_image_attach.html", takes_context=True)
def image_attach(context) -> dict:
    """The image fields of a posting form: as the member sent them when an image was refused
    (forum/image_views.py puts that form on the request), otherwise empty. Nothing here is
    personal, so the reply form under a thread is rendered once for everyone."""
    request = context.get("request")
    return {
        "image_form": getattr(request, "image_form", None) or PostImageForm(),
        "upload_url": reverse("forum:image_upload"),
        "max_bytes": POST_IMAGE_MAX_BYTES,
        "per_post": IMAGES_PER_POST,
        "per_post_new": NEW_MEMBER_IMAGES_PER_POST,
    }
