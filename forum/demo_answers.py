"""Which reply each demo asker accepted as the answer: the one their own follow-up thanks or
acts on. By thread title: the reply's position among the replies (1 = the first reply) and its
author, which the seeding checks, so that an edit to the demo threads cannot move an
acceptance to the wrong reply unnoticed. Threads left out have no accepted answer yet."""

ACCEPTED = {
    "Internal versus customer-facing project managers: what changes when the project is for a "
    "client?": (15, "lucas_ferreira"),
    "How do I push back on 'small' requests from an internal sponsor when there is no contract?": (
        1,
        "priya_raman",
    ),
    "What belongs in a statement of work so change requests don't turn into arguments?": (
        1,
        "diego_alvarado",
    ),
    "How do you estimate fixed-price client work differently from internal projects?": (
        3,
        "diego_alvarado",
    ),
    "Is internal chargeback worth the admin for a shared IT delivery team?": (2, "grace_thornton"),
    "Can you run Scrum properly when the client wants a fixed date and fixed scope?": (
        1,
        "lucas_ferreira",
    ),
    "Our PMO wants red, amber or green for everything. How do you keep status reporting honest?": (
        1,
        "priya_raman",
    ),
    "Moving from in-house project work to an agency: what surprised you most?": (
        4,
        "arjun_kapadia",
    ),
    "A client stakeholder keeps going straight to my developers. How do I stop it?": (
        2,
        "arjun_kapadia",
    ),
    "Two internal projects need the same specialists. How does your PMO arbitrate?": (
        1,
        "grace_thornton",
    ),
    "Our internal teams work in sprints but finance wants annual project budgets. How do you "
    "bridge that?": (2, "priya_raman"),
    "What do you actually put in a weekly status update that people will read?": (
        1,
        "priya_raman",
    ),
    "Client wants us to absorb a three-week delay caused by their own data migration. What "
    "would you do?": (1, "diego_alvarado"),
    "How do you keep a risk register alive on an internal IT rollout?": (4, "lucas_ferreira"),
}

# An accepted answer carries at least this many helpful marks in the demo: the asker was not
# the only one it helped.
ACCEPTED_MIN_HELPFUL = 3
