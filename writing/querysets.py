"""Reads of drafts."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def known_to_have_none(member) -> bool:
    """Whether the count loaded with the member (accounts/backends.py) says they have no draft:
    then no query needs to look for one."""
    return getattr(member, "draft_count", None) == 0


class DraftQuerySet(models.QuerySet):
    def of_member(self, member) -> DraftQuerySet:
        return self.filter(member_id=member.pk)

    def for_list(self) -> DraftQuerySet:
        """Newest first, with what the list names: the thread, the post being edited."""
        return self.select_related("thread", "post").order_by("-updated_at", "-pk")

    def older_than(self, moment: datetime) -> DraftQuerySet:
        return self.filter(updated_at__lt=moment)

    def for_form(self, member, key: str):
        """The member's draft of the form named `key`, or None."""
        if not member.is_authenticated or known_to_have_none(member):
            return None
        return self.of_member(member).filter(target=key).first()

    def count_subquery(self) -> Coalesce:
        """How many drafts the member of the outer query has, as a subquery, so the header's
        "Drafts (n)" costs no query of its own (accounts/backends.py). It reads the unique
        (member, target) index."""
        counted = (
            self.filter(member=OuterRef("pk"))
            .order_by()
            .values("member")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return Coalesce(Subquery(counted), 0)

    def count_of(self, member) -> int:
        """The member's drafts: the count loaded with them, or counted now."""
        loaded = getattr(member, "draft_count", None)
        return loaded if loaded is not None else self.of_member(member).count()
