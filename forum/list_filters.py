"""The thread lists' filters by side of experience and by a question's facts.

"Answered from the client side" keeps the threads with at least one visible reply from that
side: a stored counter on the thread row above zero, with a partial index per side. A fact
keeps the threads stating it, on a partial index per fact (forum/models.py). Unknown values
are ignored, like the lists' other parameters, so links never carry them on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from forum.cache_keys import thread_list_version
from forum.experience import SIDE_COUNT_FIELDS, SIDE_FILTER_LABELS, side_or_none
from forum.facts import FACT_NAMES, FactCounts, FactRow, chosen_facts
from forum.pagination import query_string
from forum.querysets import answered_from_side

FACT_ROWS_TIMEOUT = 300


@dataclass(frozen=True)
class ListFilters:
    side: str | None = None
    facts: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_request(cls, request: HttpRequest) -> ListFilters:
        return cls(side=side_or_none(request.GET.get("side")), facts=chosen_facts(request.GET))

    @property
    def active(self) -> bool:
        return bool(self.side or self.facts)

    def apply(self, threads):
        return threads.answered_from(self.side).stating(self.facts)

    def params(self) -> dict[str, str | None]:
        """The filters as address parameters, in a fixed order (for links and cache keys)."""
        return {"side": self.side, **{name: self.facts.get(name) for name in FACT_NAMES}}

    @property
    def query(self) -> str:
        """The filters as the tail of a link that already has parameters ("&side=...")."""
        found = query_string(self.params())
        return f"&{found}" if found else ""

    def panel(self, in_list, key: str, *, sort: str, context: str | None) -> dict:
        """What the list's filter panel shows: links by side and the facts' choices with their
        counts. `in_list` is the list before these filters (scope, context, unanswered), `key`
        names it."""
        facts = query_string(dict(self.facts))
        base = query_string({"sort": sort, "context": context})
        side_links = [(None, _("Any side"), f"?{base}&{facts}".rstrip("&"))]
        for side, label in SIDE_FILTER_LABELS.items():
            side_links.append((side, label, f"?{base}&side={side}&{facts}".rstrip("&")))
        counts = FactCounts(fact_rows(in_list, key), self.facts, self.side)
        return {
            "filters": self,
            "side_links": side_links,
            "fact_choices": counts.choices(),
            "clear_facts_url": "?"
            + query_string({"sort": sort, "context": context, "side": self.side}),
        }


def fact_rows(threads, key: str) -> list[FactRow]:
    """The visible threads of a list that state any fact, grouped by their facts and by the
    sides that answered them, in one query; cached until the thread lists change.

    `threads` is the list before these filters, `key` names it. The condition "states any
    fact" is met through the partial index of each fact.
    """

    def compute() -> list[FactRow]:
        states_a_fact = Q()
        for name in FACT_NAMES:
            # "> ''" rather than "<> ''": a range each fact's index can read.
            states_a_fact |= Q(**{f"{name}__gt": ""})
        flags = {f"answered_{side}": answered_from_side(side) for side in SIDE_COUNT_FIELDS}
        grouped = (
            threads.visible()
            .filter(states_a_fact)
            .annotate(**flags)
            .values(*FACT_NAMES, *flags)
            .annotate(count=Count("pk"))
            .order_by()
        )
        return [
            FactRow(
                facts=tuple(row[name] for name in FACT_NAMES),
                sides=frozenset(side for side in SIDE_COUNT_FIELDS if row[f"answered_{side}"]),
                count=row["count"],
            )
            for row in grouped
        ]

    return cache.get_or_set(
        f"forum:fact-rows:{thread_list_version()}:{key}", compute, FACT_ROWS_TIMEOUT
    )
