from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import LineField
from accounts.validators import validate_visible_line
from forum.fact_fields import (
    SIDE_FIELD,
    ExperienceSideField,
    check_contract_type,
    fact_fields,
    note_unsent,
)
from forum.facts import FACT_NAMES
from forum.markup import markdown_problem
from forum.models import Forum, ProjectContext

TITLE_MIN, TITLE_MAX = 10, 150
BODY_MAX = 20_000
TAG_MAX_LENGTH = 40
_TAG_SPLIT = re.compile(r"[,\n]")
_TAG_ALLOWED = re.compile(r"^[\w][\w .&+/#-]*$")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+")


def tidy_body(text: str) -> str:
    """Post text without the blank lines before it and the whitespace after it.

    The first line keeps its indentation: four leading spaces make a Markdown code block.
    """
    return _LEADING_BLANK_LINES.sub("", text).rstrip()


class BodyField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Your text"))
        kwargs.setdefault(
            "help_text",
            format_lazy(
                _(
                    "Markdown: **bold**, *italic*, [link](https://...), lists, `code`. "
                    '<a href="{}" target="_blank">Formatting help</a> (opens in a new tab)'
                ),
                reverse_lazy("writing:formatting_help"),
            ),
        )
        super().__init__(
            widget=forms.Textarea(attrs={"rows": 10, "maxlength": BODY_MAX}),
            max_length=BODY_MAX,
            strip=False,
            error_messages={
                "required": _("Please write something before posting."),
                "max_length": _(
                    "Please keep it under %(limit_value)s characters (it has %(show_value)s)."
                ),
            },
            **kwargs,
        )
        # static/js/mentions.js offers members to mention from here.
        self.widget.attrs["data-mention-suggest"] = reverse_lazy("forum:mention_suggestions")

    def to_python(self, value):
        # Before the "required" check, so text of only spaces and blank lines counts as empty.
        return tidy_body(super().to_python(value))

    def clean(self, value):
        value = super().clean(value)
        problem = markdown_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value


class TitleField(LineField):
    """Titles follow the rules of display names (accounts.validators.validate_visible_line)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Title"))
        super().__init__(
            validators=[validate_visible_line],
            min_length=TITLE_MIN,
            max_length=TITLE_MAX,
            help_text=format_lazy(
                _("A question someone could answer, {min} to {max} characters."),
                min=TITLE_MIN,
                max=TITLE_MAX,
            ),
            widget=forms.TextInput(attrs={"maxlength": TITLE_MAX, "autocomplete": "off"}),
            error_messages={
                "required": _("Please give your question a title."),
                "min_length": _(
                    "The title needs at least %(limit_value)s characters (it has %(show_value)s)."
                ),
                "max_length": _(
                    "Please keep the title under %(limit_value)s characters "
                    "(it has %(show_value)s)."
                ),
            },
            **kwargs,
        )


class HoneypotField(forms.CharField):
    """A field people never see or fill; software that fills every field gives itself away."""

    trap = True

    def __init__(self) -> None:
        super().__init__(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def clean(self, value):
        if value:
            raise forms.ValidationError(_("This post could not be accepted."))
        return ""


class OutcomeForm(forms.Form):
    """The asker's answer to "What did you decide, and how did it go?" (forum/outcome_views.py)."""

    body = BodyField(
        label=_("What did you decide, and how did it go?"),
        help_text=_(
            "What you chose, why, and what happened since: the numbers, the surprises, "
            "what you would do again. Markdown works here too."
        ),
    )
    website = HoneypotField()


def parse_tags(raw: str) -> list[str]:
    """Comma-separated names, tidied, without repeats (compared regardless of case)."""
    names: list[str] = []
    for part in _TAG_SPLIT.split(raw or ""):
        name = " ".join(part.split())
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


def clean_tag_names(raw: str) -> list[str]:
    """Tag names from the comma-separated field, or a ValidationError saying what is wrong."""
    names = parse_tags(raw)
    if not names:
        raise forms.ValidationError(_("Please add at least one tag."))
    if len(names) > settings.FORUM_MAX_TAGS:
        raise forms.ValidationError(
            gettext("Please use at most %(limit)s tags (you gave %(count)s).")
            % {"limit": settings.FORUM_MAX_TAGS, "count": len(names)}
        )
    for name in names:
        if len(name) > TAG_MAX_LENGTH:
            raise forms.ValidationError(
                gettext("“%(name)s…” is too long for a tag (%(limit)s characters at most).")
                % {"name": name[:20], "limit": TAG_MAX_LENGTH}
            )
        if not _TAG_ALLOWED.match(name):
            raise forms.ValidationError(
                gettext(
                    "“%(name)s” has characters a tag cannot have; use letters, numbers, spaces "
                    "and - & + / # ."
                )
                % {"name": name}
            )
    return names


class TagsField(forms.CharField):
    """Tag names, comma-separated; cleans to a list of names."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Tags"))
        super().__init__(
            max_length=300,
            help_text=_(
                "1 to 5 tags, separated by commas, e.g. Estimating, Information Technology."
            ),
            widget=forms.TextInput(attrs={"list": "tag-options", "autocomplete": "off"}),
            error_messages={"required": _("Please add at least one tag.")},
            **kwargs,
        )

    def clean(self, value) -> list[str]:
        return clean_tag_names(super().clean(value))


class ThreadForm(forms.Form):
    title = TitleField()
    body = BodyField(label=_("Your question"))
    forum = forms.ModelChoiceField(
        queryset=Forum.objects.all(),
        empty_label=None,
        label=_("Forum"),
        error_messages={"invalid_choice": _("Please choose one of the forums in the list.")},
    )
    tags = TagsField()
    context = forms.ChoiceField(
        choices=ProjectContext.choices,
        initial=ProjectContext.GENERAL,
        label=_("Project context"),
        widget=forms.RadioSelect,
    )
    website = HoneypotField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        forums = list(Forum.objects.all()[:2])
        if len(forums) == 1:
            # The only choice is chosen already, visibly, rather than left to the browser.
            self.initial.setdefault("forum", forums[0].pk)
        elif not forums:
            self.fields["forum"].help_text = _("No forum yet: the administrator adds them.")
        self.fields.update(fact_fields())
        note_unsent(self, FACT_NAMES)

    def clean(self):
        check_contract_type(self, self.cleaned_data.get("context"))
        return super().clean()


class ReplyForm(forms.Form):
    body = BodyField(label=_("Your reply"))
    experience_side = ExperienceSideField()
    website = HoneypotField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        note_unsent(self, [SIDE_FIELD])


class PostEditForm(forms.Form):
    body = BodyField()

    def __init__(self, *args, question: bool = False, context: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.context = context
        if question:
            self.fields = {
                "title": TitleField(),
                **self.fields,
                "tags": TagsField(),
                **fact_fields(),
            }
            self.fields["body"].label = _("Your question")
            if self.is_bound and "tags" not in self.data:
                # Sent from an edit page older than editable tags: the tags stay as they are.
                del self.fields["tags"]
            note_unsent(self, FACT_NAMES)
        else:
            self.fields[SIDE_FIELD] = ExperienceSideField()
            note_unsent(self, [SIDE_FIELD])

    def clean(self):
        if "contract_type" in self.fields:
            check_contract_type(self, self.context)
        return super().clean()
