from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import (
    DeliveryStatus,
    EmailDelivery,
    Notification,
    Preferences,
    Subscription,
    TagFollow,
)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "thread", "level", "created_at", "last_seen_number")
    list_filter = ("level",)
    search_fields = ("user__username", "thread__title")
    raw_id_fields = ("user", "thread")


@admin.register(TagFollow)
class TagFollowAdmin(admin.ModelAdmin):
    list_display = ("user", "tag", "level", "created_at")
    list_filter = ("level",)
    raw_id_fields = ("user",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "thread", "created_at", "read_at", "emailed")
    list_filter = ("kind", "emailed")
    raw_id_fields = ("recipient", "post", "thread")


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "recipient",
        "kind",
        "post",
        "digest_day",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status", "kind")
    search_fields = ("recipient__username", "recipient__email", "last_error")
    raw_id_fields = ("recipient", "post")
    readonly_fields = ("claimed_until", "claim_token", "last_error")
    actions = ["send_again"]

    @admin.action(description=_("Send again now (failed or waiting deliveries)"))
    def send_again(self, request, queryset) -> None:
        count = queryset.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.PENDING]).update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claimed_until=None,
            claim_token="",
        )
        self.message_user(request, f"{count} delivery(ies) will go out with the next sweep.")


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "email_frequency",
        "subscribe_on_ask",
        "subscribe_on_reply",
        "bounced_address",
    )
    raw_id_fields = ("user",)
