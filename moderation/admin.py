from django.contrib import admin
from django.core.cache import cache

from moderation.models import BlockedWord, Flag, LogEntry
from moderation.rules import BLOCKED_WORDS_KEY


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("post", "reason", "reporter", "created_at", "resolution", "resolved_by")
    list_filter = ("reason", "resolution")
    search_fields = ("note", "reporter__username", "post__body")
    raw_id_fields = ("post", "reporter", "resolved_by")


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "moderator", "action", "thread", "post", "member", "reason")
    list_filter = ("action",)
    search_fields = ("reason", "moderator__username", "member__username", "thread__title")
    raw_id_fields = ("moderator", "thread", "post", "member")

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the log is a record, not something to rewrite


@admin.register(BlockedWord)
class BlockedWordAdmin(admin.ModelAdmin):
    list_display = ("phrase", "created_at")
    search_fields = ("phrase",)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        cache.delete(BLOCKED_WORDS_KEY)  # new posts see the change at once

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        cache.delete(BLOCKED_WORDS_KEY)

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        cache.delete(BLOCKED_WORDS_KEY)
