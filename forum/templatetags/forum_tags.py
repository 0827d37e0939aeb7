from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts.time_zones import local_moment
from forum.excerpts import excerpt as post_excerpt
from forum.fragments import DEFER_TIMES, time_marker
from forum.markup import with_scroll_boxes

register = template.Library()


@register.simple_tag(takes_context=True)
def time_ago(context, moment) -> str:
    """Relative time for reading, with the exact time on hover and for machines."""
    if moment is None:
        return ""
    if context.get(DEFER_TIMES):
        return time_marker(moment)  # a cached fragment: worded afresh each time it is served
    return relative_time(moment)


# Largest unit first; months and years by their average length.
_AGE_UNITS = (
    (365 * 86400, "year"),
    (30 * 86400, "month"),
    (7 * 86400, "week"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
)


def relative_time(moment) -> str:
    """'3 days ago' in a <time> element: called for every date on every page, so written out
    rather than built on timesince(), which costs several times more.

    The tooltip gives the moment in the reader's zone (the active one: accounts/middleware.py)
    and names it: "3 Dec 2026, 14:05 (Asia/Tokyo)". The machine-readable `datetime` is UTC,
    the same for every reader. Inside a cached fragment this is never called: the fragment
    keeps a marker, worded here for each reader when served (forum/fragments.py)."""
    now = timezone.now()
    seconds = (now - moment).total_seconds()
    label = "just now"
    for size, unit in _AGE_UNITS:
        count = int(seconds // size)
        if count >= 1:
            label = f"{count}\xa0{unit}{'' if count == 1 else 's'} ago"
            break
    return mark_safe(  # noqa: S308 (a date, a zone name and fixed words, nothing from a member)
        f'<time datetime="{moment.astimezone(now.tzinfo).isoformat()}" '
        f'title="{local_moment(moment)}">{label}</time>'
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
