from django import forms

from notifications.models import Preferences


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
