"""Avatar uploads: check, decode within limits, square, resize and re-encode as WebP.

The checks and the decoding are every upload's (config/uploads.py); the stored file is a new
192 px WebP square drawn from the decoded pixels.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from config.uploads import (
    ImageLimits,
    ImageRefused,
    decoded_image,
    encoded,
    true_colour,
    upload_bytes,
    upright,
)

AVATAR_MAX_BYTES = 2 * 1024 * 1024
# Decoded, 24 megapixels is about 100 MB of memory: a large phone photo fits, and anything
# bigger that still compresses under 2 MB is built to exhaust the server (a decompression bomb).
AVATAR_MAX_PIXELS = 24_000_000
# Cards draw avatars at 48 px and member pages at 96 px: one 192 px square is sharp on both,
# on high-density screens too.
AVATAR_SIZE = 192
AVATAR_LIMITS = ImageLimits(
    max_bytes=AVATAR_MAX_BYTES, max_pixels=AVATAR_MAX_PIXELS, formats=("PNG", "JPEG", "WEBP")
)
AVATAR_CONTENT_TYPES = "image/png,image/jpeg,image/webp"

MESSAGES = {
    "too_large": _("The image is larger than 2 MB. Please choose a smaller file."),
    "empty": _("The file is empty. Please choose a PNG, JPEG or WebP image."),
    "not_image": _("This file is not a PNG, JPEG or WebP image. Please choose one of those."),
    "too_many_pixels": (
        _(
            "The image is too large in pixels (more than 24 megapixels). "
            "Please resize it and try again."
        )
    ),
    "damaged": _("This image is damaged or incomplete and cannot be read. Please try another."),
}


def avatar_from_upload(upload: UploadedFile) -> ContentFile:
    """The stored form of an uploaded avatar, or ValidationError with a message for the form."""
    try:
        data = upload_bytes(upload, AVATAR_LIMITS)
        with decoded_image(data, AVATAR_LIMITS, draft_size=(AVATAR_SIZE, AVATAR_SIZE)) as image:
            picture = true_colour(upright(image))
    except ImageRefused as refused:
        raise ValidationError(MESSAGES[refused.code], code=refused.code) from refused
    square = ImageOps.fit(picture, (AVATAR_SIZE, AVATAR_SIZE), method=Image.Resampling.LANCZOS)
    return ContentFile(encoded(square, "WEBP", quality=85, method=4), name="avatar.webp")
