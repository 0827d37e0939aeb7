"""Images in posts: what may be attached, how an upload becomes a stored image, how posts name
their images, and the sweep of uploads no post took.

An image is uploaded on its own while the member writes (static/js/image-upload.js, or the
posting form's file field without JavaScript) and the post names it in Markdown,
`![description](/media/post-images/<random name>.png)`. Only such names are shown inline: the
renderer (forum/markup.py) looks them up here when a post is saved, for their width and
height. The upload is decoded and re-encoded like every upload (config/uploads.py); here are
the limits and the formats of post images, and the checks only they need (SVG, polyglots).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image

from accounts.models import User
from config.uploads import (
    ImageLimits,
    ImageRefused,
    decoded_image,
    encoded,
    stored_file_delete,
    stored_file_save,
    true_colour,
    upload_bytes,
    upright,
)
from forum.markup import SITE_IMAGE_SOURCE, image_sources
from forum.models import Post, PostImage
from limits.counters import limits_take
from moderation.rules import NEW_MEMBER_POSTS, is_new_member

POST_IMAGE_MAX_BYTES = 5 * 1024 * 1024
# 20 megapixels is a large phone photo or a 5K screenshot; decoded, about 80 MB of memory.
POST_IMAGE_MAX_PIXELS = 20_000_000
POST_IMAGE_LIMITS = ImageLimits(
    max_bytes=POST_IMAGE_MAX_BYTES,
    max_pixels=POST_IMAGE_MAX_PIXELS,
    formats=("PNG", "JPEG", "GIF", "WEBP"),
)
POST_IMAGE_CONTENT_TYPES = "image/png,image/jpeg,image/gif,image/webp"
IMAGES_PER_POST = 10
NEW_MEMBER_IMAGES_PER_POST = 2
ALT_MAX_LENGTH = 250
# Uploads per member (attempts count, refused ones too: decoding is the costly part).
UPLOAD_RATES = [(20, 600), (100, 86400)]
# An upload no post has taken by then is deleted (the scheduler's post_images_sweep job).
ORPHAN_AGE = timedelta(days=1)
SWEEP_BATCH = 500
FOLDER = PostImage._meta.get_field("file").upload_to.rstrip("/")

MESSAGES = {
    "too_large": _("{name} is larger than 5 MB. Please choose a smaller image."),
    "empty": _("{name} is empty. Please choose a PNG, JPEG, GIF or WebP image."),
    "not_image": _("{name} is not a PNG, JPEG, GIF or WebP image. Please choose one of those."),
    "svg": (
        _(
            "{name} is an SVG drawing, which can carry scripts, so it cannot be attached. "
            "Please export it as a PNG and attach that."
        )
    ),
    "too_many_pixels": (
        _(
            "{name} is too large in pixels (more than 20 megapixels). "
            "Please resize it and try again."
        )
    ),
    "damaged": _("{name} is damaged or incomplete and cannot be read. Please try another image."),
    "polyglot": (
        _(
            "{name} carries something besides the picture (a web page, script, document or "
            "archive hidden in the file). Please save the picture again from an image editor, or "
            "take a screenshot of it, and attach that."
        )
    ),
}

# What a file that is also a web page, a script, a PDF or an archive holds somewhere (after the
# image data, or in a comment or metadata block). Long enough that compressed pixel data cannot
# match by chance (a 5 MB file: well under one in a million); the text ones in any case.
_ACTIVE_TEXT = re.compile(
    rb"<script[\s>/]|<html[\s>]|<!doctype\s+html|<\?php[\s=]|<iframe[\s>]|<object[\s>]"
    rb"|<embed[\s>]|<body[\s>]|javascript:"
)
_ACTIVE_BINARY = re.compile(rb"%PDF-\d|PK\x03\x04[\x0a\x14\x2d]\x00|PK\x05\x06")
# Inside ![...]: brackets, emphasis, code, strike-through, HTML, entities, escapes, table cells.
_ALT_SYNTAX = re.compile(r"([\\`*_\[\]<>&~|]|!(?=\[))")
_SVG_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml|<!--|<!doctype\s+svg|<svg[\s>])")


class ShownImage(NamedTuple):
    """A stored post image as the renderer prints it (forum/markup.py)."""

    url: str
    width: int
    height: int


# ---- Names and addresses ----


def image_url(name: str) -> str:
    """The address pages show a stored image at: on this site, whatever the storage
    (config/urls.py serves it from the disk or sends the browser on to the bucket)."""
    return f"{settings.MEDIA_URL}{name}"


def image_name(src: str) -> str | None:
    """The stored name an image source in a post points to, if it is one of the site's."""
    site = f"{settings.SITE_URL}/"
    if src.startswith(site):
        src = src[len(site) - 1 :]  # a full address of this site, pasted: the same image
    return src.removeprefix(settings.MEDIA_URL) if SITE_IMAGE_SOURCE.match(src) else None


def site_image_sizes(sources: list[str]) -> dict[str, ShownImage]:
    """For the renderer: each source that names a stored image, with its size. One query,
    and none at all when no source is the site's."""
    names = {src: name for src in sources if (name := image_name(src))}
    if not names:
        return {}
    sizes = {
        name: (width, height)
        for name, width, height in PostImage.objects.named(set(names.values())).values_list(
            "file", "width", "height"
        )
    }
    return {
        src: ShownImage(image_url(name), *sizes[name])
        for src, name in names.items()
        if name in sizes
    }


def image_names_in(body: str) -> list[str]:
    """The stored names of the site's images the text shows, in order, repeats included."""
    if f"{settings.MEDIA_URL}{FOLDER}/" not in body:
        return []  # most posts: no need to parse them
    return [name for src in image_sources(body) if (name := image_name(src))]


def image_markdown(image: PostImage, alt: str) -> str:
    """`![alt](url)`, with the description on one line and the characters that Markdown
    could read as syntax inside it escaped, so that it stays the image's description."""
    flat = " ".join(alt.split())
    escaped = _ALT_SYNTAX.sub(r"\\\1", flat)
    return f"![{escaped}]({image_url(image.file.name)})"


def body_with_image(body: str, markdown: str) -> str:
    """The text with the image's Markdown added as a paragraph of its own at the end."""
    text = body.rstrip()
    return f"{text}\n\n{markdown}" if text else markdown


# ---- Limits ----


def images_allowed(member: User) -> int:
    return NEW_MEMBER_IMAGES_PER_POST if is_new_member(member) else IMAGES_PER_POST


def _too_many(member: User, count: int, *, adding: bool) -> str | None:
    allowed = images_allowed(member)
    if count <= allowed:
        return None
    shown = count - 1 if adding else count
    numbers = {"allowed": allowed, "shown": shown, "posts": NEW_MEMBER_POSTS}
    if allowed == NEW_MEMBER_IMAGES_PER_POST:
        if adding:
            return (
                gettext(
                    "New members can show at most %(allowed)s images in a post (this one already "
                    "has %(shown)s). The limit lifts after your first day and %(posts)s posts."
                )
                % numbers
            )
        return (
            gettext(
                "New members can show at most %(allowed)s images in a post (this one has "
                "%(shown)s). The limit lifts after your first day and %(posts)s posts."
            )
            % numbers
        )
    if adding:
        return (
            gettext("A post can show at most %(allowed)s images (this one already has %(shown)s).")
            % numbers
        )
    return gettext("A post can show at most %(allowed)s images (this one has %(shown)s).") % numbers


def images_problem(member: User, body: str) -> str | None:
    """Why this text shows more of the site's images than its author may put in a post."""
    return _too_many(member, len(image_names_in(body)), adding=False)


def attach_problem(member: User, body: str) -> str | None:
    """Why no further image may be added to this text."""
    return _too_many(member, len(image_names_in(body)) + 1, adding=True)


def refusal_message(code: str, file_name: str) -> str:
    """The message for a refused upload, naming the file as the member knows it."""
    if not file_name:
        return str(MESSAGES[code]).format(name=gettext("The file"))
    shown = file_name if len(file_name) <= 60 else f"{file_name[:59]}…"
    return str(MESSAGES[code]).format(name=f"“{shown}”")


# ---- Decoding and re-encoding ----


def _hides_other_content(data: bytes) -> bool:
    return bool(_ACTIVE_BINARY.search(data) or _ACTIVE_TEXT.search(data.lower()))


def _reencoded(image: Image.Image, source: str) -> tuple[bytes, str]:
    """The stored file of a decoded, upright image and its extension: a JPEG stays a JPEG and
    a WebP a WebP; PNG and GIF (its first frame, for an animation) become PNG, keeping a
    palette."""
    if source in ("JPEG", "MPO"):  # MPO: a JPEG with more pictures after it
        rgb = image if image.mode in ("L", "RGB") else true_colour(image).convert("RGB")
        return encoded(rgb, "JPEG", quality=85, optimize=True, progressive=True), "jpg"
    if source == "WEBP":
        return encoded(true_colour(image), "WEBP", quality=90, method=4), "webp"
    options = {}
    if image.mode == "P" and image.info.get("transparency") is not None:
        options["transparency"] = image.info["transparency"]
    elif image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        image = true_colour(image)
    return encoded(image, "PNG", **options), "png"


def post_image_content(upload: UploadedFile) -> tuple[bytes, str, tuple[int, int]]:
    """The file to store for an uploaded image, its extension and its size in pixels; or
    ImageRefused with the reason's code (MESSAGES)."""
    data = upload_bytes(upload, POST_IMAGE_LIMITS)
    try:
        image = decoded_image(data, POST_IMAGE_LIMITS)
    except ImageRefused as refused:
        if refused.code == "not_image" and _SVG_START.match(data[:1024].lower()):
            raise ImageRefused("svg") from refused
        raise
    with image:
        # Re-encoding would drop whatever else the file carries anyway; refusing it tells the
        # member, instead of quietly storing a picture cut out of a web page or an archive.
        if _hides_other_content(data):
            raise ImageRefused("polyglot")
        picture = upright(image)
        content, extension = _reencoded(picture, image.format)
    return content, extension, picture.size


# ---- Writes ----


def post_image_store(
    *, uploader: User, upload: UploadedFile, enforce_limits: bool = False
) -> PostImage:
    """Store an uploaded image for the uploader's next post, under a new random name.

    Raises ImageRefused when the file cannot be used, and with `enforce_limits` (a member's
    upload) LimitReached when they have uploaded too much lately. Nothing is written for a
    refused file.
    """
    if enforce_limits:
        limits_take((f"post-images:{uploader.pk}", UPLOAD_RATES))
    content, extension, (width, height) = post_image_content(upload)
    name = stored_file_save(folder=FOLDER, extension=extension, content=content)
    try:
        with transaction.atomic():
            return PostImage.objects.create(
                uploader=uploader, file=name, width=width, height=height
            )
    except Exception:
        stored_file_delete(name)  # the row was not saved: the file belongs to nobody
        raise


def post_images_attach(*, post: Post, uploader: User | None, body: str) -> int:
    """Inside the posting transaction: the uploader's images that the text shows and that no
    post took yet now belong to this post, so the sweep keeps them. Returns how many."""
    names = set(image_names_in(body))
    if not names or uploader is None:
        return 0
    return (
        PostImage.objects.named(names)
        .filter(post__isnull=True, uploader=uploader)
        .update(post=post)
    )


def _names_in_uploaders_drafts(before: datetime) -> set[str]:
    """The stored names of old uploads that a draft of the member who uploaded them shows."""
    from writing.models import Draft  # drafts build on posting, not the other way round

    uploaders = PostImage.objects.orphaned(before=before).values("uploader_id")
    names = set()
    for values in Draft.objects.filter(member__in=uploaders).values_list("values", flat=True):
        for text in values.values():
            if isinstance(text, str):
                names.update(DRAFT_IMAGE_NAME.findall(text))
    return names


# How a draft's text names an uploaded image: its address ends with the stored name.
DRAFT_IMAGE_NAME = re.compile(r"post-images/[\w-]+\.(?:png|jpg|webp)")


def post_images_sweep(*, now: datetime | None = None) -> int:
    """Delete the uploads no post took within ORPHAN_AGE, rows first and then their files
    (after each batch commits), except those a saved draft of their uploader still shows: the
    member comes back to post it (drafts are kept 30 days). Returns how many were deleted."""
    before = (now or timezone.now()) - ORPHAN_AGE
    in_drafts = _names_in_uploaders_drafts(before)
    deleted = 0
    while True:
        with transaction.atomic():
            # Locked until deleted, so that no post can take one of them meanwhile.
            batch = list(
                PostImage.objects.orphaned(before=before)
                .exclude(file__in=in_drafts)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", "file")[:SWEEP_BATCH]
            )
            PostImage.objects.filter(pk__in=[pk for pk, _ in batch]).delete()
            for _, name in batch:
                transaction.on_commit(partial(stored_file_delete, name))
        deleted += len(batch)
        if len(batch) < SWEEP_BATCH:
            return deleted
