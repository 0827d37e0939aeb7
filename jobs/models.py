from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("Task worker")
    SCHEDULER = "scheduler", _("Scheduler")


class Heartbeat(models.Model):
    """The last sign of life of one long-running process, for readiness and task recovery."""

    role = models.CharField(max_length=10, choices=Role.choices)
    # The worker id the task rows carry, or host:pid for a scheduler.
    process = models.CharField(max_length=64)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "process"], name="unique_heartbeat")]
        indexes = [models.Index(fields=["role", "-beat_at"], name="heartbeat_latest")]

    def __str__(self) -> str:
        return f"{self.role} {self.process} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    """One periodic job in one period. The unique row is what makes several schedulers (one per
    app server) enqueue each job once per period: the second insert fails and enqueues nothing."""

    job = models.CharField(max_length=40)
    period = models.CharField(max_length=40)
    enqueued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="unique_scheduled_run")
        ]

    def __str__(self) -> str:
        return f"{self.job} for {self.period}"
