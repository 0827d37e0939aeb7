"""Avatar uploads: check, decode within limits, square, resize and re-encode.

Nothing a member uploads is ever stored or served as sent. The stored file is a new WebP image
drawn from the decoded pixels, so metadata (camera, GPS position, comments, colour profiles) and
anything hidden after the image data are gone.
"""

from __future__ import annotations

import io
import struct
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

AVATAR_MAX_BYTES = 2 * 1024 * 1024
# Decoded, 24 megapixels is about 100 MB of memory: a large phone photo fits, and anything
# bigger that still compresses under 2 MB is built to exhaust the server (a decompression bomb).
AVATAR_MAX_PIXELS = 24_000_000
# Cards draw avatars at 48 px and member pages at 96 px: one 192 px square is sharp on both,
# on high-density screens too.
AVATAR_SIZE = 192
AVATAR_FORMATS = ("PNG", "JPEG", "WEBP")
AVATAR_CONTENT_TYPES = "image/png,image/jpeg,image/webp"

MESSAGES = {
    "too_large": "The image is larger than 2 MB. Please choose a smaller file.",
    "empty": "The file is empty. Please choose a PNG, JPEG or WebP image.",
    "not_image": "This file is not a PNG, JPEG or WebP image. Please choose one of those.",
    "too_many_pixels": (
        "The image is too large in pixels (more than 24 megapixels). "
        "Please resize it and try again."
    ),
    "damaged": "This image is damaged or incomplete and cannot be read. Please try another.",
}

_DAMAGED = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)
_SIXTEEN_BIT_GREY = ("I", "I;16", "I;16B", "I;16L", "I;16N")


def _error(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code)


def _check_pixels(image: Image.Image) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise _error("damaged")
    if width * height > AVATAR_MAX_PIXELS:
        raise _error("too_many_pixels")


def _squared(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)  # phone photos are stored sideways plus a flag
    if image.mode in _SIXTEEN_BIT_GREY:
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
    square = ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), method=Image.Resampling.LANCZOS)
    square.info.clear()  # never carry EXIF, XMP or ICC data into the new file
    return square


def avatar_from_upload(upload: UploadedFile) -> ContentFile:
    """The stored form of an uploaded avatar, or ValidationError with a message for the form."""
    if upload.size is not None and upload.size > AVATAR_MAX_BYTES:
        raise _error("too_large")
    upload.seek(0)
    data = upload.read(AVATAR_MAX_BYTES + 1)
    if not data:
        raise _error("empty")
    if len(data) > AVATAR_MAX_BYTES:
        raise _error("too_large")

    try:
        # Pillow warns (rather than fails) between its own limit and twice that: make it fail.
        # The pixel check below is stricter still; this catches anything decoded on the way.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # `formats` keeps Pillow's other decoders (and their bugs) out of reach.
            with Image.open(io.BytesIO(data), formats=AVATAR_FORMATS) as probe:
                _check_pixels(probe)
                probe.verify()
            # verify() leaves the image unusable; decode a fresh copy.
            with Image.open(io.BytesIO(data), formats=AVATAR_FORMATS) as image:
                _check_pixels(image)
                if image.format == "JPEG":
                    # Let the JPEG decoder scale down while decoding: far less memory.
                    image.draft("RGB", (AVATAR_SIZE, AVATAR_SIZE))
                image.load()
                square = _squared(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _error("too_many_pixels") from exc
    except UnidentifiedImageError as exc:
        raise _error("not_image") from exc
    except _DAMAGED as exc:
        raise _error("damaged") from exc

    out = io.BytesIO()
    square.save(out, format="WEBP", quality=85, method=4)
    return ContentFile(out.getvalue(), name="avatar.webp")
