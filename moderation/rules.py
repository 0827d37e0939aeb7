"""Checks on new posts: link limits for new members and the blocked-words list."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from forum.markup import render_markdown
from moderation.models import BlockedWord

NEW_MEMBER_AGE = timedelta(days=1)
NEW_MEMBER_POSTS = 3
NEW_MEMBER_LINKS = 2
BLOCKED_WORDS_KEY = "moderation:blocked-words"
# A link, but not the one around an image uploaded to the site (forum/images.py limits those).
_LINK = re.compile(r'<a\s(?!class="post-image")', re.IGNORECASE)


def is_new_member(user: User) -> bool:
    if user.date_joined > timezone.now() - NEW_MEMBER_AGE:
        return True
    return user.posts.filter(is_deleted=False)[:NEW_MEMBER_POSTS].count() < NEW_MEMBER_POSTS


def link_count(body: str) -> int:
    """Links as readers will see them: Markdown links, bare URLs and images from other sites
    alike."""
    return len(_LINK.findall(render_markdown(body)))


def link_problem(user: User, body: str) -> str | None:
    links = link_count(body)
    if links > NEW_MEMBER_LINKS and is_new_member(user):
        return gettext(
            "New members can include at most %(allowed)s links in a post (this one has "
            "%(count)s). The limit lifts after your first day and %(posts)s posts."
        ) % {"allowed": NEW_MEMBER_LINKS, "count": links, "posts": NEW_MEMBER_POSTS}
    return None


def blocked_phrase(*texts: str) -> str | None:
    """The first blocked word or phrase found in the texts (whole words, any case)."""
    # Read once a minute at most: an edit in the admin applies within that minute.
    phrases = cache.get_or_set(
        BLOCKED_WORDS_KEY, lambda: list(BlockedWord.objects.values_list("phrase", flat=True)), 60
    )
    if not phrases:
        return None
    haystack = " ".join(texts).lower()
    for phrase in phrases:
        if re.search(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", haystack):
            return phrase
    return None
