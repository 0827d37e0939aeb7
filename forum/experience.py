"""Answers by experience: which side of the table a reply's experience comes from.

A reply says whether its author speaks from internal projects, from the supplier's side of
client work, from the buyer's side, or from both. The thread row keeps one counter per side
(visible replies only, as `reply_count`), moved with F() by the services in the transaction
that posts, edits, hides, shows or deletes the reply, so the thread page prints its summary
("7 answers: 4 from client-facing experience, 2 internal, 1 from the buyer's side") and the
lists filter by side without counting anything.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class ExperienceSide(models.TextChoices):
    INTERNAL = "internal", _("Internal projects")
    CLIENT_FACING = "client_facing", _("Client-facing (supplier side)")
    CLIENT_SIDE = "client_side", _("Client side (buyer)")
    BOTH = "both", _("Both sides")


class SideWords(NamedTuple):
    """A side's counter on the thread row and how pages word it."""

    counter: str  # the thread's counter of visible replies from this side
    phrase: str  # in the summary: "4 from client-facing experience"
    badge: str  # on a reply: "Client-facing experience"
    filter_label: str  # the lists' and search's "Answered from" choice
    heading: str  # the replies' heading while they are filtered by this side


SIDES = {
    ExperienceSide.INTERNAL: SideWords(
        "internal_reply_count",
        _("internal"),
        _("Internal experience"),
        _("Internal"),
        _("Replies from internal experience"),
    ),
    ExperienceSide.CLIENT_FACING: SideWords(
        "client_facing_reply_count",
        _("from client-facing experience"),
        _("Client-facing experience"),
        _("Client-facing"),
        _("Replies from client-facing experience"),
    ),
    ExperienceSide.CLIENT_SIDE: SideWords(
        "client_side_reply_count",
        _("from the buyer's side"),
        _("Buyer's-side experience"),
        _("Client side"),
        _("Replies from the buyer's side"),
    ),
    ExperienceSide.BOTH: SideWords(
        "both_sides_reply_count",
        _("from both sides"),
        _("Experience on both sides"),
        _("Both"),
        _("Replies from both sides"),
    ),
}
SIDE_COUNT_FIELDS = {side: words.counter for side, words in SIDES.items()}
SIDE_FILTER_LABELS = {side: words.filter_label for side, words in SIDES.items()}

NO_SIDE_CHOICE = ("", _("I'd rather not say"))


def side_or_none(value: str | None) -> str | None:
    """A side from the address (?side=), or None when it names none: unknown values are as if
    the filter were not there, like the lists' other filters."""
    return value if value in SIDE_COUNT_FIELDS else None


def side_count_change(side: str, delta: int) -> dict[str, F]:
    """The UPDATE that moves a thread's counter for `side` by `delta` (nothing for no side)."""
    field = SIDE_COUNT_FIELDS.get(side)
    return {field: F(field) + delta} if field else {}


def side_count(thread, side: str) -> int:
    return getattr(thread, SIDE_COUNT_FIELDS[side])


def side_counts(thread) -> list[tuple[str, int]]:
    """(side, visible replies from it) for each side that has any, the most first."""
    counted = [(side, side_count(thread, side)) for side in SIDE_COUNT_FIELDS]
    ordered = sorted(counted, key=lambda item: -item[1])  # stable: fixed order for ties
    return [(side, count) for side, count in ordered if count]


def unstated_count(thread) -> int:
    """Visible replies whose author gave no side."""
    return max(0, thread.reply_count - sum(count for _, count in side_counts(thread)))


def summary_parts(thread, *, current: str | None, link) -> list[dict]:
    """The summary's parts, each with its count, wording and filter link (`link(side)` gives
    the address), the most first."""
    return [
        {
            "side": side,
            "count": count,
            "phrase": SIDES[side].phrase,
            "url": link(side),
            "current": side == current,
        }
        for side, count in side_counts(thread)
    ]
