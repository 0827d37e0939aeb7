from django.contrib import admin

from notifications.models import EmailDelivery, Notification, Preferences, Subscription, TagFollow


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "thread", "created_at", "last_seen_number", "email")
    search_fields = ("user__username", "thread__title")
    raw_id_fields = ("user", "thread")


@admin.register(TagFollow)
class TagFollowAdmin(admin.ModelAdmin):
    list_display = ("user", "tag", "created_at")
    raw_id_fields = ("user",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "thread", "created_at", "read_at", "emailed")
    list_filter = ("kind", "emailed")
    raw_id_fields = ("recipient", "post", "thread")


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ("recipient", "post", "created_at", "sent_at")
    raw_id_fields = ("recipient", "post")


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ("user", "email_frequency", "subscribe_on_ask", "subscribe_on_reply")
    raw_id_fields = ("user",)
