from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once (at most one per thread until I visit it)")
    DAILY = "daily", _("A daily digest")
    NEVER = "never", _("Never: only notices on the site")


class Preferences(models.Model):
    """How a member wants to hear about replies. No row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preferences",
    )
    subscribe_on_ask = models.BooleanField(_("Subscribe me to threads I start"), default=True)
    subscribe_on_reply = models.BooleanField(_("Subscribe me to threads I reply to"), default=True)
    email_frequency = models.CharField(
        _("E-mail me about new replies"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    email_mentions = models.BooleanField(
        _("E-mail me when someone mentions me (@username)"), default=True
    )
    ask_for_outcomes = models.BooleanField(
        _("Ask me how things went, once, some days after my question is first answered"),
        default=True,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # The address whose mail server refused mail permanently (5xx), with its answer; cleared
    # when a mail to it is accepted again. Shown to the member on their settings page.
    bounced_address = models.EmailField(blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Notification preferences of {self.user_id}"


class WatchLevel(models.TextChoices):
    """How closely a member follows one thread. A stored Subscription is never NORMAL: no row
    means Normal (the services delete the row instead)."""

    WATCHING = "watching", _("Watching")
    TRACKING = "tracking", _("Tracking")
    NORMAL = "normal", _("Normal")
    MUTED = "muted", _("Muted")


# The levels whose members hear of every reply and see "new" markers.
FOLLOWING_LEVELS = (WatchLevel.WATCHING, WatchLevel.TRACKING)


class TagWatchLevel(models.TextChoices):
    """How closely a member follows one tag. No TagFollow row means Normal."""

    FIRST_POST = "first_post", _("Watching first post")
    WATCHING = "watching", _("Watching")
    NORMAL = "normal", _("Normal")
    MUTED = "muted", _("Muted")


# The tag levels that hear of each new question with the tag.
TAG_QUESTION_LEVELS = (TagWatchLevel.FIRST_POST, TagWatchLevel.WATCHING)


class Subscription(models.Model):
    """A member's watching level of one thread (notifications/watching.py says what each
    level does). Watching and Tracking rows also keep how far the member has read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    thread = models.ForeignKey(
        "forum.Thread", on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The highest post number the member has been shown; later ones are "new".
    last_seen_number = models.PositiveIntegerField(default=0)
    level = models.CharField(max_length=10, choices=WatchLevel.choices, default=WatchLevel.WATCHING)
    # Set when a reply e-mail goes out, cleared when the member visits: one mail per visit.
    emailed_since_visit = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="unique_subscription")
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="subscription_user"),
            # A member's muted threads, read with the member on each request (accounts/backends.py).
            models.Index(
                fields=["user"], condition=models.Q(level="muted"), name="subscription_muted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} thread {self.thread_id}"

    @property
    def follows(self) -> bool:
        """Watching or Tracking: the member hears of every reply and sees what is new."""
        return self.level in FOLLOWING_LEVELS


class TagFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_follows"
    )
    tag = models.ForeignKey("forum.Tag", on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)
    level = models.CharField(
        max_length=10, choices=TagWatchLevel.choices, default=TagWatchLevel.FIRST_POST
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "user"], name="unique_tag_follow")]
        indexes = [
            models.Index(
                fields=["user"], condition=models.Q(level="muted"), name="tag_follow_muted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} tag {self.tag_id}"


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("New reply")
    NEW_QUESTION = "question", _("New question with a tag you follow")
    MENTION = "mention", _("Mentioned you")
    QUOTE = "quote", _("Replied to your post")
    OUTCOME = "outcome", _("Outcome posted")
    # To the asker, about their own question: what did they decide? (forum/outcomes.py)
    OUTCOME_PROMPT = "prompt", _("How did it go?")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # No mail owes this notice any more: a mail or digest told it, or it is never to be mailed
    # (a reply in a thread the member tracks: notices in the site only).
    emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # A retried fan-out adds nothing twice.
            models.UniqueConstraint(fields=["recipient", "post"], name="unique_notification")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
            models.Index(
                fields=["recipient", "thread"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} about post {self.post_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class DeliveryKind(models.TextChoices):
    REPLY = "reply", _("Reply")
    QUESTION = "question", _("New question")
    DIGEST = "digest", _("Daily digest")
    MENTION = "mention", _("Mention")
    QUOTE = "quote", _("Reply to your post")
    OUTCOME_PROMPT = "prompt", _("Outcome reminder")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Accepted by the mail server")
    FAILED = "failed", _("Given up")
    SKIPPED = "skipped", _("Not needed any more")


class EmailDeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending mails whose next attempt has come and that no sender holds a lease on."""
        now = now or timezone.now()
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now).filter(
            models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now)
        )


class EmailDelivery(models.Model):
    """One e-mail to one member: about one post, or their digest of one day.

    The unit of idempotent sending: it is done only when the mail server accepted it, and the
    step that records that also marks what the mail told the member (notices, the thread's
    hold), never before."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=DeliveryKind.choices, default=DeliveryKind.REPLY)
    post = models.ForeignKey(
        "forum.Post", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    digest_day = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A sender's lease: until then no other sender takes this mail; after it, anyone may.
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The mail server's answer (or the connection error) of the last failed attempt.
    last_error = models.TextField(blank=True)

    objects = EmailDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "e-mail deliveries"
        constraints = [
            # One mail of each kind per post: a member mailed about a reply is still told when an
            # edit of it mentions them.
            models.UniqueConstraint(
                fields=["recipient", "post", "kind"], name="unique_email_delivery_kind"
            ),
            # One digest a day, however often the job runs.
            models.UniqueConstraint(
                fields=["recipient", "digest_day"], name="unique_digest_delivery"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="delivery_due",
            ),
            models.Index(
                fields=["post"], condition=models.Q(status="pending"), name="delivery_pending_post"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == DeliveryKind.DIGEST:
            return f"Digest to {self.recipient_id} for {self.digest_day}"
        return f"Mail to {self.recipient_id} about post {self.post_id}"
