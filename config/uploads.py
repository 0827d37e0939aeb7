"""Uploaded images, for every kind of upload (avatars, images in posts).

Nothing a member uploads is stored or served as sent. An upload is read within a byte limit,
decoded by Pillow within a pixel limit and only by the decoders asked for, and what is stored
is a new file drawn from the decoded pixels: metadata (camera, GPS position, comments, colour
profiles) and anything hidden after the image data are gone. Stored files get random names and
are deleted from the storage only after the database has forgotten them.
"""

from __future__ import annotations

import io
import logging
import secrets
import struct
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

_DAMAGED = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)
_SIXTEEN_BIT_GREY = ("I", "I;16", "I;16B", "I;16L", "I;16N")
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")


class ImageRefused(Exception):
    """Why an upload cannot be used, as a code each kind of upload words for its own form:
    too_large, empty, not_image, too_many_pixels or damaged."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_pixels: int
    formats: tuple[str, ...]  # Pillow's names of the decoders that may read the upload


def upload_bytes(upload: UploadedFile, limits: ImageLimits) -> bytes:
    """The upload's content, read no further than one byte past the limit."""
    if upload.size is not None and upload.size > limits.max_bytes:
        raise ImageRefused("too_large")
    upload.seek(0)
    data = upload.read(limits.max_bytes + 1)
    if not data:
        raise ImageRefused("empty")
    if len(data) > limits.max_bytes:
        raise ImageRefused("too_large")
    return data


def _check_pixels(image: Image.Image, limits: ImageLimits) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageRefused("damaged")
    if width * height > limits.max_pixels:
        raise ImageRefused("too_many_pixels")


def decoded_image(
    data: bytes, limits: ImageLimits, *, draft_size: tuple[int, int] | None = None
) -> Image.Image:
    """The image in `data`, decoded (its first frame, for animations), or ImageRefused.

    The size its header claims is checked before any pixel is decoded, so a decompression bomb
    (a few kilobytes that would decode to gigabytes) costs nothing. `draft_size` lets the JPEG
    decoder scale down while decoding, for callers that only need a small picture.
    """
    try:
        # Pillow warns (rather than fails) between its own limit and twice that: make it fail.
        # The pixel check is stricter still; this catches anything decoded on the way.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # `formats` keeps Pillow's other decoders (and their bugs) out of reach.
            with Image.open(io.BytesIO(data), formats=limits.formats) as probe:
                _check_pixels(probe, limits)
                probe.verify()
            # verify() leaves the image unusable; decode a fresh copy.
            image = Image.open(io.BytesIO(data), formats=limits.formats)
            _check_pixels(image, limits)
            if draft_size and image.format == "JPEG":
                image.draft("RGB", draft_size)
            image.load()
            return image
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRefused("too_many_pixels") from exc
    except UnidentifiedImageError as exc:
        raise ImageRefused("not_image") from exc
    except _DAMAGED as exc:
        raise ImageRefused("damaged") from exc


def upright(image: Image.Image) -> Image.Image:
    """The image turned as its orientation flag says: phone photos are stored sideways plus a
    flag, which the stored file will no longer carry."""
    return ImageOps.exif_transpose(image)


def has_alpha(image: Image.Image) -> bool:
    return image.mode in _ALPHA_MODES or (image.mode == "P" and "transparency" in image.info)


def true_colour(image: Image.Image) -> Image.Image:
    """8-bit RGB, or RGBA when the image has transparency: what every encoder takes."""
    if image.mode in _SIXTEEN_BIT_GREY:
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGBA" if has_alpha(image) else "RGB")


def encoded(image: Image.Image, file_format: str, **options) -> bytes:
    """A new file of the image's pixels. Encoders copy some of what the decoder found (EXIF,
    XMP, colour profile, comments, transparency) from `image.info` unless told otherwise, so
    that is emptied first: what the file needs besides pixels is passed in `options`."""
    image.info.clear()
    out = io.BytesIO()
    image.save(out, format=file_format, **options)
    return out.getvalue()


def stored_file_save(*, folder: str, extension: str, content: bytes) -> str:
    """Save `content` under a new random name in `folder` of the default storage (the local
    disk or the bucket); return the stored name. Names are never reused, so nothing can keep
    showing an older file under a name, and browsers may cache each file for ever."""
    name = f"{folder}/{secrets.token_urlsafe(16)}.{extension}"
    return default_storage.save(name, ContentFile(content))


def stored_file_delete(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        # A leftover file costs a little storage; failing the member's request would cost more.
        logger.warning("Could not delete uploaded file %s", name, exc_info=True)
