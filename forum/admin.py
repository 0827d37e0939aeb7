from django.contrib import admin

from forum.models import Forum, Post, Tag, Thread


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("title", "forum", "author", "context", "reply_count", "last_activity_at")
    list_filter = ("forum", "context", "is_pinned", "is_locked", "is_hidden")
    search_fields = ("title", "author__username")
    raw_id_fields = ("author", "last_post", "accepted_post")
    readonly_fields = ("reply_count", "last_number", "last_activity_at")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("pk", "thread", "number", "author", "created_at", "is_hidden", "is_deleted")
    list_filter = ("is_hidden", "is_deleted")
    search_fields = ("author__username", "thread__title")
    raw_id_fields = ("thread", "author")
    readonly_fields = ("body_html", "number")
