from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.forms import clean_tag_names
from forum.models import Forum
from moderation.models import FlagReason


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[c for c in FlagReason.choices if c[0] != FlagReason.BLOCKED_WORDS],
        widget=forms.RadioSelect,
        label=_("What is wrong with this post?"),
        error_messages={"required": _("Please choose what is wrong with the post.")},
    )
    note = forms.CharField(
        max_length=500,
        required=False,
        label=_("Anything a moderator should know"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, help_text=_("The author sees this.")
    )


class MoveForm(forms.Form):
    forum = forms.ModelChoiceField(
        queryset=Forum.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": _("Please choose one of the forums in the list.")},
    )


class RetagForm(forms.Form):
    tags = forms.CharField(max_length=300, help_text=_("1 to 5 tags, separated by commas."))

    def clean_tags(self) -> list[str]:
        return clean_tag_names(self.cleaned_data["tags"])


class SuspendForm(forms.Form):
    until = forms.DateTimeField(
        required=False,
        label=_("Suspended until"),
        help_text=_(
            "In your time zone (see your profile; UTC if you have not chosen one). Leave "
            "empty to lift a suspension."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, help_text=_("The member sees this.")
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until is not None and until <= timezone.now():
            raise forms.ValidationError(_("Choose a moment in the future."))
        return until
