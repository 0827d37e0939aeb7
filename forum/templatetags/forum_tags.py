from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from forum import permissions
from forum.fragments import DEFER_TIMES, time_marker

register = template.Library()


@register.simple_tag(takes_context=True)
def time_ago(context, moment) -> str:
    """Relative time for reading, with the exact time on hover and for machines."""
    if moment is None:
        return ""
    if context.get(DEFER_TIMES):
        return time_marker(moment)  # a cached fragment: worded afresh each time it is served
    return relative_time(moment)


def relative_time(moment) -> str:
    local = timezone.localtime(moment)
    now = timezone.now()
    recent = (now - moment).total_seconds() < 60
    label = "just now" if recent else f"{timesince(moment, now, depth=1)} ago"
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        local.strftime("%d %b %Y, %H:%M %Z"),
        label,
    )


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
def excerpt(text: str, length: int = 200) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= length else flat[: length - 1].rsplit(" ", 1)[0] + "…"


@register.filter
def editable_by(post, user) -> bool:
    return permissions.can_edit(user, post)


@register.filter
def deletable_by(post, user) -> bool:
    return permissions.can_delete(user, post)


@register.filter
def votable_by(post, user) -> bool:
    return permissions.can_vote(user, post)


@register.filter
def acceptable_by(post, user) -> bool:
    return permissions.can_accept(user, post)


@register.filter
def hidden_but_readable_by(post, user) -> bool:
    return permissions.can_read_hidden(user, post)


@register.filter
def reportable_by(post, user) -> bool:
    return (
        user.is_authenticated
        and post.is_visible
        and post.author_id != user.pk
        and not user.is_suspended
    )
