"""Drafts in the posting pages (forum/posting_views.py): restoring a member's draft when a form
opens, and the "Save draft" button that works without JavaScript.

A posting view makes one `Drafting` for its form and asks it for the form's first values, and
when the member pressed "Save draft", for the answer. The form itself stays the view's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from forum.forms import ReplyForm
from forum.models import Thread
from forum.post_rendering import REPLY_FORM_TEMPLATE, reply_form_html
from limits.counters import LimitReached
from writing.forms import draft_content
from writing.models import REPLY, Draft
from writing.services import KEEP_DAYS, draft_save, draft_save_allowed
from writing.targets import DraftTarget

SAVE_BUTTON = "save_draft"


class Drafting:
    """One posting form's draft during one request."""

    def __init__(self, request: HttpRequest, target: DraftTarget) -> None:
        self.request = request
        self.target = target
        self.restored: Draft | None = None  # the draft the form was filled from
        self.wait: int | None = None  # seconds until a refused save may be tried again

    @classmethod
    def restoring(cls, request: HttpRequest, target: DraftTarget, draft: Draft) -> Drafting:
        drafting = cls(request, target)
        drafting.restored = draft
        return drafting

    @property
    def saving(self) -> bool:
        """The member pressed "Save draft" (without JavaScript; with it, the page saves by
        itself through writing.views.draft_save)."""
        return self.request.method == "POST" and SAVE_BUTTON in self.request.POST

    @property
    def post_changed(self) -> bool:
        """The post was edited again after this draft of an edit was saved."""
        post = self.target.post
        return bool(
            self.restored and post and post.edited_at and post.edited_at > self.restored.updated_at
        )

    def initial(self, fresh: Callable[[], dict]) -> Callable[[], dict]:
        """The form's first values: the member's draft of it over the fresh ones. A quote
        asked for in a reply (?quote=) follows the draft's text rather than replacing it."""

        def first() -> dict:
            values = fresh()
            self.restored = Draft.objects.for_form(self.request.user, self.target.key)
            if self.restored is None:
                return values
            restored = dict(self.restored.values)
            quote = values.get("body") if self.target.kind == REPLY else ""
            if quote and restored.get("body"):
                restored["body"] = f"{restored['body'].rstrip()}\n\n{quote}"
            return {**values, **restored}

        return first

    def save(self, form, template: str, context: dict) -> HttpResponse:
        """Keep the sent form as the member's draft and return to the form, which restores
        it. When the draft cannot be kept (too long: errors next to the fields; too soon:
        429), the form's page again, with the text as sent."""
        context = {**context, "form": form, "drafting": self}
        content = draft_content(form)
        if content is None:
            return render(self.request, template, context)
        try:
            draft_save_allowed(member=self.request.user)
        except LimitReached as refused:
            self.wait = refused.wait
            response = render(self.request, template, context, status=429)
            response["Retry-After"] = str(refused.wait)
            return response
        draft = draft_save(member=self.request.user, target=self.target, content=content)
        if draft is not None:
            messages.success(
                self.request,
                ngettext(
                    "Draft saved. It is kept for %(days)s day or until you post.",
                    "Draft saved. It is kept for %(days)s days or until you post.",
                    KEEP_DAYS,
                )
                % {"days": KEEP_DAYS},
            )
        return redirect(self.target.form_url)


def reply_box_html(request: HttpRequest, thread: Thread) -> SafeString:
    """The reply form under a thread: the member's draft of it when they have one, else the
    empty form every member shares (forum/post_rendering.py)."""
    target = DraftTarget.reply(thread)
    draft = Draft.objects.for_form(request.user, target.key)
    if draft is None:
        return reply_form_html(request, thread)
    context = {
        "form": ReplyForm(initial=draft.values),
        "thread": thread,
        "drafting": Drafting.restoring(request, target, draft),
    }
    return render_to_string(REPLY_FORM_TEMPLATE, context, request=request)
