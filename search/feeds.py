"""Atom feeds: the latest threads, the threads of one tag, and the replies of one thread.

Links are absolute, built from settings.SITE_URL. Each entry carries the post's stored,
sanitised HTML as its content. Hidden threads, and hidden or deleted posts, are left out.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forum.models import Post, Tag, Thread

ITEMS_PER_FEED = 30
HIDDEN_QUESTION = "<p>This question is hidden by the moderators.</p>"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# Characters XML 1.0 cannot carry, even escaped. Members' titles, names and tags may hold
# them, and the XML writer refuses them (a server error), so they are left out of feeds.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value):
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)
    if isinstance(value, list | tuple):
        return [_xml_safe(part) for part in value]
    return value


class AtomWithContent(Atom1Feed):
    """Atom with the whole post as each entry's <content type="html">."""

    def __init__(self, **feed) -> None:
        super().__init__(**{name: _xml_safe(value) for name, value in feed.items()})

    def add_item(self, **item) -> None:
        super().add_item(**{name: _xml_safe(value) for name, value in item.items()})

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content") is not None:
            handler.addQuickElement("content", item["content"], {"type": "html"})


class ForumFeed(Feed):
    feed_type = AtomWithContent

    def item_description(self, item) -> None:
        return None  # the whole text is in <content>; no summary

    def item_author_name(self, item) -> str:
        return item.author.name if item.author else gettext("Deleted member")

    def item_author_link(self, item) -> str | None:
        return absolute(item.author.get_absolute_url()) if item.author else None


class ThreadListFeed(ForumFeed):
    """Threads, newest first, each entry holding its question."""

    def threads(self, queryset):
        questions = Prefetch(
            "posts", queryset=Post.objects.filter(number=1), to_attr="question_posts"
        )
        return (
            queryset.visible()
            .select_related("author", "outcome")
            .prefetch_related("tags", questions)
            .order_by("-created_at", "-id")[:ITEMS_PER_FEED]
        )

    def item_title(self, item: Thread) -> str:
        return item.title

    def item_link(self, item: Thread) -> str:
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item: Thread):
        return item.created_at

    def item_updateddate(self, item: Thread):
        return item.last_activity_at

    def item_categories(self, item: Thread) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item: Thread) -> dict:
        question = item.question_posts[0] if item.question_posts else None
        visible = question is not None and question.is_visible
        content = question.body_html if visible else HIDDEN_QUESTION
        if item.outcome_id:
            # The outcome follows its question, as on the thread page.
            content += f"<h2>{escape(gettext('Outcome'))}</h2>{item.outcome.body_html}"
        return {"content": content}


class LatestThreadsFeed(ThreadListFeed):
    title = format_lazy(_("{site}: latest questions"), site=settings.SITE_NAME)
    subtitle = _("New questions from project managers, inside the company and for clients.")

    def link(self) -> str:
        return absolute(reverse("forum:thread_list"))

    def feed_url(self) -> str:
        return absolute(reverse("search:feed_latest"))

    def items(self):
        return self.threads(Thread.objects.all())


class TagThreadsFeed(ThreadListFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag: Tag) -> str:
        return gettext("%(site)s: questions tagged %(tag)s") % {
            "site": settings.SITE_NAME,
            "tag": tag.name,
        }

    def subtitle(self, tag: Tag) -> str:
        return tag.description or gettext("New questions tagged %(tag)s.") % {"tag": tag.name}

    def link(self, tag: Tag) -> str:
        return absolute(tag.get_absolute_url())

    def feed_url(self, tag: Tag) -> str:
        return absolute(reverse("search:feed_tag", args=[tag.slug]))

    def items(self, tag: Tag):
        return self.threads(Thread.objects.filter(tags=tag))


class ThreadRepliesFeed(ForumFeed):
    """A thread's replies and its outcome, newest first."""

    def get_object(self, request, thread_id: int) -> Thread:
        return get_object_or_404(Thread.objects.visible(), pk=thread_id)

    def title(self, thread: Thread) -> str:
        return gettext("Replies to: %(title)s") % {"title": thread.title}

    def subtitle(self, thread: Thread) -> str:
        return gettext("New replies in this %(site)s thread.") % {"site": settings.SITE_NAME}

    def link(self, thread: Thread) -> str:
        return absolute(thread.get_absolute_url())

    def feed_url(self, thread: Thread) -> str:
        return absolute(reverse("search:feed_thread", args=[thread.pk]))

    def items(self, thread: Thread):
        replies = list(
            Post.objects.filter(thread=thread, number__gt=1, is_hidden=False, is_deleted=False)
            .select_related("author")
            .order_by("-number")[:ITEMS_PER_FEED]
        )
        if not thread.outcome_id:
            return replies
        # The outcome is news to the thread's readers too: an entry in its place in time.
        outcome = Post.objects.select_related("author").get(pk=thread.outcome_id)
        entries = sorted([*replies, outcome], key=lambda post: post.created_at, reverse=True)
        return entries[:ITEMS_PER_FEED]

    def item_title(self, item: Post) -> str:
        return gettext("%(post)s by %(author)s") % {
            "post": item.label,
            "author": self.item_author_name(item),
        }

    def item_link(self, item: Post) -> str:
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item: Post):
        return item.created_at

    def item_updateddate(self, item: Post):
        return item.edited_at or item.created_at

    def item_extra_kwargs(self, item: Post) -> dict:
        return {"content": item.body_html}
