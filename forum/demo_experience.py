"""Demo content for answers by experience and questions' facts (forum/demo_content.py holds
the members and threads themselves; everything here is as fictional as they are).

Each demo member answers from the side their profile describes, which `seed_demo` sets as
their default and gives each of their replies; an asker's own follow-ups in their thread say
no side. Several questions state the facts that matter.
"""

from __future__ import annotations

from forum.experience import ExperienceSide

INTERNAL = ExperienceSide.INTERNAL
CLIENT_FACING = ExperienceSide.CLIENT_FACING
CLIENT_SIDE = ExperienceSide.CLIENT_SIDE
BOTH = ExperienceSide.BOTH

# By username: the side each member's experience mostly comes from.
MEMBER_SIDES = {
    "priya_raman": INTERNAL,  # a PMO for internal change at an insurer
    "tomasz_wojcik": BOTH,  # eight years in-house at a bank, now freelance for clients
    "amara_okafor": CLIENT_FACING,  # an agency's account director
    "lucas_ferreira": CLIENT_FACING,  # a software consultancy's project manager
    "hannah_lindqvist": CLIENT_SIDE,  # buys IT programmes from suppliers for a health authority
    "kenji_mori": INTERNAL,  # an engineering manager turned delivery lead in-house
    "sofia_marchetti": CLIENT_FACING,  # independent, for small businesses
    "arjun_kapadia": CLIENT_FACING,  # head of delivery at an agency
    "fiona_mcbride": INTERNAL,  # internal projects at a haulage firm
    "diego_alvarado": CLIENT_FACING,  # prices and negotiates an IT services firm's deals
    "nadia_haddad": BOTH,  # moved from an in-house team to an agency this year
    "grace_thornton": INTERNAL,  # a university's portfolio of IT and estates projects
    "noor_haddad": INTERNAL,  # six years of internal projects, clients from January
}

# By thread title (as in demo_content.THREADS): the facts its question states.
THREAD_FACTS = {
    "Internal versus customer-facing project managers: what changes when the project is for "
    "a client?": {"methodology": "hybrid", "industry": "it", "asker_role": "project-manager"},
    "How do I push back on 'small' requests from an internal sponsor when there is no contract?": {
        "methodology": "predictive",
        "industry": "logistics",
        "team_size": "1-5",
        "budget": "under-50k",
        "asker_role": "project-manager",
    },
    "What belongs in a statement of work so change requests don't turn into arguments?": {
        "methodology": "agile",
        "industry": "energy",
        "team_size": "6-15",
        "budget": "250k-1m",
        "contract_type": "fixed-price",
        "asker_role": "project-manager",
    },
    "How do you estimate fixed-price client work differently from internal projects?": {
        "methodology": "hybrid",
        "industry": "it",
        "team_size": "1-5",
        "contract_type": "fixed-price",
        "asker_role": "consultant",
    },
    "Is internal chargeback worth the admin for a shared IT delivery team?": {
        "methodology": "hybrid",
        "industry": "health",
        "team_size": "16-50",
        "asker_role": "programme-manager",
    },
    "Can you run Scrum properly when the client wants a fixed date and fixed scope?": {
        "methodology": "agile",
        "industry": "retail",
        "team_size": "6-15",
        "budget": "250k-1m",
        "contract_type": "fixed-price",
        "asker_role": "delivery-lead",
    },
    "Our PMO wants red, amber or green for everything. How do you keep status reporting honest?": {
        "methodology": "predictive",
        "industry": "education",
        "asker_role": "programme-manager",
    },
    "A client stakeholder keeps going straight to my developers. How do I stop it?": {
        "methodology": "agile",
        "industry": "health",
        "team_size": "1-5",
        "budget": "under-50k",
        "contract_type": "time-materials",
        "asker_role": "consultant",
    },
    "Two internal projects need the same specialists. How does your PMO arbitrate?": {
        "methodology": "hybrid",
        "industry": "finance",
        "team_size": "51-200",
        "asker_role": "pmo",
    },
    # The contract type is what the question asks, so it states none.
    "Fixed price or time and materials for a client who can't describe what they want?": {
        "industry": "retail",
        "budget": "250k-1m",
        "asker_role": "commercial",
    },
    "What does a good handover to the client's in-house team look like?": {
        "methodology": "agile",
        "industry": "retail",
        "team_size": "6-15",
        "contract_type": "fixed-price",
        "asker_role": "commercial",
    },
    "How do you charge for project management time on a small monthly retainer?": {
        "industry": "it",
        "team_size": "1-5",
        "budget": "under-50k",
        "contract_type": "retainer",
        "asker_role": "consultant",
    },
    "Our internal teams work in sprints but finance wants annual project budgets. How do you "
    "bridge that?": {
        "methodology": "agile",
        "industry": "health",
        "team_size": "51-200",
        "budget": "1m-10m",
        "asker_role": "programme-manager",
    },
    "What do you actually put in a weekly status update that people will read?": {
        "methodology": "agile",
        "asker_role": "delivery-lead",
    },
    "Client wants us to absorb a three-week delay caused by their own data migration. What "
    "would you do?": {
        "methodology": "agile",
        "industry": "retail",
        "team_size": "6-15",
        "budget": "50k-250k",
        "contract_type": "fixed-price",
        "asker_role": "delivery-lead",
    },
    "How do you keep a risk register alive on an internal IT rollout?": {
        "methodology": "predictive",
        "industry": "education",
        "team_size": "16-50",
        "budget": "1m-10m",
        "asker_role": "programme-manager",
    },
    "Has anyone tracked estimate accuracy across internal and client projects over several "
    "years?": {"industry": "finance", "asker_role": "pmo"},
}


def reply_side(*, author: str, asker: str) -> str:
    """The side a demo reply says: its author's, but none for the asker's own follow-ups."""
    return "" if author == asker else MEMBER_SIDES.get(author, "")
