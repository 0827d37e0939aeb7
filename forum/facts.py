"""The facts that matter about a question: methodology, industry, team size, budget, contract
type and the asker's role. Each is optional and comes from a fixed list (a budget or a team is
a range, never an exact figure), so lists and search can filter by them on indexed columns of
the thread row and count the questions beside each choice.

The counts come from one grouped query per list (`fact_rows`): the visible threads of the list
that state at least one fact, grouped by their facts and by which sides answered them. It is
cached under the thread-list version, which every write that changes a thread or its replies
moves, so it runs once per list between writes; the counts for any combination of filters
are then added up from its rows in Python (`FactCounts`), with no further query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Methodology(models.TextChoices):
    PREDICTIVE = "predictive", _("Predictive (waterfall)")
    AGILE = "agile", _("Agile")
    HYBRID = "hybrid", _("Hybrid")


class Industry(models.TextChoices):
    IT = "it", _("Information technology")
    FINANCE = "finance", _("Financial services")
    HEALTH = "health", _("Healthcare")
    PUBLIC = "public", _("Public sector")
    CONSTRUCTION = "construction", _("Construction and engineering")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    RETAIL = "retail", _("Retail and e-commerce")
    LOGISTICS = "logistics", _("Logistics and transport")
    TELECOMS = "telecoms", _("Telecoms")
    ENERGY = "energy", _("Energy and utilities")
    EDUCATION = "education", _("Education")
    CREATIVE = "creative", _("Marketing and creative")
    PROFESSIONAL = "professional", _("Professional services")
    NONPROFIT = "nonprofit", _("Charities and non-profits")
    OTHER = "other", _("Another industry")


class TeamSize(models.TextChoices):
    UP_TO_5 = "1-5", _("1 to 5 people")
    UP_TO_15 = "6-15", _("6 to 15 people")
    UP_TO_50 = "16-50", _("16 to 50 people")
    UP_TO_200 = "51-200", _("51 to 200 people")
    OVER_200 = "200+", _("Over 200 people")


class Budget(models.TextChoices):
    UNDER_50K = "under-50k", _("Under US$50k")
    UP_TO_250K = "50k-250k", _("US$50k to 250k")
    UP_TO_1M = "250k-1m", _("US$250k to 1M")
    UP_TO_10M = "1m-10m", _("US$1M to 10M")
    OVER_10M = "over-10m", _("Over US$10M")


class ContractType(models.TextChoices):
    FIXED_PRICE = "fixed-price", _("Fixed price")
    TIME_AND_MATERIALS = "time-materials", _("Time and materials")
    RETAINER = "retainer", _("Retainer")


class AskerRole(models.TextChoices):
    PROJECT_MANAGER = "project-manager", _("Project manager")
    PROGRAMME_MANAGER = "programme-manager", _("Programme or portfolio manager")
    PMO = "pmo", _("PMO")
    DELIVERY_LEAD = "delivery-lead", _("Delivery lead or Scrum Master")
    PRODUCT_OWNER = "product-owner", _("Product owner")
    SPONSOR = "sponsor", _("Sponsor or executive")
    COMMERCIAL = "commercial", _("Account or commercial manager")
    CONSULTANT = "consultant", _("Independent consultant")
    TEAM_MEMBER = "team-member", _("Team member")


@dataclass(frozen=True)
class Fact:
    """One fact: the thread's column, its choices and how pages word it."""

    name: str  # the thread's column, the form field and the address parameter
    label: str  # the filter's label, and the name read out before the fact's value
    any_label: str  # the filter's choice that leaves it out
    choices: type[models.TextChoices]
    line: str  # how the facts line words a value: "{}" is the choice's label
    help_text: str = ""
    form_label: str = ""  # the ask form's label, when it differs

    def line_text(self, value: str) -> str:
        label = str(self.choices(value).label)
        if not self.line.startswith("{") and label[1:2].islower():
            # Inside a phrase: "Team of over 200 people", but "Asked as PMO".
            label = label[0].lower() + label[1:]
        return str(self.line).format(label)


FACTS = (
    Fact("methodology", _("Methodology"), _("Any methodology"), Methodology, "{}"),
    Fact("industry", _("Industry"), _("Any industry"), Industry, "{}"),
    Fact(
        "team_size",
        _("Team size"),
        _("Any team size"),
        TeamSize,
        _("Team of {}"),
        _("Roughly, at its peak."),
    ),
    Fact(
        "budget",
        _("Budget"),
        _("Any budget"),
        Budget,
        _("Budget {}"),
        _("A range in US dollars or the equivalent: never the exact figure."),
    ),
    Fact(
        "contract_type",
        _("Contract type"),
        _("Any contract"),
        ContractType,
        "{}",
        _("For client work only."),
    ),
    Fact(
        "asker_role",
        _("Asker's role"),
        _("Any asker's role"),
        AskerRole,
        _("Asked as {}"),
        "",
        _("Your role"),
    ),
)
FACT_NAMES = tuple(fact.name for fact in FACTS)
FACTS_BY_NAME = {fact.name: fact for fact in FACTS}


def _stated(values: Mapping[str, str]) -> list[tuple[Fact, str]]:
    """The facts stated among `values`, in the facts' order; a value outside its list (only
    the shell or a hand-made migration could write one) is left out rather than failing."""
    return [
        (fact, values[fact.name]) for fact in FACTS if values.get(fact.name) in fact.choices.values
    ]


def facts_line(thread) -> list[tuple[str, str]]:
    """(fact label, wording) for each fact the question states, in the facts' order."""
    values = {fact.name: getattr(thread, fact.name) for fact in FACTS}
    return [(fact.label, fact.line_text(value)) for fact, value in _stated(values)]


def facts_record(values: Mapping[str, str]) -> str:
    """The stated facts as one line for a revision ("Agile; Fixed price"), blank when none."""
    return "; ".join(str(fact.choices(value).label) for fact, value in _stated(values))


def chosen_facts(query: Mapping[str, str]) -> dict[str, str]:
    """The facts an address filters by, each only when it is one of that fact's choices."""
    chosen = {}
    for fact in FACTS:
        value = query.get(fact.name)
        if value in fact.choices.values:
            chosen[fact.name] = value
    return chosen


# Fact rows: the grouped query's rows, added up for any filter.


@dataclass(frozen=True)
class FactRow:
    facts: tuple[str, ...]  # in FACT_NAMES order; "" for a fact not stated
    sides: frozenset[str]  # the sides with at least one visible reply
    count: int


class FactCounts:
    """How many items of a list each fact's choices would leave, given the other filters.

    For a fact, its own filter is left out of its counts, so each choice's count is what
    choosing it instead would show (the usual way of counting facets).
    """

    def __init__(self, rows: Iterable[FactRow], chosen: Mapping[str, str], side: str | None):
        self.rows = [row for row in rows if side is None or side in row.sides]
        self.chosen = chosen

    def _matches(self, row: FactRow, leaving_out: str) -> bool:
        return all(
            row.facts[index] == self.chosen[name]
            for index, name in enumerate(FACT_NAMES)
            if name != leaving_out and name in self.chosen
        )

    def for_fact(self, name: str) -> Counter:
        index = FACT_NAMES.index(name)
        counts: Counter = Counter()
        for row in self.rows:
            if row.facts[index] and self._matches(row, leaving_out=name):
                counts[row.facts[index]] += row.count
        return counts

    def choices(self) -> list[dict]:
        """Each fact with its choices and their counts, for the filter form."""
        return [
            {
                "fact": fact,
                "chosen": self.chosen.get(fact.name, ""),
                "options": [(value, label, counts[value]) for value, label in fact.choices.choices],
            }
            for fact in FACTS
            for counts in [self.for_fact(fact.name)]
        ]
