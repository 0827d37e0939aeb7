from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import account_delete, avatar_remove


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "display_name", "headline", "is_staff", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "date_joined", "suspended_until")
    # Secondary addresses live in allauth's table: an admin looking someone up by any of their
    # addresses should find them.
    search_fields = (
        "username",
        "email",
        "emailaddress__email",
        "display_name",
        "headline",
        "location",
    )
    # Pictures arrive only through the profile page, where they are checked and re-encoded;
    # the admin can look at one and take it down, not upload one.
    readonly_fields = ("avatar_preview",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "headline", "location", "bio", "avatar_preview")}),
        ("Suspension", {"fields": ("suspended_until", "suspension_reason")}),
    )
    actions = ("remove_avatars",)

    @admin.display(description="Avatar")
    def avatar_preview(self, obj: User) -> str:
        if not obj.avatar:
            return "None (initials are shown)"
        return format_html(
            '<img src="{}" width="96" height="96" alt="Avatar of {}">', obj.avatar.url, obj.name
        )

    @admin.action(description=_("Remove the avatars of the selected members"))
    def remove_avatars(self, request, queryset) -> None:
        count = 0
        for user in queryset.exclude(avatar=""):
            avatar_remove(user=user)
            count += 1
        self.message_user(request, f"Removed {count} avatar(s).", messages.SUCCESS)

    # Deleting here goes through the same service as a member's own deletion, so the avatar
    # file goes too.
    def delete_model(self, request, obj: User) -> None:
        account_delete(user=obj)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset:
            account_delete(user=user)
