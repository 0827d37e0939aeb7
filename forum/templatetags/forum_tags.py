from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from accounts.time_zones import local_moment, zone_name
from forum.excerpts import excerpt as post_excerpt
from forum.fragments import DEFER_TIMES, time_marker
from forum.markup import with_scroll_boxes
from forum.script_texts import script_catalogue

register = template.Library()


@register.simple_tag(takes_context=True)
def time_ago(context, moment) -> str:
    """Relative time for reading, with the exact time on hover and for machines."""
    if moment is None:
        return ""
    if context.get(DEFER_TIMES):
        return time_marker(moment)  # a cached fragment: worded afresh each time it is served
    # The active language, looked up once per template rendering rather than per date: the
    # lookup costs about as much as the rest of the function.
    language = context.render_context.get(_LANGUAGE)
    if language is None:
        language = context.render_context[_LANGUAGE] = get_language()
    return relative_time(moment, language)


# Largest unit first; months and years by their average length. Each unit's wording is a
# function of the count, so that makemessages finds the words and each language chooses its own
# plural form.
_AGE_UNITS = (
    (365 * 86400, lambda n: ngettext("%(count)s year ago", "%(count)s years ago", n)),
    (30 * 86400, lambda n: ngettext("%(count)s month ago", "%(count)s months ago", n)),
    (7 * 86400, lambda n: ngettext("%(count)s week ago", "%(count)s weeks ago", n)),
    (86400, lambda n: ngettext("%(count)s day ago", "%(count)s days ago", n)),
    (3600, lambda n: ngettext("%(count)s hour ago", "%(count)s hours ago", n)),
    (60, lambda n: ngettext("%(count)s minute ago", "%(count)s minutes ago", n)),
)
# The finished wordings, by (language, unit, count), and the month abbreviations by language:
# filled on first use, then a lookup per call. Few counts occur (1-59 minutes, 1-23 hours,
# ...), so this stays small.
_AGE_LABELS: dict[tuple[str | None, int, int], str] = {}
_MONTHS: dict[str | None, tuple[str, ...]] = {}
_LANGUAGE = "forum_tags.language"


def _age_label(language: str | None, unit: int, count: int) -> str:
    key = (language, unit, count)
    label = _AGE_LABELS.get(key)
    if label is None:
        # The number and its unit never part at the end of a line.
        wording = _AGE_UNITS[unit][1](count).replace("%(count)s ", "%(count)s\xa0")
        label = _AGE_LABELS[key] = wording % {"count": count}
    return label


def _just_now(language: str | None) -> str:
    key = (language, -1, 0)
    label = _AGE_LABELS.get(key)
    if label is None:
        label = _AGE_LABELS[key] = gettext("just now")
    return label


def _month_names(language: str | None) -> tuple[str, ...]:
    names = _MONTHS.get(language)
    if names is None:
        names = _MONTHS[language] = ("", *(str(MONTHS_3[n]).title() for n in range(1, 13)))
    return names


def relative_time(moment, language: str | None = None) -> str:
    """'3 days ago' in a <time> element: called for every date on every page, so written out
    rather than built on timesince(), which costs several times more, and with its words
    translated once per language and count (_age_label), not per call. `language` is the
    active one, when the caller knows it.

    The tooltip gives the moment in the reader's zone (the active one: accounts/middleware.py)
    and names it: "3 Dec 2026, 14:05 (Asia/Tokyo)". The machine-readable `datetime` is UTC,
    the same for every reader. Inside a cached fragment this is never called: the fragment
    keeps a marker, worded here for each reader when served (forum/fragments.py)."""
    now = timezone.now()
    seconds = (now - moment).total_seconds()
    if language is None:
        language = get_language()
    label = None
    for unit, (size, _) in enumerate(_AGE_UNITS):
        count = int(seconds // size)
        if count >= 1:
            label = _age_label(language, unit, count)
            break
    if label is None:
        label = _just_now(language)
    zone = timezone.get_current_timezone()
    local = moment.astimezone(zone)
    # The month's abbreviation in the language (strftime's %b is always English).
    title = (
        f"{local.day} {_month_names(language)[local.month]} {local:%Y, %H:%M} ({zone_name(zone)})"
    )
    return mark_safe(  # noqa: S308 (a date, a zone name and fixed words, nothing from a member)
        f'<time datetime="{moment.astimezone(now.tzinfo).isoformat()}" '
        f'title="{title}">{label}</time>'
    )


@register.filter
def local_datetime(moment) -> str:
    """`{{ moment|local_datetime }}`: "3 Dec 2026, 14:05 (Asia/Tokyo)" in the active zone (the
    member's on pages, the recipient's in e-mails). Not for cached fragments: use time_ago."""
    return local_moment(moment) if moment else ""


@register.inclusion_tag("includes/_avatar.html")
def avatar(user, size: int = 48) -> dict:
    return {"member": user, "size": size}


@register.simple_tag
def share_links(url: str, title: str) -> list[tuple[str, str]]:
    return [
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        (
            "X (Twitter)",
            "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title}),
        ),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    ]


@register.filter
def excerpt(body_html: str, length: int = 200) -> str:
    """`post.body_html|excerpt:180`: the post's opening words as plain text."""
    return post_excerpt(body_html, length)


@register.filter
def post_html(html: str) -> str:
    """A post's stored, sanitised HTML as pages print it (forum/markup.py with_scroll_boxes)."""
    return mark_safe(with_scroll_boxes(html or ""))  # noqa: S308 (sanitised when saved)


@register.simple_tag
def script_texts() -> str:
    """The translations of the scripts' words, for a page in another language than English
    (forum/script_texts.py)."""
    return script_catalogue(get_language())
