"""The daily digest: one mail per member gathering the notices no mail has told them about."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from notifications import mail
from notifications.models import EmailFrequency, Notification, Preferences

logger = logging.getLogger(__name__)
LOOKBACK = timedelta(days=7)  # older unread notices are no longer news
MAX_ITEMS = 50


def pending_digest_recipients():
    since = timezone.now() - LOOKBACK
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


def digest_send(user: User) -> int:
    """Send one member their digest; returns how many notices it carried (0: nothing sent)."""
    since = timezone.now() - LOOKBACK
    with transaction.atomic():
        notices = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(recipient=user, read_at__isnull=True, emailed=False, created_at__gte=since)
            .filter(thread__is_hidden=False, post__is_hidden=False, post__is_deleted=False)
            .select_related("post__author", "thread")
            .order_by("thread_id", "created_at")[:MAX_ITEMS]
        )
        if not notices:
            return 0
        items = [
            {
                "thread_id": notice.thread_id,
                "thread_title": notice.thread.title,
                "kind": notice.get_kind_display(),
                "author": notice.post.author.name if notice.post.author else "Deleted member",
                "excerpt": mail.excerpt(notice.post.body_html, 200),
                "post_url": mail.absolute(notice.post.get_absolute_url()),
            }
            for notice in notices
        ]
        mail.digest_message(recipient=user, items=items).send()
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed=True)
        Preferences.objects.update_or_create(user=user, defaults={"last_digest_at": timezone.now()})
    return len(notices)


def digests_send_all() -> tuple[int, int]:
    """Every member's digest. Returns (mails sent, notices carried)."""
    mails = notices = 0
    for user in pending_digest_recipients().iterator(chunk_size=500):
        try:
            carried = digest_send(user)
        except Exception:
            logger.exception("Digest for member %s failed", user.pk)
            continue
        mails += bool(carried)
        notices += carried
    return mails, notices
