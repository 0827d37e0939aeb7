from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Preferences, TagWatchLevel, WatchLevel


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = [
            "email_frequency",
            "email_mentions",
            "subscribe_on_ask",
            "subscribe_on_reply",
            "ask_for_outcomes",
        ]
        widgets = {"email_frequency": forms.RadioSelect}
        # The preferences now set a thread's level: Watching.
        labels = {
            "subscribe_on_ask": _("Watch threads I start"),
            "subscribe_on_reply": _("Watch threads I reply to"),
        }


# Each level with a short explanation, shown beside its radio button.
THREAD_LEVEL_CHOICES = [
    (
        WatchLevel.WATCHING,
        _("Watching"),
        _("A notice of every reply, and e-mail as your settings say."),
    ),
    (
        WatchLevel.TRACKING,
        _("Tracking"),
        _("A notice of every reply on the site; never e-mail."),
    ),
    (
        WatchLevel.NORMAL,
        _("Normal"),
        _("Only when someone mentions you or replies to your post."),
    ),
    (
        WatchLevel.MUTED,
        _("Muted"),
        _("Nothing at all, and the thread leaves your lists."),
    ),
]

TAG_LEVEL_CHOICES = [
    (
        TagWatchLevel.WATCHING,
        _("Watching"),
        _("A notice of every post in threads with this tag."),
    ),
    (
        TagWatchLevel.FIRST_POST,
        _("Watching first post"),
        _("A notice of each new question with this tag."),
    ),
    (
        TagWatchLevel.NORMAL,
        _("Normal"),
        _("Nothing from the tag itself; threads you watch still tell you."),
    ),
    (
        TagWatchLevel.MUTED,
        _("Muted"),
        _("Its threads leave your lists and tell you nothing, unless you watch one."),
    ),
]


class WatchLevelForm(forms.Form):
    """One choice of level, sent by the thread's or the tag's watching menu."""

    level = forms.ChoiceField(label=_("Notifications"), widget=forms.RadioSelect)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(value, label) for value, label, _help in choices]
        self.fields["level"].error_messages["invalid_choice"] = _("Choose one of the levels.")
        self.fields["level"].error_messages["required"] = _("Choose one of the levels.")
