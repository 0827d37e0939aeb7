"""What a draft keeps of a posting form, and the size limits it is held to."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

# Fields without a length limit of their own (choices, and fields added later) keep at most
# this many characters in a draft.
OTHER_FIELD_MAX = 1_000


@dataclass(frozen=True)
class DraftContent:
    values: dict[str, str | bool | list[str]]
    # Whether any field a member types in (not a choice or a checkbox) holds text.
    written: bool


def _storable(value) -> str | bool | list[str] | None:
    """The value as JSON can keep it. NUL characters are dropped: PostgreSQL cannot hold them
    in text, and the form itself refuses them when the text is posted."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return [item.replace("\x00", "") for item in value]
    return None


def _size(value) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(len(item) for item in value)
    return 0


def _too_long(field: forms.Field, limit: int, size: int) -> str:
    message = field.error_messages.get(
        "max_length",
        _("Please keep this under %(limit_value)d characters (it has %(show_value)d)."),
    )
    return message % {"limit_value": limit, "show_value": size}


def draft_content(form: forms.Form) -> DraftContent | None:
    """Every field of the bound form as the member sent it, generically, so that fields a form
    gains later are kept too; None when a field is longer than a post may be, after putting
    the form's own "too long" message next to it.

    Only sizes are checked: a draft may be unfinished, so a missing title or tag is no error.
    The honeypot and file fields are not kept (a draft holds text).
    """
    values: dict[str, str | bool | list[str]] = {}
    problems: dict[str, str] = {}
    written = False
    for name, field in form.fields.items():
        if getattr(field, "trap", False) or field.widget.needs_multipart_form:
            continue
        value = _storable(
            field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        )
        if value is None:
            continue
        limit = getattr(field, "max_length", None) or OTHER_FIELD_MAX
        if _size(value) > limit:
            problems[name] = _too_long(field, limit, _size(value))
        values[name] = value
        typed = not hasattr(field, "choices") and not isinstance(field, forms.BooleanField)
        written = written or (typed and isinstance(value, str) and bool(value.strip()))
    if problems:
        # The page shows these errors, not a post's: a draft is held to sizes only. Setting
        # the errors directly keeps the form from running the full validation of a post.
        form.cleaned_data = {}
        form._errors = ErrorDict()
        for name, problem in problems.items():
            form.add_error(name, problem)
        return None
    return DraftContent(values=values, written=written)
