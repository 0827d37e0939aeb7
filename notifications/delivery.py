"""Sending the e-mail deliveries: at least once, with retries, surviving a killed worker.

A delivery row exists before its mail is sent. A sender claims a batch of due rows with a lease
(`claimed_until`), renews the lease of each row just before sending it, and records the mail
server's answer at once, in one transaction with what that mail told the member (its notices,
the thread's mail hold). A sender killed at any instant therefore leaves rows that are still
pending, which any sender takes again when their lease ends: only the one mail in flight at the
kill can go out twice.

A refused or failed send is tried again after each of `DELIVERY_RETRY_DELAYS`, then given up
with the server's answer kept in `last_error` (shown in the admin). A permanent refusal of the
address (a 5xx answer to RCPT) gives up at once and marks the address as bouncing.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from config.observability import MAILS
from forum.models import OutcomeReminder, Post
from notifications import mail
from notifications.models import (
    TAG_QUESTION_LEVELS,
    DeliveryKind,
    DeliveryStatus,
    EmailDelivery,
    Notification,
    NotificationKind,
    Preferences,
    Subscription,
    TagFollow,
    TagWatchLevel,
    WatchLevel,
)
from notifications.watching import member_silenced, thread_tag_ids

logger = logging.getLogger(__name__)
DIGEST_LOOKBACK = timedelta(days=7)  # older unread notices are no longer news
DIGEST_MAX_ITEMS = 50
# Errors that are the server's answer on a connection still fit for the next mail.
SERVER_ANSWERS = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)


@dataclass
class Outgoing:
    """A built mail and what its acceptance tells us the member now knows."""

    message: EmailMessage
    notice_ids: list[int] = field(default_factory=list)
    hold_thread_id: int | None = None  # a reply mail starts the thread's mail hold
    is_digest: bool = False


def deliveries_send(**only) -> int:
    """Send every due delivery (those matching `only`, e.g. post_id=...), batch by batch.

    Returns how many the mail server accepted."""
    accepted = 0
    while True:
        token, batch = _claim(only)
        if not batch:
            return accepted
        accepted += _send_batch(token, batch)


def _claim(only: dict) -> tuple[str, list[EmailDelivery]]:
    now = timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        ids = list(
            EmailDelivery.objects.due(now)
            .filter(**only)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[: settings.DELIVERY_BATCH]
        )
        if not ids:
            return token, []
        EmailDelivery.objects.filter(pk__in=ids).update(
            claimed_until=_lease_end(now), claim_token=token
        )
    batch = EmailDelivery.objects.filter(pk__in=ids, claim_token=token).select_related("recipient")
    return token, list(batch.order_by("next_attempt_at", "pk"))


def _lease_end(now):
    return now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)


def _still_ours(delivery: EmailDelivery, token: str) -> bool:
    """Renew the lease just before sending: a slow batch never lets a mail be taken twice."""
    now = timezone.now()
    return bool(
        EmailDelivery.objects.filter(
            pk=delivery.pk, claim_token=token, status=DeliveryStatus.PENDING
        ).update(claimed_until=_lease_end(now))
    )


def _send_batch(token: str, batch: list[EmailDelivery]) -> int:
    """One SMTP connection for the batch, opened only once there is a mail to send."""
    posts: dict[int, Post | None] = {}
    connection = None
    accepted = 0
    try:
        for position, delivery in enumerate(batch):
            if not _still_ours(delivery, token):
                continue
            outgoing = _prepare(delivery, posts)
            if outgoing is None:
                _record(delivery, token, status=DeliveryStatus.SKIPPED)
                continue
            if connection is None:
                try:
                    connection = get_connection()
                    connection.open()
                except Exception as error:
                    # The server cannot be reached: the rest of the batch would fail alike.
                    connection = None
                    for waiting in batch[position:]:
                        _record_failure(waiting, token, _answer(error), permanent=False)
                    break
            outgoing.message.connection = connection
            try:
                sent = connection.send_messages([outgoing.message])
            except Exception as error:
                _record_failure(delivery, token, _answer(error), permanent=_bounced(error))
                if not isinstance(error, SERVER_ANSWERS):
                    connection.close()  # a broken connection: the next mail opens a new one
                    connection = None
                continue
            if not sent:
                _record_failure(delivery, token, "The mail backend sent nothing", permanent=False)
                continue
            _record_sent(delivery, token, outgoing)
            accepted += 1
    finally:
        if connection is not None:
            connection.close()
    return accepted


def _answer(error: Exception) -> str:
    """The mail server's answer as the admin shows it: code and text."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = next(iter(error.recipients.values()))
        return f"{code} {_text(text)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(raw) -> str:
    return raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)


def _bounced(error: Exception) -> bool:
    """A 5xx answer to the recipient's address: it will not be accepted by trying again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, _ = next(iter(error.recipients.values()))
        return 500 <= code < 600
    return False


@transaction.atomic
def _record_sent(delivery: EmailDelivery, token: str, outgoing: Outgoing) -> None:
    now = timezone.now()
    _record(delivery, token, status=DeliveryStatus.SENT, sent_at=now, last_error="")
    if outgoing.notice_ids:
        Notification.objects.filter(pk__in=outgoing.notice_ids).update(emailed=True)
    if outgoing.hold_thread_id is not None:
        # Held until the member visits the thread: later replies wait for the digest.
        Subscription.objects.filter(
            user_id=delivery.recipient_id, thread_id=outgoing.hold_thread_id
        ).update(emailed_since_visit=True)
    address = delivery.recipient.email
    if outgoing.is_digest:
        Preferences.objects.update_or_create(
            user_id=delivery.recipient_id, defaults={"last_digest_at": now}
        )
    # The address takes mail again: the member's warning goes.
    Preferences.objects.filter(user_id=delivery.recipient_id, bounced_address=address).update(
        bounced_address="", bounced_at=None, bounce_reason=""
    )
    transaction.on_commit(MAILS.labels(outcome="sent").inc)


@transaction.atomic
def _record_failure(delivery: EmailDelivery, token: str, answer: str, *, permanent: bool) -> None:
    attempts = delivery.attempts + 1
    delays = settings.DELIVERY_RETRY_DELAYS
    now = timezone.now()
    if permanent or attempts > len(delays):
        _record(delivery, token, status=DeliveryStatus.FAILED, last_error=answer)
        logger.warning(
            "Gave up mail %s to member %s: %s", delivery.pk, delivery.recipient_id, answer
        )
        transaction.on_commit(MAILS.labels(outcome="failed").inc)
    else:
        _record(
            delivery,
            token,
            status=DeliveryStatus.PENDING,
            next_attempt_at=now + timedelta(seconds=delays[attempts - 1]),
            last_error=answer,
        )
        logger.info("Mail %s failed (%s); tried again later", delivery.pk, answer)
        transaction.on_commit(MAILS.labels(outcome="retried").inc)
    if permanent:
        Preferences.objects.update_or_create(
            user_id=delivery.recipient_id,
            defaults={
                "bounced_address": delivery.recipient.email,
                "bounced_at": now,
                "bounce_reason": answer,
            },
        )


def _record(delivery: EmailDelivery, token: str, **changes) -> None:
    EmailDelivery.objects.filter(pk=delivery.pk, claim_token=token).update(
        attempts=F("attempts") + (0 if changes["status"] == DeliveryStatus.SKIPPED else 1),
        claimed_until=None,
        claim_token="",
        **changes,
    )


# Building each kind of mail, at the moment it is sent: what changed since the fan-out (a visit,
# an unsubscribe, a digest that told it already) decides whether it is still needed.


def _prepare(delivery: EmailDelivery, posts: dict[int, Post | None]) -> Outgoing | None:
    recipient = delivery.recipient
    if not recipient.is_active or not recipient.email:
        return None
    if delivery.kind == DeliveryKind.DIGEST:
        return _prepare_digest(delivery)
    if delivery.post_id not in posts:
        posts[delivery.post_id] = live_post(delivery.post_id)
    post = posts[delivery.post_id]
    if post is None:
        return None
    notice = (
        Notification.objects.filter(recipient=recipient, post=post, emailed=False)
        .values_list("pk", flat=True)
        .first()
    )
    if notice is None:
        return None  # a digest or an earlier send told the member already
    if delivery.kind == DeliveryKind.OUTCOME_PROMPT:
        return _prepare_outcome_prompt(delivery, post, notice)
    # Whoever muted the thread (or a tag of it) since the fan-out hears nothing.
    if member_silenced(user_id=recipient.pk, thread_id=post.thread_id):
        return None
    if delivery.kind == DeliveryKind.MENTION:
        if Preferences.objects.filter(user=recipient, email_mentions=False).exists():
            return None  # turned mention mails off since
        return Outgoing(mail.mention_message(recipient=recipient, post=post), [notice])
    if delivery.kind == DeliveryKind.QUOTE:
        if Subscription.objects.filter(
            user=recipient, thread_id=post.thread_id, level=WatchLevel.TRACKING
        ).exists():
            return None  # tracks the thread now: notices only
        message = mail.reply_message(
            recipient=recipient, post=post, thread=post.thread, to_their_post=True
        )
        return Outgoing(message, [notice])
    if delivery.kind == DeliveryKind.REPLY:
        return _prepare_reply(recipient, post, notice)
    followed = (
        TagFollow.objects.filter(
            user=recipient, tag_id__in=thread_tag_ids(post.thread_id), level__in=TAG_QUESTION_LEVELS
        )
        .select_related("tag")
        .order_by("tag__name")
        .first()
    )
    if followed is None:
        return None  # no longer watches any of the question's tags
    message = mail.new_question_message(
        recipient=recipient,
        post=post,
        thread=post.thread,
        tag_id=followed.tag_id,
        tag_name=followed.tag.name,
    )
    return Outgoing(message, [notice])


def _prepare_reply(recipient, post: Post, notice: int) -> Outgoing | None:
    """A reply mail: to a member who watches the thread, or watches one of its tags and has no
    level of their own for the thread; one mail until they visit the thread."""
    row = (
        Subscription.objects.filter(user=recipient, thread_id=post.thread_id)
        .values_list("level", "emailed_since_visit")
        .first()
    )
    if row is not None:
        level, held = row
        if level != WatchLevel.WATCHING or held:
            return None  # no longer watching, or one mail already went out since the last visit
        message = mail.reply_message(recipient=recipient, post=post, thread=post.thread)
        return Outgoing(message, [notice], hold_thread_id=post.thread_id)
    watched_tag = (
        TagFollow.objects.filter(
            user=recipient, tag_id__in=thread_tag_ids(post.thread_id), level=TagWatchLevel.WATCHING
        )
        .order_by("tag__name")
        .values_list("tag_id", "tag__name")
        .first()
    )
    if watched_tag is None:
        return None  # stopped watching the tag
    # Without a thread row, the hold is the member's unread notice that a mail already told.
    held = (
        Notification.objects.filter(
            recipient=recipient,
            thread_id=post.thread_id,
            read_at__isnull=True,
            emailed=True,
            kind__in=(NotificationKind.REPLY, NotificationKind.OUTCOME),
        )
        .exclude(pk=notice)
        .exists()
    )
    if held:
        return None
    message = mail.reply_message(
        recipient=recipient, post=post, thread=post.thread, watched_tag=watched_tag
    )
    return Outgoing(message, [notice])


def _prepare_outcome_prompt(delivery: EmailDelivery, question: Post, notice: int):
    """The asker's one reminder (forum/outcome_reminders.py), unless they answered it or said
    "Don't ask again" since it was recorded."""
    thread = question.thread
    declined = OutcomeReminder.objects.filter(
        thread_id=thread.pk, declined_at__isnull=False
    ).exists()
    if thread.outcome_id is not None or declined:
        return None
    message = mail.outcome_prompt_message(recipient=delivery.recipient, thread=thread)
    return Outgoing(message, [notice])


def live_post(post_id: int) -> Post | None:
    """The post, if everyone may still see it; hidden or deleted content notifies no one."""
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None or not post.is_visible or post.thread.is_hidden:
        return None
    return post


def _prepare_digest(delivery: EmailDelivery) -> Outgoing | None:
    since = timezone.now() - DIGEST_LOOKBACK
    notices = list(
        Notification.objects.filter(
            recipient_id=delivery.recipient_id,
            read_at__isnull=True,
            emailed=False,
            created_at__gte=since,
        )
        .filter(thread__is_hidden=False, post__is_hidden=False, post__is_deleted=False)
        .select_related("post__author", "thread")
        .order_by("thread_id", "created_at")[:DIGEST_MAX_ITEMS]
    )
    if not notices:
        return None
    items = [
        {
            "thread_id": notice.thread_id,
            "thread_title": notice.thread.title,
            "kind": notice.get_kind_display(),
            "label": notice.post.label,
            "posted_at": notice.post.created_at,
            "author": notice.post.author.name if notice.post.author else gettext("Deleted member"),
            "excerpt": mail.excerpt(notice.post.body_html, 200),
            "post_url": mail.absolute(notice.post.get_absolute_url()),
        }
        for notice in notices
    ]
    message = mail.digest_message(recipient=delivery.recipient, items=items)
    return Outgoing(message, [notice.pk for notice in notices], is_digest=True)
