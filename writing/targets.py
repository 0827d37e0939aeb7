"""The form a draft belongs to: the ask form, a thread's reply box or a post's edit form."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404

from forum import permissions
from forum.forms import PostEditForm, ReplyForm, ThreadForm
from forum.models import Post, Thread
from writing.models import ASK_KEY, EDIT, REPLY, edit_key, form_url, reply_key

# Longer numbers than this are no id of ours (and would not fit a bigint).
_MAX_ID_DIGITS = 18


@dataclass(frozen=True)
class DraftTarget:
    kind: str  # ASK_KEY, REPLY or EDIT
    thread: Thread | None = None
    post: Post | None = None

    @classmethod
    def ask(cls) -> DraftTarget:
        return cls(ASK_KEY)

    @classmethod
    def reply(cls, thread: Thread) -> DraftTarget:
        return cls(REPLY, thread=thread)

    @classmethod
    def edit(cls, post: Post) -> DraftTarget:
        return cls(EDIT, thread=post.thread, post=post)

    @property
    def key(self) -> str:
        if self.kind == REPLY:
            return reply_key(self.thread.pk)
        if self.kind == EDIT:
            return edit_key(self.post.pk)
        return ASK_KEY

    @property
    def form_url(self) -> str:
        return form_url(self.key)

    def form(self, data=None) -> forms.Form:
        """The posting form of this target, as its page builds it."""
        if self.kind == REPLY:
            return ReplyForm(data)
        if self.kind == EDIT:
            return PostEditForm(data, question=self.post.is_question)
        return ThreadForm(data)


def target_for(user, key: str) -> DraftTarget:
    """The form `key` names, if this member may write in it now: Http404 for a form that does
    not exist or that they cannot see, PermissionDenied for one they may not use. The same
    rules as the posting pages (forum/posting_views.py)."""
    kind, _, number = key.partition(":")
    if key != ASK_KEY and not (
        kind in (REPLY, EDIT)
        and number.isascii()
        and number.isdigit()
        and len(number) <= _MAX_ID_DIGITS
    ):
        raise Http404("No such form.")
    if kind == EDIT:
        post = Post.objects.select_related("thread").filter(pk=int(number)).first()
        hidden = post is not None and (post.thread.is_hidden or post.is_hidden)
        if post is None or (
            hidden and not (permissions.is_author(user, post) or permissions.is_moderator(user))
        ):
            raise Http404("No such post.")
        if not permissions.can_edit(user, post):
            raise PermissionDenied("Only the author or a moderator can edit this post.")
        return DraftTarget.edit(post)
    if not permissions.has_confirmed_email(user):
        raise PermissionDenied("Please confirm your e-mail address before writing.")
    if kind == REPLY:
        thread = Thread.objects.visible().filter(pk=int(number)).first()
        if thread is None:
            raise Http404("No such thread.")
        if not permissions.can_reply(user, thread):
            raise PermissionDenied("This thread takes no new replies.")
        return DraftTarget.reply(thread)
    return DraftTarget.ask()
