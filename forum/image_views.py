"""Attaching images to posts: the upload endpoint the script uses, the same through the posting
forms' own file field without JavaScript, and the address images are served at."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.core.files.storage import FileSystemStorage, storages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.static import serve

from config.uploads import ImageRefused
from forum import permissions
from forum.images import (
    ALT_MAX_LENGTH,
    MESSAGES,
    POST_IMAGE_CONTENT_TYPES,
    attach_problem,
    body_with_image,
    image_markdown,
    image_url,
    post_image_store,
    refusal_message,
)
from forum.models import PostImage
from limits.counters import LimitReached

# The button of the posting forms that attaches the chosen image and brings the form back.
ATTACH = "attach_image"
# Browsers may keep a stored image for ever: its name is random and never reused.
IMMUTABLE = "public, max-age=31536000, immutable"
# The address of a file in a bucket may be signed and expire: browsers keep the way there
# for a few minutes only.
REDIRECT_CACHE = "public, max-age=300"


class PostImageForm(forms.Form):
    """One image and its description, beside a post's text (`body`, to count its images)."""

    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP, up to 5 MB and 20 megapixels."),
        # A plain FileField: ImageField would have Pillow decode it without our limits.
        widget=forms.FileInput(attrs={"accept": POST_IMAGE_CONTENT_TYPES}),
        error_messages={"empty": format_lazy(MESSAGES["empty"], name=_("The file"))},
    )
    image_alt = forms.CharField(
        label=_("Describe the image"),
        required=False,
        max_length=ALT_MAX_LENGTH,
        help_text=_("What it shows, for readers who cannot see it (needed with an image)."),
        error_messages={
            "max_length": _(
                "Please keep the description under %(limit_value)s characters "
                "(it has %(show_value)s)."
            )
        },
    )

    def __init__(self, *args, member=None, body: str = "", required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.member, self.body, self.required = member, body, required
        self.fields["image_alt"].show_optional = False  # needed with an image, says its help
        self.retry_after: int | None = None

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        if data.get("image") is None:
            if self.required:
                self.add_error("image", _("Please choose an image file to attach."))
            return data
        if not " ".join(data.get("image_alt", "").split()):
            self.add_error(
                "image_alt", _("Please describe the image for readers who cannot see it.")
            )
        problem = attach_problem(self.member, self.body)
        if problem:
            self.add_error("image", problem)
        return data

    def stored(self) -> PostImage | None:
        """The image, stored; or None with the errors saying why (`retry_after` when the
        member has uploaded too much lately)."""
        if not self.is_valid() or self.cleaned_data["image"] is None:
            return None
        upload = self.cleaned_data["image"]
        try:
            return post_image_store(uploader=self.member, upload=upload, enforce_limits=True)
        except ImageRefused as refused:
            self.add_error("image", refusal_message(refused.code, upload.name or ""))
        except LimitReached as limited:
            self.retry_after = limited.wait
            minutes = max(1, -(-limited.wait // 60))
            self.add_error(
                "image",
                ngettext(
                    "You have attached many images in a short time. "
                    "Please try again in %(minutes)s minute.",
                    "You have attached many images in a short time. "
                    "Please try again in %(minutes)s minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        return None

    def markdown(self, image: PostImage) -> str:
        return image_markdown(image, self.cleaned_data["image_alt"])


def attaches_images(view):
    """For the posting forms (ask, reply, edit) without JavaScript: an image chosen in the
    form's file field is stored, and its Markdown added at the end of the text, before the
    view reads the form, so that sending the form posts it with the image as the script would.
    "Attach image" brings the form back instead, with a preview, to go on writing; so does a
    refused image, with the reason next to the file field and the text as it was."""

    @wraps(view)
    def with_images(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            request.method == "POST"
            and ("image" in request.FILES or ATTACH in request.POST)
            and permissions.has_confirmed_email(request.user)
        ):
            _attach_from_form(request)
        return view(request, *args, **kwargs)

    return with_images


def _attach_from_form(request: HttpRequest) -> None:
    body = request.POST.get("body", "")
    # "Attach image" without a file is also what Enter in a text field sends (the first button
    # of the form): only a description typed for it says that an image was meant.
    meant = ATTACH in request.POST and bool(request.POST.get("image_alt", "").strip())
    form = PostImageForm(
        request.POST, request.FILES, member=request.user, body=body, required=meant
    )
    image = form.stored()
    data = request.POST.copy()
    if image is not None:
        data["body"] = body_with_image(body, form.markdown(image))
        form = PostImageForm(member=request.user)  # empty again: the image is in the text
    if image is None or ATTACH in data:
        data["preview"] = "1"  # the form comes back as after Preview (posting_views)
    request.POST = data
    # For the form's image fields (templatetags/post_images.py) and the error summary.
    request.image_form = form


@never_cache
@require_POST
def image_upload(request: HttpRequest) -> JsonResponse:
    """Store one image for the post being written (static/js/image-upload.js): `image`,
    `image_alt` and the post's `body` so far. Answers {"markdown", "url", "width", "height"}
    or {"error", "field"}."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"error": _("Please log in to attach images."), "field": ""}, status=403
        )
    if not permissions.has_confirmed_email(request.user):
        return JsonResponse(
            {
                "error": _("Please confirm your e-mail address before attaching images."),
                "field": "",
            },
            status=403,
        )
    form = PostImageForm(
        request.POST,
        request.FILES,
        member=request.user,
        body=request.POST.get("body", ""),
        required=True,
    )
    image = form.stored()
    if image is None:
        field, errors = next(iter(form.errors.items()))
        response = JsonResponse(
            {"error": errors[0], "field": field}, status=429 if form.retry_after else 400
        )
        if form.retry_after:
            response["Retry-After"] = str(form.retry_after)
        return response
    return JsonResponse(
        {
            "markdown": form.markdown(image),
            "url": image_url(image.file.name),
            "width": image.width,
            "height": image.height,
        },
        status=201,
    )


@require_safe
def post_image_file(request: HttpRequest, path: str) -> HttpResponse:
    """A stored post image at the address posts name it by, whatever the storage: the file
    from the local disk (as avatars are served), or a redirect to the bucket's address, which
    may be signed and expire, so posts never hold one."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        response = serve(request, path, document_root=storage.location)
        response["Cache-Control"] = IMMUTABLE
        return response
    response = redirect(storage.url(path))
    response["Cache-Control"] = REDIRECT_CACHE
    return response
