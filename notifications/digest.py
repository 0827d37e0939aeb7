"""The daily digest: one mail per member a day, gathering the notices no mail has told them about.

Each member's digest is a task of its own and a delivery row unique per member and day, so the
job may run twice in a day (two schedulers, a retried task) and still send one digest."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from notifications.delivery import DIGEST_LOOKBACK
from notifications.models import DeliveryKind, EmailDelivery, EmailFrequency


def pending_digest_recipients(day: date):
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
        .exclude(
            pk__in=EmailDelivery.objects.filter(kind=DeliveryKind.DIGEST, digest_day=day).values(
                "recipient_id"
            )
        )
        .distinct()
    )


def digest_record(*, user_id: int, day: date) -> None:
    """The member's digest of `day`, to be sent (nothing new when it exists already)."""
    EmailDelivery.objects.get_or_create(
        recipient_id=user_id, kind=DeliveryKind.DIGEST, digest_day=day
    )
