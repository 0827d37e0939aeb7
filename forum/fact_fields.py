"""Form fields for a reply's side of experience and a question's facts (forum/forms.py).

Both come from fixed lists: anything else is refused next to its field, with the rest of the
member's text kept by the form.
"""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forum.experience import NO_SIDE_CHOICE, ExperienceSide
from forum.facts import FACTS, ContractType, Fact
from forum.models import ProjectContext

# A lazy label in lower case, inside a sentence ("the listed industry choices").
lazy_lower = lazy(lambda text: str(text).lower(), str)

SIDE_FIELD = "experience_side"


class ExperienceSideField(forms.ChoiceField):
    def __init__(self, **kwargs) -> None:
        super().__init__(
            choices=[*ExperienceSide.choices, NO_SIDE_CHOICE],
            required=False,
            label=_("Your experience comes from"),
            help_text=_(
                "Readers can filter the answers by side. Your profile sets the choice "
                "this form starts with."
            ),
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Please choose one of the sides listed.")},
            **kwargs,
        )


class FactField(forms.ChoiceField):
    """One optional fact, from its fixed list."""

    def __init__(self, fact: Fact) -> None:
        super().__init__(
            choices=[("", _("Not stated")), *fact.choices.choices],
            required=False,
            label=fact.form_label or fact.label,
            help_text=fact.help_text,
            error_messages={
                "invalid_choice": format_lazy(
                    _("Please choose one of the listed {fact} choices, or “Not stated”."),
                    fact=lazy_lower(fact.label),
                )
            },
        )


def fact_fields() -> dict[str, FactField]:
    return {fact.name: FactField(fact) for fact in FACTS}


def note_unsent(form: forms.Form, names) -> None:
    """Note which of these fields a bound form's page did not send, so that what they hold
    stays as it is: an edit page from before these fields existed changes neither facts nor
    side, and a reply sent without a side takes the member's default."""
    form.unsent = {name for name in names if form.is_bound and name not in form.data}


def check_contract_type(form: forms.Form, context: str) -> None:
    """A contract type describes client work: refused beside it for an internal project."""
    contract = form.cleaned_data.get("contract_type")
    if contract and context == ProjectContext.INTERNAL:
        form.add_error(
            "contract_type",
            f"“{ContractType(contract).label}” is a contract with a client: leave it as "
            "“Not stated” for an internal project, or choose another project context.",
        )


def side_from(form: forms.Form, default: str | None) -> str | None:
    """The side a reply form chose; `default` when its page did not send one (the member's
    default for a new reply, None to leave an edited reply's side as it is)."""
    if SIDE_FIELD not in form.fields or SIDE_FIELD in form.unsent:
        return default
    return form.cleaned_data.get(SIDE_FIELD) or ""


def facts_from(form: forms.Form) -> dict[str, str]:
    """The facts a question form chose, leaving out those its page did not send."""
    return {
        fact.name: form.cleaned_data.get(fact.name) or ""
        for fact in FACTS
        if fact.name in form.fields and fact.name not in form.unsent
    }


def facts_initial(thread) -> dict[str, str]:
    return {fact.name: getattr(thread, fact.name) for fact in FACTS}
