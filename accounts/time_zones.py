"""Members' time zones: which names are allowed, how pages and e-mails name a moment.

A member's zone is an IANA name kept on their row (User.time_zone); blank means UTC, which is
also what visitors see. accounts/middleware.py activates it for each of the member's requests,
so Django's `localtime`, the `date` filter and `time_ago` (forum/templatetags/forum_tags.py)
all show their local time. Cached and shared renderings never hold a local time: they keep
UTC moments as markers, worded for each reader when served (forum/fragments.py).
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from datetime import datetime, tzinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext_lazy as _

UTC_NAME = "UTC"
# Names the system's zone database lists that are not zones a person lives in.
_NOT_OFFERED = frozenset({"localtime", "Factory"})
# The regions a zone name starts with, in the order the select lists them.
_REGION_ORDER = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def available_zones() -> frozenset[str]:
    """Every zone name a member may choose (the system's zone database, read once: it walks
    the zone files on disk)."""
    return frozenset(zoneinfo.available_timezones()) - _NOT_OFFERED


def validate_time_zone(value: str) -> None:
    if value and value not in available_zones():
        raise ValidationError(
            _("Please choose a time zone from the list."), code="invalid_time_zone"
        )


def _city_label(name: str) -> str:
    return name.split("/", 1)[1].replace("_", " ").replace("/", " / ")


@cache
def zone_choices() -> tuple:
    """The profile form's choices: UTC first, then one group per region ("Asia": "Tokyo",
    ...) so that a select without script is usable by typing a city's first letters; the
    older and country-style names ("US/Eastern", "Japan") last, under "Other names"."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    other: list[tuple[str, str]] = []
    for name in sorted(available_zones()):
        region = name.split("/", 1)[0]
        if "/" in name and region in _REGION_ORDER:
            groups[region].append((name, _city_label(name)))
        elif name != UTC_NAME:
            other.append((name, name))
    return (
        ("", _("UTC (the default)")),
        *((region, tuple(groups[region])) for region in _REGION_ORDER if groups[region]),
        (_("Other names"), tuple(other)),
    )


def zone_named(name: str) -> tzinfo | None:
    """The zone for a stored name; None for blank (UTC) or a name the system no longer has."""
    if not name or name not in available_zones():
        return None
    return zoneinfo.ZoneInfo(name)  # ZoneInfo keeps one instance per name


def member_zone(user) -> tzinfo | None:
    """The zone to show a member's pages and mails in; None: UTC (visitors too)."""
    return zone_named(getattr(user, "time_zone", "") or "")


def zone_name(zone: tzinfo | None = None) -> str:
    """The IANA name of `zone` (default: the active one), as tooltips and e-mails print it."""
    zone = zone or timezone.get_current_timezone()
    return getattr(zone, "key", None) or str(zone)


def local_moment(moment: datetime, zone: tzinfo | None = None) -> str:
    """'3 Dec 2026, 14:05 (Asia/Tokyo)': a moment in `zone` (default: the active zone), the
    zone named so that no reader mistakes whose time it is."""
    zone = zone or timezone.get_current_timezone()
    local = moment.astimezone(zone)
    # The month's abbreviation in the active language (strftime's %b is always English).
    month = str(MONTHS_3[local.month]).title()
    return f"{local.day} {month} {local:%Y, %H:%M} ({zone_name(zone)})"
