"""A page of posts, put together from two parts rendered once and reused.

Twenty posts with their buttons cost far more to render than to fetch, and a member's page
cannot come from the visitors' page cache. So each post is assembled from:

- its **content** (the hidden-post notice, the author card, when it was written and edited,
  the accepted-answer badge, the body, or the placeholder of a deleted post), which reads the
  same for everyone allowed to read it. It is kept in the shared cache under the fingerprint
  of the post and its author (forum/fragments.py), so an edit or a new display name makes a
  new key; the contents of a page of posts also travel with that page's shared data
  (forum/thread_pages.py), so most readers need no lookup of their own.
- its **frame** (the article around the content, the "New" badge, the footer with what this
  reader may do: helpful, accept, quote, edit, delete, report, hide), which depends on the
  reader. The reader's abilities for a post, with the few post facts the frame prints, make
  the post's *shape*. A frame is rendered once per shape, with stand-in numbers where the
  post's and the thread's ids go, and the real ids are put in when it is served. A whole site
  has a few dozen shapes, so each process keeps its frames in memory.

A frame's forms carry a marker instead of a CSRF token, replaced with this request's token;
relative times are markers filled at each serve, as in every fragment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

from forum import permissions
from forum.fragments import (
    MAX_DEPTH,
    cached_renderings,
    digest,
    fill_times,
    fingerprint,
    render_fragment,
    rendering_language,
    templates_version,
)
from forum.models import Post, Thread

CONTENT_TEMPLATE = "forum/_post_content.html"
FRAME_TEMPLATE = "forum/_post.html"
REPLY_FORM_TEMPLATE = "forum/_reply_form.html"
# Stand-ins for the ids in a frame. Ids are positive integers far below these; the frame's
# only other numbers are its helpful count and fixed markup, so nothing else can match.
POST_ID_STAND_IN = "8172635445362718"
THREAD_ID_STAND_IN = "8172635445362719"
# NUL cannot occur in stored text or in the templates, so these cannot be imitated.
CONTENT_SLOT = "\x00post-content\x00"
CSRF_SLOT = "\x00csrf-token\x00"


@dataclass(frozen=True)
class Reader:
    """What the page knows about the person reading it, worked out once per page."""

    user: object
    thread: Thread
    voted: frozenset[int]
    can_reply: bool
    moderating: bool
    # The number of the last reply this subscriber had seen; None when nothing is "new".
    seen_up_to: int | None


class PostShape(NamedTuple):
    """Everything a post's frame shows, besides the post's and the thread's ids."""

    readable: bool
    is_question: bool
    is_outcome: bool
    is_hidden: bool
    is_new: bool
    is_first_new: bool
    is_accepted: bool
    shows_helpful: bool
    helpful_count: int
    can_vote: bool
    voted: bool
    can_accept: bool
    can_quote: bool
    can_edit: bool
    can_delete: bool
    can_report: bool
    can_hide: bool


def post_shape(post: Post, reader: Reader) -> PostShape:
    user, thread = reader.user, reader.thread
    visible_reply = post.is_visible and post.is_reply
    is_new = (
        reader.seen_up_to is not None and post.number > reader.seen_up_to and not post.is_question
    )
    return PostShape(
        readable=post.is_visible or permissions.can_read_hidden(user, post),
        is_question=post.is_question,
        is_outcome=post.is_outcome,
        is_hidden=post.is_hidden,
        is_new=is_new,
        is_first_new=is_new and post.number == max(2, reader.seen_up_to + 1),
        is_accepted=post.pk == thread.accepted_post_id,
        shows_helpful=visible_reply,
        helpful_count=post.helpful_count if visible_reply else 0,
        can_vote=permissions.can_vote(user, post),
        voted=post.pk in reader.voted,
        can_accept=permissions.can_accept(user, post),
        can_quote=post.is_visible and reader.can_reply,
        can_edit=permissions.can_edit(user, post),
        can_delete=permissions.can_delete(user, post),
        can_report=permissions.can_report(user, post),
        can_hide=reader.moderating and not post.is_deleted and not post.is_question,
    )


def _content_key(post: Post, readable: bool, accepted: bool) -> str:
    # The post's own fields and its author's; not the thread it was given for permission
    # checks, whose counters move with every reply.
    parts = (
        fingerprint(post, depth=MAX_DEPTH),
        fingerprint(post.author, depth=MAX_DEPTH) if post.author_id else None,
        readable,
        accepted,
    )
    return f"post-content:{templates_version()}:{rendering_language()}:{digest(parts)}"


def post_contents(posts: Sequence[Post], thread: Thread, *, readable: Sequence[bool]) -> list[str]:
    """Each post's content, from the cache or rendered (and then stored); one round trip."""
    wanted = [
        (post, can_read, post.pk == thread.accepted_post_id)
        for post, can_read in zip(posts, readable, strict=True)
    ]
    keys = [_content_key(*item) for item in wanted]

    def render(index: int) -> str:
        post, can_read, accepted = wanted[index]
        return render_fragment(
            CONTENT_TEMPLATE, {"post": post, "readable": can_read, "is_accepted": accepted}
        )

    return cached_renderings(keys, render)


def contents_for_everyone(posts: Sequence[Post], thread: Thread) -> dict[int, str]:
    """Each post's content as a reader without rights over hidden posts sees it, by post id:
    kept with a page's posts so that most readers need no lookup of their own."""
    contents = post_contents(posts, thread, readable=[post.is_visible for post in posts])
    return {post.pk: html for post, html in zip(posts, contents, strict=True)}


# Frames depend on nothing but the templates and the shape, so each process keeps its own:
# no round trip to the shared cache. A site has a few dozen shapes per language; the bound is a
# safeguard. The language is an argument so that each has its own frames.
@lru_cache(maxsize=2048)
def _frame(shape: PostShape, language: str) -> str:
    return render_fragment(
        FRAME_TEMPLATE,
        {
            **shape._asdict(),
            "post_id": int(POST_ID_STAND_IN),
            "thread_id": int(THREAD_ID_STAND_IN),
            "content": mark_safe(CONTENT_SLOT),  # noqa: S308 (a NUL marker, replaced below)
            "csrf_token": CSRF_SLOT,
        },
    )


# One per side a member's profile can start the form with (forum/experience.py) and language.
@lru_cache(maxsize=32)
def _empty_reply_form(default_side: str, language: str) -> str:
    from forum.forms import ReplyForm

    return render_fragment(
        REPLY_FORM_TEMPLATE,
        {
            "form": ReplyForm(initial={"experience_side": default_side}),
            "thread": {"pk": int(THREAD_ID_STAND_IN)},
            "csrf_token": CSRF_SLOT,
        },
    )


class _Stamp:
    """Puts one request's ids and CSRF token into stand-in renderings."""

    def __init__(self, request: HttpRequest, thread: Thread) -> None:
        self.request = request
        self.thread_id = str(thread.pk)
        self.csrf_token: str | None = None

    def ids(self, html: str, post_id: int | None = None) -> str:
        if post_id is not None:
            html = html.replace(POST_ID_STAND_IN, str(post_id))
        return html.replace(THREAD_ID_STAND_IN, self.thread_id)

    def finish(self, html: str) -> SafeString:
        if CSRF_SLOT in html:
            # One token for every form on the page: each is a masking of the same secret.
            self.csrf_token = self.csrf_token or get_token(self.request)
            html = html.replace(CSRF_SLOT, self.csrf_token)
        return fill_times(html)


def reply_form_html(request: HttpRequest, thread: Thread) -> SafeString:
    """The empty reply form under a thread, the same for every member with the same default
    side of experience but for its token."""
    stamp = _Stamp(request, thread)
    return stamp.finish(
        stamp.ids(_empty_reply_form(request.user.default_experience_side, rendering_language()))
    )


def render_posts(
    request: HttpRequest,
    posts: Sequence[Post],
    reader: Reader,
    shared_contents: dict[int, str] | None = None,
) -> list[SafeString]:
    """Each post's article for this reader, in order. Contents come from `shared_contents`
    (contents_for_everyone) where this reader sees what everyone sees, else from the cache."""
    shapes = [post_shape(post, reader) for post in posts]
    shared_contents = shared_contents or {}
    own = [
        (post, shape)
        for post, shape in zip(posts, shapes, strict=True)
        if post.pk not in shared_contents or shape.readable != post.is_visible
    ]
    contents = dict(shared_contents)
    if own:
        rendered = post_contents(
            [post for post, _ in own], reader.thread, readable=[shape.readable for _, shape in own]
        )
        contents.update((post.pk, html) for (post, _), html in zip(own, rendered, strict=True))
    stamp = _Stamp(request, reader.thread)
    language = rendering_language()
    return [
        stamp.finish(
            stamp.ids(_frame(shape, language), post.pk).replace(CONTENT_SLOT, contents[post.pk])
        )
        for post, shape in zip(posts, shapes, strict=True)
    ]
