from django.conf import settings
from django.db import models
from django.utils import timezone


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", "At once (at most one per thread until I visit it)"
    DAILY = "daily", "A daily digest"
    NEVER = "never", "Never: only notices on the site"


class Preferences(models.Model):
    """How a member wants to hear about replies. No row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preferences",
    )
    subscribe_on_ask = models.BooleanField("Subscribe me to threads I start", default=True)
    subscribe_on_reply = models.BooleanField("Subscribe me to threads I reply to", default=True)
    email_frequency = models.CharField(
        "E-mail me about new replies",
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Notification preferences of {self.user_id}"


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    thread = models.ForeignKey(
        "forum.Thread", on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The highest post number the member has been shown; later ones are "new".
    last_seen_number = models.PositiveIntegerField(default=0)
    email = models.BooleanField(default=True)
    # Set when a reply e-mail goes out, cleared when the member visits: one mail per visit.
    emailed_since_visit = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="unique_subscription")
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="subscription_user")]

    def __str__(self) -> str:
        return f"{self.user_id} follows thread {self.thread_id}"


class TagFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_follows"
    )
    tag = models.ForeignKey("forum.Tag", on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "user"], name="unique_tag_follow")]

    def __str__(self) -> str:
        return f"{self.user_id} follows tag {self.tag_id}"


class NotificationKind(models.TextChoices):
    REPLY = "reply", "New reply"
    NEW_QUESTION = "question", "New question with a tag you follow"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
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


class EmailDelivery(models.Model):
    """One e-mail to one member about one post: the unit of idempotent sending."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "post"], name="unique_email_delivery")
        ]
        indexes = [
            models.Index(
                fields=["post"], condition=models.Q(sent_at__isnull=True), name="delivery_unsent"
            )
        ]

    def __str__(self) -> str:
        return f"Mail to {self.recipient_id} about post {self.post_id}"
