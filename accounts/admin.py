from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "display_name", "headline", "is_staff", "date_joined")
    search_fields = ("username", "email", "display_name", "headline", "location")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "headline", "location", "bio", "avatar")}),
    )
