from __future__ import annotations

import copy
from dataclasses import dataclass

from allauth.account import app_settings as allauth_settings
from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.socialaccount import forms as social_forms
from allauth.socialaccount.models import SocialApp
from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.avatars import AVATAR_CONTENT_TYPES, avatar_from_upload
from accounts.models import WATCH_LIST_MAX_NAMES, WATCH_NAME_MAX_LENGTH, User
from accounts.time_zones import validate_time_zone, zone_choices
from accounts.validators import (
    USERNAME_MAX_LENGTH,
    tidy_line,
    validate_display_name,
    validate_plain_line,
    validate_plain_text,
)
from config.social import PROVIDER_NAMES
from forum.experience import NO_SIDE_CHOICE, ExperienceSide


def _max_length(name: str) -> int:
    return User._meta.get_field(name).max_length


class _VisibleLabels:
    """Our templates always show a field's label, so a placeholder would only repeat it."""

    labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]


class LoginForm(_VisibleLabels, allauth_forms.LoginForm):
    labels = {"login": _("Username or e-mail address"), "remember": _("Keep me logged in")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Password managers fill the account name into "username" fields.
        self.fields["login"].widget.attrs["autocomplete"] = "username"


def _site_username_field(username: forms.Field) -> None:
    """The join page's username field: the same limit and help on every form that asks."""
    username.max_length = USERNAME_MAX_LENGTH
    username.widget.attrs["maxlength"] = str(USERNAME_MAX_LENGTH)
    username.help_text = _(
        "Your page will be at /members/your-username/. Letters a to z, digits, "
        "full stops, hyphens and underscores."
    )


class SignupForm(_VisibleLabels, allauth_forms.SignupForm):
    """allauth's signup form (field names kept) with our help texts and a hidden honeypot."""

    labels = {"email": _("E-mail address"), "password2": _("Password again")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _site_username_field(self.fields["username"])
        self.fields["email"].help_text = _(
            "We send a link to confirm it. It is never shown to other members."
        )
        trap = allauth_settings.SIGNUP_FORM_HONEYPOT_FIELD
        if trap and trap in self.fields:
            field = self.fields[trap]
            field.label = _("Leave this field empty")
            # Hidden by the stylesheet (the page allows no inline styles) and out of tab order.
            field.widget.attrs = {"tabindex": "-1", "autocomplete": "off"}
            field.trap = True

    def try_save(self, request):
        if self.account_already_exists and not self.cleaned_data.get(
            allauth_settings.SIGNUP_FORM_HONEYPOT_FIELD
        ):
            # The address has an account, so nothing is saved; the password is hashed all the
            # same, as a new account's would be, so the answer takes as long as a real sign-up
            # and its time does not tell that the address is known.
            User().set_password(self.cleaned_data["password1"])
        return super().try_save(request)


class AddEmailForm(_VisibleLabels, allauth_forms.AddEmailForm):
    labels = {"email": _("New e-mail address")}


class ChangePasswordForm(_VisibleLabels, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("New password again"),
    }


class SetPasswordForm(_VisibleLabels, allauth_forms.SetPasswordForm):
    labels = {"password1": _("Password"), "password2": _("Password again")}


class ResetPasswordForm(_VisibleLabels, allauth_forms.ResetPasswordForm):
    labels = {"email": _("E-mail address")}


class ResetPasswordKeyForm(_VisibleLabels, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("New password again")}


class ReauthenticateForm(_VisibleLabels, allauth_forms.ReauthenticateForm):
    labels = {"password": _("Password")}


class LineField(forms.CharField):
    """One line of text that other people read (a name, a title): tidied before any check."""

    def to_python(self, value):
        return tidy_line(super().to_python(value))


class ProfileForm(forms.Form):
    display_name = LineField(
        label=_("Display name"),
        max_length=_max_length("display_name"),
        required=False,
        validators=[validate_display_name],
        help_text=_("Shown on your posts instead of your username, for example: Priya Raman."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    headline = forms.CharField(
        label=_("Headline"),
        max_length=_max_length("headline"),
        required=False,
        validators=[validate_plain_line],
        help_text=_("Your role in a few words, for example: Self-employed | Delivery lead."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=_max_length("location"),
        required=False,
        validators=[validate_plain_line],
        help_text=_("For example: Leeds, United Kingdom."),
    )
    bio = forms.CharField(
        label=_("About you"),
        max_length=_max_length("bio"),
        required=False,
        validators=[validate_plain_text],
        help_text=_("A few plain-text lines for your public page (up to 1,000 characters)."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # A plain FileField, not ImageField: ImageField would have Pillow decode the upload with
    # none of the limits that avatar_from_upload applies.
    avatar = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, up to 2 MB. We crop it to a square."),
        widget=forms.FileInput(attrs={"accept": AVATAR_CONTENT_TYPES}),
    )
    remove_avatar = forms.BooleanField(
        label=_("Remove my photo and show my initials instead"), required=False
    )
    default_experience_side = forms.ChoiceField(
        label=_("Your experience mostly comes from"),
        choices=[*ExperienceSide.choices, NO_SIDE_CHOICE],
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Where your replies start: you can change it on each reply. Readers of a "
            "thread can show only the answers from one side."
        ),
        error_messages={"invalid_choice": _("Please choose one of the sides listed.")},
    )
    # Grouped by region, cities by name: without script, typing "Tok" in the open list finds
    # Tokyo. The choices are built once per process (accounts/time_zones.py).
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=zone_choices,
        required=False,
        error_messages={"invalid_choice": _("Please choose a time zone from the list.")},
        # Zone and city names are the zone database's, the same in every language.
        widget=forms.Select(attrs={"translate": "no"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        initial = {
            "display_name": user.display_name,
            "headline": user.headline,
            "location": user.location,
            "bio": user.bio,
            "default_experience_side": user.default_experience_side,
            "time_zone": user.time_zone,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.user = user
        self.fields["time_zone"].help_text = _(
            "Dates on the pages and in our e-mails are shown in this zone, and a daily digest "
            "goes out soon after %(hour)02d:00 there. Only you see it."
        ) % {"hour": settings.DIGEST_HOUR % 24}
        if not user.avatar:
            del self.fields["remove_avatar"]

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        return avatar_from_upload(upload) if upload else None


class AccountDeleteForm(forms.Form):
    """Confirmed with the member's password; a member who has none (they joined through a
    sign-in provider) types their username instead."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    username = forms.CharField(
        label=_("Your username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.uses_password = user.has_usable_password()
        del self.fields["username" if self.uses_password else "password"]

    def clean_username(self) -> str:
        typed = self.cleaned_data["username"]
        if typed.casefold() != self.user.username.casefold():
            raise forms.ValidationError(
                _("That is not your username. Type it as shown above."), code="wrong_username"
            )
        return typed

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Through allauth, so wrong guesses count against its failed-login rate limit.
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(_("That is not your password."), code="incorrect_password")
        return password


class WatchListForm(forms.Form):
    """The member's private watch list: names the confidentiality guard warns them about."""

    names = forms.CharField(
        label=_("Names to watch for"),
        required=False,
        # Room for every name at its longest, with a line break each.
        max_length=WATCH_LIST_MAX_NAMES * (WATCH_NAME_MAX_LENGTH + 2),
        validators=[validate_plain_text],
        help_text=format_lazy(
            _(
                "One a line: clients, employers, suppliers, colleagues, projects with code "
                "names. At most {names} names of up to {length} characters; capitals do not "
                "matter."
            ),
            names=WATCH_LIST_MAX_NAMES,
            length=WATCH_NAME_MAX_LENGTH,
        ),
        widget=forms.Textarea(attrs={"rows": 12, "autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "max_length": _(
                "This list is longer than the names it may hold allow "
                "(%(show_value)s characters); please shorten it."
            ),
        },
    )

    def clean_names(self) -> list[str]:
        """The names, tidied, each once (compared regardless of case), in the member's order."""
        names: list[str] = []
        seen: set[str] = set()
        for number, line in enumerate(self.cleaned_data["names"].splitlines(), start=1):
            name = tidy_line(line)
            if not name or name.casefold() in seen:
                continue
            if len(name) > WATCH_NAME_MAX_LENGTH:
                raise forms.ValidationError(
                    f"Line {number} is {len(name)} characters long; a name may have "
                    f"{WATCH_NAME_MAX_LENGTH} at most."
                )
            if len(name) < 2 or not any(char.isalnum() for char in name):
                raise forms.ValidationError(
                    gettext(
                        "Line %(number)s, “%(name)s”, is too short to look for: a name needs "
                        "two characters or more, with a letter or a digit."
                    )
                    % {"number": number, "name": name}
                )
            seen.add(name.casefold())
            names.append(name)
        if len(names) > WATCH_LIST_MAX_NAMES:
            raise forms.ValidationError(
                gettext("Please keep to %(limit)s names (this list has %(count)s).")
                % {"limit": WATCH_LIST_MAX_NAMES, "count": len(names)}
            )
        return names


class TimeZoneAnswerForm(forms.Form):
    """The answer to "Show times in Asia/Tokyo?", offered by static/js/time-zone.js with the
    zone the browser reports."""

    answer = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    time_zone = forms.CharField(max_length=64, required=False, validators=[validate_time_zone])

    def clean(self):
        data = super().clean()
        if data.get("answer") == "yes" and not data.get("time_zone") and not self.errors:
            self.add_error("time_zone", _("Please choose a time zone from the list."))
        return data


class SocialSignupForm(_VisibleLabels, social_forms.SignupForm):
    """The first sign-in with a provider: a username under the join page's rules, and the
    provider's address, name and headline (already cleaned: accounts/social.py) to check.

    The name and headline are the profile form's own fields, so what is typed here is held to
    the same rules as on the profile page."""

    labels = {"email": _("E-mail address")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _site_username_field(self.fields["username"])
        for name in ("display_name", "headline"):
            self.fields[name] = copy.deepcopy(ProfileForm.base_fields[name])
        provider = self.sociallogin.provider.name
        vouched = {a.email.lower() for a in self.sociallogin.email_addresses if a.verified}
        email = (self.initial.get("email") or "").lower()
        if email and email in vouched:
            # Kept as the provider sent it: the account starts with one confirmed address.
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "%(provider)s has confirmed this address, so you can start at once; add others "
                "later under E-mail addresses in your settings. It is never shown to other "
                "members."
            ) % {"provider": provider}
        else:
            self.fields["email"].help_text = _(
                "We send a link to confirm it before you can log in. It is never shown to "
                "other members."
            )

    def save(self, request):
        user = self.sociallogin.user
        user.display_name = self.cleaned_data.get("display_name", "")
        user.headline = self.cleaned_data.get("headline", "")
        return super().save(request)


@dataclass(frozen=True)
class _ProviderNoLongerOffered:
    """Stands in for a provider whose app was removed from the settings, so that a member
    can still disconnect an account there (allauth's mail and message only need its name)."""

    name: str
    id: str = "openid_connect"


class DisconnectForm(social_forms.DisconnectForm):
    def save(self) -> None:
        account = self.cleaned_data["account"]
        try:
            account.get_provider()
        except SocialApp.DoesNotExist:
            name = PROVIDER_NAMES.get(account.provider, account.provider)
            account.get_provider = lambda *args, **kwargs: _ProviderNoLongerOffered(name)
        super().save()
