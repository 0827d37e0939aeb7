from django.contrib import admin

from jobs.models import Heartbeat, ScheduledRun


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("role", "process", "started_at", "beat_at")
    list_filter = ("role",)


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ("job", "period", "enqueued_at")
    list_filter = ("job",)
