"""The daily digest: one mail per member a day, gathering the notices no mail has told them about.

It goes out at DIGEST_HOUR (07:00) in each member's own time zone (accounts/time_zones.py;
UTC for members without one). The scheduler queues `digests_enqueue` every hour with a window
of time: from the start of the hour of the previous run to the start of this hour. A member is
due when 07:00 of one of their local days falls inside the window, which makes the first run
at or after their 07:00 the one that sends: on the hour for whole-hour zones, half past seven
in Asia/Kolkata (UTC+05:30), a quarter to eight in Asia/Kathmandu (UTC+05:45). Every moment
falls in exactly one window, so no zone skips or doubles a day, whatever its offset and on
the days its clocks change; a missed hour (no scheduler running) is covered by the next run,
whose window starts where the last one ended.

Each member's digest is a task of its own and a delivery row unique per member and *local*
day, so the job may run twice for a window (two schedulers, a retried task) and still send
one digest."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.time_zones import zone_named
from notifications.delivery import DIGEST_LOOKBACK
from notifications.models import DeliveryKind, EmailDelivery, EmailFrequency

# The longest window one run covers: a scheduler down for longer sends one digest, not many.
DIGEST_WINDOW_MAX = timedelta(hours=24)


def members_with_unmailed_notices():
    """Members a digest would tell something: unread notices no mail has told them about."""
    since = timezone.now() - DIGEST_LOOKBACK
    return (
        User.objects.filter(
            is_active=True,
            notifications__read_at__isnull=True,
            notifications__emailed=False,
            notifications__created_at__gte=since,
        )
        .exclude(email="")
        .filter(
            Q(notification_preferences__isnull=True)
            | ~Q(notification_preferences__email_frequency=EmailFrequency.NEVER)
        )
        .distinct()
    )


def pending_digest_recipients(day: date, *, zones: list[str] | None = None):
    """Members still owed their digest of (their local) `day`; with `zones`, only the members
    whose time-zone field holds one of those names."""
    members = members_with_unmailed_notices().exclude(
        pk__in=EmailDelivery.objects.filter(kind=DeliveryKind.DIGEST, digest_day=day).values(
            "recipient_id"
        )
    )
    if zones is not None:
        members = members.filter(time_zone__in=zones)
    return members


def digest_day_in_window(zone_field: str, since: datetime, until: datetime) -> date | None:
    """The local day whose DIGEST_HOUR falls in (since, until] for a member whose time-zone
    field holds `zone_field` (blank, or a name the system lacks: UTC); the latest if two do.
    None when it falls in no window at all (DIGEST_HOUR outside 0-23 turns digests off)."""
    hour = settings.DIGEST_HOUR
    if not 0 <= hour <= 23:
        return None
    zone = zone_named(zone_field) or UTC
    day = until.astimezone(zone).date()
    first = since.astimezone(zone).date()
    while day >= first:
        # A wall time the clocks skip (none at 07:00 today, but zones change) is read with
        # the offset before the change: still one moment, so still in exactly one window.
        moment = datetime.combine(day, time(hour), tzinfo=zone)
        if since < moment <= until:
            return day
        day -= timedelta(days=1)
    return None


def digest_days(since: datetime, until: datetime) -> dict[date, list[str]]:
    """For the window (since, until]: the time-zone field values of the members who have
    something to be told, grouped by the local day whose digest is due for them."""
    if not 0 <= settings.DIGEST_HOUR <= 23:
        return {}  # digests turned off
    fields = (
        members_with_unmailed_notices().order_by().values_list("time_zone", flat=True).distinct()
    )
    due: dict[date, list[str]] = defaultdict(list)
    for field in fields:
        day = digest_day_in_window(field, since, until)
        if day is not None:
            due[day].append(field)
    return dict(due)


def digest_window(until: datetime, previous_run_at: datetime | None) -> datetime:
    """Where the window ending at `until` (the start of an hour) begins: the start of the hour
    the previous run was for, at most DIGEST_WINDOW_MAX earlier."""
    earliest = until - DIGEST_WINDOW_MAX
    if previous_run_at is None:
        return earliest
    previous = previous_run_at.replace(minute=0, second=0, microsecond=0)
    return max(previous, earliest)


def digest_record(*, user_id: int, day: date) -> None:
    """The member's digest of `day`, to be sent (nothing new when it exists already)."""
    EmailDelivery.objects.get_or_create(
        recipient_id=user_id, kind=DeliveryKind.DIGEST, digest_day=day
    )
