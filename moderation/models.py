from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off-topic")
    ABUSIVE = "abusive", _("Abusive or harassing")
    OTHER = "other", _("Something else")
    BLOCKED_WORDS = "blocked", _("Held automatically: contains a blocked word")


class Resolution(models.TextChoices):
    DISMISSED = "dismissed", _("Dismissed")
    ACTIONED = "actioned", _("Action taken")


class FlagQuerySet(models.QuerySet):
    def open(self):
        """Reports no moderator has dealt with yet (posts held for review among them)."""
        return self.filter(resolved_at__isnull=True)


class Flag(models.Model):
    """A member's report of a post (or the forum's own, when reporter is empty)."""

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags_made",
    )
    reason = models.CharField(max_length=10, choices=FlagReason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FlagQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                name="unique_flag_per_reporter",
                condition=models.Q(reporter__isnull=False),
            )
        ]
        indexes = [
            models.Index(
                fields=["post"], condition=models.Q(resolved_at__isnull=True), name="flag_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on post {self.post_id}"


class Action(models.TextChoices):
    HIDE_POST = "hide_post", _("Hid a post")
    UNHIDE_POST = "unhide_post", _("Unhid a post")
    HIDE_THREAD = "hide_thread", _("Hid a thread")
    UNHIDE_THREAD = "unhide_thread", _("Unhid a thread")
    LOCK = "lock", _("Locked a thread")
    UNLOCK = "unlock", _("Unlocked a thread")
    PIN = "pin", _("Pinned a thread")
    UNPIN = "unpin", _("Unpinned a thread")
    MOVE = "move", _("Moved a thread")
    RETAG = "retag", _("Changed a thread's tags")
    DISMISS = "dismiss", _("Dismissed reports")
    SUSPEND = "suspend", _("Suspended a member")
    UNSUSPEND = "unsuspend", _("Lifted a suspension")
    AUTO_HIDE = "auto_hide", _("Hid a post after three reports")
    HOLD = "hold", _("Held a post for review")


class LogEntry(models.Model):
    """Every moderator action, for the moderators to read."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=15, choices=Action.choices)
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "log entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class BlockedWord(models.Model):
    """A word or phrase that holds a post for review instead of publishing it."""

    phrase = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase
