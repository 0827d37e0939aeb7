"""Watching levels: who hears of what, per thread and per tag. Reads only; the writes are in
notifications/services.py.

Per thread (a Subscription row; no row is Normal):

- Watching: a notice of every reply, and e-mail as the member's e-mail frequency says.
- Tracking: a notice of every reply, in the site only: never e-mail, not even in the digest.
- Normal: only what is addressed to the member: mentions, and replies to their posts (a reply
  that quotes or links one of their posts, `/content/<id>/`, as the "Quote" buttons write).
- Muted: nothing at all, not even mentions; the thread leaves the member's lists.

Per tag (a TagFollow row; no row is Normal):

- Watching first post: a notice (and mail) of each new question with the tag.
- Watching: that, and every reply in threads with the tag, as if each thread were watched.
- Muted: threads with the tag leave the member's lists, and tell the member nothing, unless
  the member watches or tracks the thread itself.

A thread's own row decides over its tags; among tags, a muted one wins over a watched one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.db.models import CharField, Q, QuerySet, Value

from forum.models import Post, TaggedThread
from notifications.models import (
    FOLLOWING_LEVELS,
    Subscription,
    TagFollow,
    TagWatchLevel,
    WatchLevel,
)

# What "Quote" writes into a reply: a link to the quoted post's Content ID.
_CONTENT_LINK = re.compile(r"/content/(\d{1,12})/")
QUOTED_POSTS_MAX = 20


def thread_tag_ids(thread_id: int) -> QuerySet:
    return TaggedThread.objects.filter(content_object_id=thread_id).values("tag_id")


def quoted_post_ids(body: str) -> list[int]:
    """The Content IDs a post's text links to (quotes write such a link), first ones first."""
    found: list[int] = []
    for match in _CONTENT_LINK.finditer(body):
        pk = int(match.group(1))
        if pk not in found:
            found.append(pk)
        if len(found) >= QUOTED_POSTS_MAX:
            break
    return found


def replied_to_members(post: Post) -> QuerySet:
    """Authors of the posts of the same thread that `post` quotes or links (not its own)."""
    ids = quoted_post_ids(post.body)
    if not ids:
        return Post.objects.none()
    return (
        Post.objects.filter(thread_id=post.thread_id, pk__in=ids, is_deleted=False)
        .exclude(author_id=None)
        .exclude(author_id=post.author_id)
    )


def silenced_members(thread_id: int) -> Q:
    """A filter on members (User) who hear nothing from this thread: they mute it, or they mute
    one of its tags and neither watch nor track the thread itself."""
    thread_rows = Subscription.objects.filter(thread_id=thread_id)
    muted_thread = thread_rows.filter(level=WatchLevel.MUTED).values("user_id")
    muted_tag = TagFollow.objects.filter(
        level=TagWatchLevel.MUTED, tag_id__in=thread_tag_ids(thread_id)
    ).values("user_id")
    following = thread_rows.filter(level__in=FOLLOWING_LEVELS).values("user_id")
    return Q(pk__in=muted_thread) | (Q(pk__in=muted_tag) & ~Q(pk__in=following))


def member_silenced(*, user_id: int, thread_id: int) -> bool:
    from accounts.models import User

    return User.objects.filter(silenced_members(thread_id), pk=user_id).exists()


def tag_levels_of_thread(thread_id: int, *, exclude_user_id: int | None) -> dict[int, str]:
    """Each member's tag level for this thread: Muted if they mute any of its tags, else
    Watching if they watch any, else Watching first post. Active members only."""
    levels: dict[int, str] = {}
    rows = TagFollow.objects.filter(
        tag_id__in=thread_tag_ids(thread_id), user__is_active=True
    ).values_list("user_id", "level")
    if exclude_user_id is not None:
        rows = rows.exclude(user_id=exclude_user_id)
    rank = {TagWatchLevel.MUTED: 3, TagWatchLevel.WATCHING: 2, TagWatchLevel.FIRST_POST: 1}
    for user_id, level in rows:
        if rank.get(level, 0) > rank.get(levels.get(user_id), 0):
            levels[user_id] = level
    return levels


@dataclass(frozen=True)
class Muting:
    """What a member hides from their thread lists: thread ids and tag ids (one query)."""

    thread_ids: frozenset[int] = frozenset()
    tag_ids: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.thread_ids or self.tag_ids)

    def without_tag(self, tag_id: int) -> Muting:
        """On a muted tag's own page the member asked for that tag: its mute does not apply."""
        return Muting(self.thread_ids, self.tag_ids - {tag_id})

    def apply(self, threads):
        if self.thread_ids:
            threads = threads.exclude(pk__in=sorted(self.thread_ids))
        if self.tag_ids:
            tagged = TaggedThread.objects.filter(tag_id__in=sorted(self.tag_ids))
            threads = threads.exclude(pk__in=tagged.values("content_object_id"))
        return threads

    @property
    def key(self) -> str:
        """Names the muting in cache keys: equal for members who mute the same things."""
        threads = ",".join(str(pk) for pk in sorted(self.thread_ids))
        tags = ",".join(str(pk) for pk in sorted(self.tag_ids))
        named = hashlib.blake2s(f"{threads}:{tags}".encode(), digest_size=12).hexdigest()
        return f"mute:{named}"


def muting_of(user) -> Muting:
    """The member's muted threads and tags. Free for a member who mutes nothing: whether they
    mute anything is loaded with them (accounts/backends.py); otherwise one query."""
    if not getattr(user, "is_authenticated", False):
        return Muting()
    if getattr(user, "mutes_anything", True) is False:
        return Muting()
    cached = getattr(user, "_muting", None)
    if cached is not None:
        return cached
    threads = Subscription.objects.filter(user_id=user.pk, level=WatchLevel.MUTED).values_list(
        "thread_id", Value("t", output_field=CharField())
    )
    tags = TagFollow.objects.filter(user_id=user.pk, level=TagWatchLevel.MUTED).values_list(
        "tag_id", Value("g", output_field=CharField())
    )
    thread_ids, tag_ids = set(), set()
    for pk, kind in threads.union(tags, all=True):
        (thread_ids if kind == "t" else tag_ids).add(pk)
    user._muting = Muting(frozenset(thread_ids), frozenset(tag_ids))
    return user._muting


def mutes_anything_annotation() -> Q:
    """Whether the member mutes any thread or tag, loaded with the member on each request."""
    from django.db.models import Exists, OuterRef

    return Exists(
        Subscription.objects.filter(user_id=OuterRef("pk"), level=WatchLevel.MUTED)
    ) | Exists(TagFollow.objects.filter(user_id=OuterRef("pk"), level=TagWatchLevel.MUTED))
