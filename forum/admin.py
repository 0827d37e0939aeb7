"""The admin for forums, tags, threads and posts.

Threads and posts change here through the same services as on the site, so an edit in the
admin re-renders, re-indexes, keeps the history and writes the moderation log as the site's
own forms do. What no service changes is read-only here; threads and posts are made on the
site, never added in the admin.
"""

from django.contrib import admin

from forum.experience import SIDE_COUNT_FIELDS
from forum.facts import FACT_NAMES
from forum.forms import BodyField, TitleField
from forum.models import Forum, Post, Tag, Thread
from forum.services import post_delete, post_edit
from moderation.services import (
    post_set_hidden,
    thread_move,
    thread_set_hidden,
    thread_set_locked,
    thread_set_pinned,
)


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class _ThroughServices(admin.ModelAdmin):
    """Saving and deleting call services; nothing is added here. Titles and bodies are
    checked by the site's own form fields."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        site_fields = {"body": BodyField, "title": TitleField}
        if db_field.name in site_fields:
            return site_fields[db_field.name](label=db_field.verbose_name.capitalize())
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request) -> bool:
        return False

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Thread)
class ThreadAdmin(_ThroughServices):
    list_display = ("title", "forum", "author", "context", "reply_count", "last_activity_at")
    list_filter = ("forum", "context", "is_pinned", "is_locked", "is_hidden")
    search_fields = ("title", "author__username")
    readonly_fields = (
        "slug",
        "author",
        "context",
        "tag_names",
        "created_at",
        "reply_count",
        "last_number",
        "last_activity_at",
        "last_post",
        "accepted_post",
        *FACT_NAMES,
        *SIDE_COUNT_FIELDS.values(),
    )
    fields = (
        "title",
        "forum",
        "is_locked",
        "is_pinned",
        "is_hidden",
        "hidden_reason",
        *readonly_fields,
    )

    @admin.display(description="Tags")
    def tag_names(self, thread: Thread) -> str:
        return ", ".join(sorted(tag.name for tag in thread.tags.all()))

    def save_model(self, request, obj: Thread, form, change) -> None:
        saved = Thread.objects.select_related("forum").get(pk=obj.pk)
        changed = set(form.changed_data)
        if "title" in changed:
            question = saved.posts.get(number=1)
            post_edit(post=question, editor=request.user, body=question.body, title=obj.title)
        if "forum" in changed:
            thread_move(thread=saved, forum=obj.forum, moderator=request.user)
        if "is_locked" in changed:
            thread_set_locked(thread=saved, locked=obj.is_locked, moderator=request.user)
        if "is_pinned" in changed:
            thread_set_pinned(thread=saved, pinned=obj.is_pinned, moderator=request.user)
        if changed & {"is_hidden", "hidden_reason"}:
            thread_set_hidden(
                thread=saved, hidden=obj.is_hidden, reason=obj.hidden_reason, moderator=request.user
            )

    def delete_model(self, request, obj: Thread) -> None:
        post_delete(post=obj.posts.get(number=1), user=request.user)


@admin.register(Post)
class PostAdmin(_ThroughServices):
    list_display = ("pk", "thread", "number", "author", "created_at", "is_hidden", "is_deleted")
    list_filter = ("is_hidden", "is_deleted")
    search_fields = ("author__username", "thread__title")
    readonly_fields = (
        "thread",
        "number",
        "author",
        "created_at",
        "edited_at",
        "helpful_count",
        "is_deleted",
        "experience_side",
        "body_html",
    )
    fields = ("body", "is_hidden", "hidden_reason", *readonly_fields)

    def save_model(self, request, obj: Post, form, change) -> None:
        changed = set(form.changed_data)
        if "body" in changed:
            post_edit(post=obj, editor=request.user, body=obj.body)
        if changed & {"is_hidden", "hidden_reason"}:
            post_set_hidden(
                post=obj, hidden=obj.is_hidden, reason=obj.hidden_reason, moderator=request.user
            )

    def delete_model(self, request, obj: Post) -> None:
        post_delete(post=obj, user=request.user)
