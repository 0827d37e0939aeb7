"""Writes of drafts: kept while a member writes, gone once they post, pruned when old."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from limits.counters import limits_take
from writing.forms import DraftContent
from writing.models import Draft
from writing.querysets import known_to_have_none

if TYPE_CHECKING:
    from writing.targets import DraftTarget

# Drafts not touched for this long are deleted by the daily job (writing/tasks.py).
KEEP_DAYS = 30
# One save every two seconds per member: the page saves every few seconds while typing.
SAVE_RATES = [(1, 2)]


def draft_save_allowed(*, member: User) -> None:
    """Take the member's turn to save a draft, or raise limits.counters.LimitReached."""
    limits_take((f"draft-save:{member.pk}", SAVE_RATES))


@transaction.atomic
def draft_save(
    *, member: User, target: DraftTarget, content: DraftContent, now: datetime | None = None
) -> Draft | None:
    """Keep what the member has typed in this form, in place of their earlier draft of it.
    A form with nothing typed in it keeps no draft (a cleared box is not worth a list entry)."""
    drafts = Draft.objects.of_member(member).filter(target=target.key)
    if not content.written:
        drafts.delete()
        return None
    now = now or timezone.now()
    draft, _ = Draft.objects.update_or_create(
        member=member,
        target=target.key,
        defaults={"values": content.values, "updated_at": now},
        create_defaults={
            "values": content.values,
            "thread": target.thread,
            "post": target.post,
            "created_at": now,
            "updated_at": now,
        },
    )
    return draft


def draft_discard(*, draft: Draft) -> None:
    draft.delete()


def drafts_posted(*, member: User, key: str) -> None:
    """The form's text is posted: its draft goes. Called inside the posting service's
    transaction, so a post that fails keeps its draft."""
    if known_to_have_none(member):
        return  # no query for the many members who have no draft
    Draft.objects.of_member(member).filter(target=key).delete()


def drafts_prune(*, now: datetime | None = None) -> int:
    """Delete the drafts nobody has touched for KEEP_DAYS; returns how many."""
    before = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    deleted, _ = Draft.objects.older_than(before).delete()
    return deleted
