"""The watching menus of threads and tags: what templates/notifications/_watch_menu.html prints,
and the sentence that says a level once chosen."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from forum.models import Tag, Thread
from notifications.forms import TAG_LEVEL_CHOICES, THREAD_LEVEL_CHOICES, WatchLevelForm
from notifications.models import Subscription, TagFollow, TagWatchLevel, WatchLevel


def thread_level_message(level: str) -> str:
    return {
        WatchLevel.WATCHING: _("You are watching this thread: every reply, by notice and e-mail."),
        WatchLevel.TRACKING: _("You are tracking this thread: every reply, by notice only."),
        WatchLevel.NORMAL: _("Normal: you hear only of mentions and replies to your posts."),
        WatchLevel.MUTED: _("You muted this thread: nothing from it, and it leaves your lists."),
    }[level]


def tag_level_message(level: str, tag: Tag) -> str:
    return {
        TagWatchLevel.WATCHING: _("You are watching %(tag)s: every post in its threads."),
        TagWatchLevel.FIRST_POST: _("You are watching new questions in %(tag)s."),
        TagWatchLevel.NORMAL: _("Normal: %(tag)s tells you nothing by itself."),
        TagWatchLevel.MUTED: _("You muted %(tag)s: its threads leave your lists."),
    }[level] % {"tag": tag.name}


def watch_menu(
    *, action: str, choices, current: str, message: str, form: WatchLevelForm | None = None
) -> dict:
    """What templates/notifications/_watch_menu.html prints: every level with its explanation,
    the current one checked (or the member's choice again, with its error)."""
    chosen = form.data.get("level", current) if form is not None else current
    return {
        "action": action,
        "levels": [
            {"value": value, "label": label, "help": help_text, "checked": value == chosen}
            for value, label, help_text in choices
        ],
        "current": current,
        "message": message,
        "errors": form.errors.get("level", []) if form is not None else [],
    }


def thread_watch_menu(thread: Thread, subscription: Subscription | None, form=None) -> dict:
    level = subscription.level if subscription is not None else WatchLevel.NORMAL
    return watch_menu(
        action=reverse("notifications:watch_thread", args=[thread.pk]),
        choices=THREAD_LEVEL_CHOICES,
        current=level,
        message=thread_level_message(level),
        form=form,
    )


def tag_watch_menu(tag: Tag, follow: TagFollow | None, form=None) -> dict:
    level = follow.level if follow is not None else TagWatchLevel.NORMAL
    return watch_menu(
        action=reverse("notifications:watch_tag", args=[tag.slug]),
        choices=TAG_LEVEL_CHOICES,
        current=level,
        message=tag_level_message(level, tag),
        form=form,
    )
