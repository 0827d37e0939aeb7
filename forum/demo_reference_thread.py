"""The demo's reference discussion: internal versus customer-facing project management.

A member who has only run internal projects asks how client work differs. The replies come
from the points of view the forum exists for: a sole project manager working for clients, a
supplier's project manager working beside the client's own, a project manager in a client's
PMO, and an internal project manager with no formal authority. There are enough of them to
fill two pages of the thread. Everyone named here is fictional.
"""

from __future__ import annotations

ASKER = {
    "username": "noor_haddad",
    "display_name": "Noor Haddad",
    "headline": "Project manager, moving into consulting",
    "location": "Amman, Jordan",
    "bio": "Six years of internal projects at a telecoms operator; started at a small "
    "consultancy this autumn and now works for clients for the first time.",
}

REFERENCE_THREAD = {
    "forum": "project-management",
    "title": "Internal versus customer-facing project managers: what changes when the "
    "project is for a client?",
    "author": "noor_haddad",
    "context": "client",
    "tags": ["Estimating", "Information Technology"],
    "hours_ago": 60,
    "body": """\
I have spent six years managing internal projects at a telecoms operator: billing \
migrations, a CRM roll-out, a few network tooling upgrades. Last month I joined a small IT \
consultancy, and from January I will run projects for paying clients for the first time.

Everyone tells me it is "the same job with a contract", but I doubt it is that simple. \
Three things I would love to hear about from people who have done both:

1. **What actually differs** between managing a project inside your own company and \
managing one for an external client? Authority, estimating, reporting, how you say no?
2. **How do you start** a project with an external client? Internally I knew the people, \
the systems and the politics before the kick-off. Here I will know none of them.
3. **How do you choose** which projects to take on? My new employer lets project managers \
say which bids they want to be involved in, and I have no instinct yet for which ones turn \
out badly.

Any experience welcome, especially from people who have sat on both sides of the table.""",
    "replies": [
        {
            "author": "sofia_marchetti",
            "body": """\
Welcome to the other side. I have been a sole project manager for small clients for about \
nine years, so here is the view from someone with no PMO and no colleagues to hide behind.

The biggest difference is not the contract, it is **who carries the risk**. Internally, if \
the project runs late the company absorbs it and someone has an awkward conversation. With \
a client, the overrun is either your margin or your reputation, usually both. Everything \
else follows from that: you estimate more carefully, you write things down more, and you \
notice scope creep in the first week rather than the fifth.

The second difference is that the client's priorities are not your employer's priorities. \
You will be loyal to both, and most of the craft is keeping those two loyalties from \
colliding in front of the client.""",
        },
        {
            "author": "lucas_ferreira",
            "body": """\
On most of my projects there are two project managers: me on the supplier side and one on \
the client's side. That shapes everything, so it is worth knowing which set-up you are \
walking into before the kick-off.

When the client has its own PM, your job is narrower but sharper. You own delivery of what \
the contract says; they own everything on their side of the fence: their data, their \
testers, their sign-offs, their internal politics. The failure mode is **both PMs trying \
to run the whole project**. Agree early, in writing, who owns which decisions. A one-page \
RACI that both of you sign takes an hour and saves weeks.""",
        },
        {
            "author": "hannah_lindqvist",
            "body": """\
I sit in a client PMO at a regional health authority, so I am usually the person on the \
other side of Lucas's fence. A few things I wish every supplier PM knew:

- We are **not one client**. The sponsor, the service owner, the security team and \
procurement all want different things, and I spend half my week reconciling them. If you \
only talk to me you will be surprised later.
- Our governance is slow on purpose. A change request that needs a board decision takes \
three weeks whatever you do, so raise it early.
- The suppliers I trust tell me bad news **before** it appears in a status report. I will \
forgive a slipped date; I will not forgive finding out from my own testers.""",
        },
        {
            "author": "fiona_mcbride",
            "body": """\
For balance, the internal side. I manage projects at a logistics firm with no formal \
authority at all: nobody reports to me, there is no contract, and the sponsor is also the \
person who writes my appraisal.

What internal work teaches you, and what you will miss at first, is **influence without \
paper**. I get things done through relationships, favours and knowing when the warehouse \
manager is in a good mood. Noor, you already have that skill. Client work gives you the \
paper (contract, statement of work, change control), but the relationships still do the \
heavy lifting. Don't let the contract make you lazy about them.""",
        },
        {
            "author": "noor_haddad",
            "body": """\
Thank you all, this is already more useful than my induction pack. Fiona, that is \
reassuring. Lucas, how do you find out before the kick-off whether the client has its own \
project manager, and how much authority that person really has? The bid documents I have \
seen so far say nothing about it.""",
        },
        {
            "author": "lucas_ferreira",
            "body": """\
Ask at the bid stage, directly: "Who will be our day-to-day counterpart, and who signs off \
deliverables?" If those are two different people, that is normal. If nobody can answer \
the second question, that is a risk worth pricing in.

As for authority: watch the first steering meeting. If the client PM presents their own \
side's status, they have real authority. If the sponsor keeps talking over them, you will \
be escalating to the sponsor more often than the org chart suggests.""",
        },
        {
            "author": "arjun_kapadia",
            "body": """\
On starting a project with an external client, here is the sequence my delivery managers \
follow. It is not clever, but skipping any step has cost us money at least once.

1. **Read the contract and the statement of work yourself**, not a summary. Note every \
deliverable, acceptance criterion and client dependency.
2. **Internal handover from sales.** What was promised verbally that is not written down? \
There is always something.
3. **Kick-off with the client**, where you walk through scope, roles, the change process \
and the first month's plan. Get the client to say out loud what success looks like.
4. **A first deliverable within two or three weeks**, even a small one, so the client sees \
progress before they have time to worry.""",
        },
        {
            "author": "tomasz_wojcik",
            "body": """\
I spent eight years on internal projects at a bank before going freelance, so I made the \
same move you are making. The thing that surprised me most was **estimating**.

Internally, an estimate was a forecast: everyone knew it would move and we re-planned \
quarterly. For a client, especially on fixed price, an estimate becomes a **commitment with \
a price on it**. I now give ranges with explicit assumptions, and every assumption I write \
down is one less argument later. "Assumes the client provides test data by week four" has \
saved me more money than any clever estimating technique.""",
        },
        {
            "author": "amara_okafor",
            "body": """\
From an agency: the communication load is the part nobody warns you about. Internally, a \
status update can be a quick chat in the corridor. With clients, **silence reads as bad \
news**. If they have not heard from you for a week, they assume something is wrong and \
start asking your developers directly.

I send a short written update every Friday, even when nothing has changed: what we did, \
what is next, what we need from them, and any risks. It takes twenty minutes and it is the \
single best trust-building habit I know.""",
        },
        {
            "author": "grace_thornton",
            "body": """\
I manage a university portfolio, so I am an internal PM who buys a lot from suppliers. One \
view from the buyer's desk that I have not seen yet: **we judge suppliers on how they handle \
the first problem**, not on whether they have problems. Every project has one in the \
first month. The supplier PM who calls me, explains it plainly and brings two options keeps \
my trust for the rest of the contract.""",
        },
        {
            "author": "kenji_mori",
            "body": """\
I moved into delivery from engineering last year and I am still learning this, so a \
question back to the group rather than advice: how do you handle a client who wants to be \
**in every technical decision**? Internally my team decided how to build things and the \
business decided what. My current client reviews our database design. Is that normal, or \
a sign that something has gone wrong with trust?""",
        },
        {
            "author": "hannah_lindqvist",
            "body": """\
Kenji, from the client side: it is often normal and not about trust. In the public sector we \
will own and run the system long after the supplier leaves, so our architects **must** \
understand the design. The trick is to agree which decisions need our review and which are \
yours, and to put that list in the project handbook. Otherwise every decision becomes a \
review and you lose a day a week.""",
        },
        {
            "author": "priya_raman",
            "body": """\
Let me pick up Noor's third question, choosing projects, since nobody has yet. I run an \
internal PMO now but I spent three years at a consultancy, and these were my warning signs \
at the bid stage:

- The client cannot say who the sponsor is, or the sponsor is not at the bid meeting.
- The deadline is fixed by an event (a regulation, a launch, a trade show) **and** the \
scope is vague.
- The client has just fired the previous supplier and the story of why keeps changing.
- Procurement is pushing for a fixed price on something that is still mostly discovery.

One warning sign is manageable. Three together meant I asked not to be on the bid.""",
        },
        {
            "author": "sofia_marchetti",
            "body": """\
Adding to Priya's list, from the sole-PM side: choose projects where **you can meet the \
person who will use the thing**. If every conversation goes through a purchasing department, \
you will build exactly what the specification says and still disappoint everyone. The \
projects I enjoyed most, and that made money, were the ones where I could watch a real user \
struggle with the old process in the first week.""",
        },
        {
            "author": "lucas_ferreira",
            "body": """\
Since Noor asked how the roles differ, here is the summary I give new PMs in our \
consultancy. It is simplified, and every project bends it a little, but it starts the right \
conversation.

| Question | Internal PM | Supplier PM (client-facing) | Client-side PM (PMO) |
|---|---|---|---|
| Who sets priorities? | The sponsor and the business plan \
 | The contract, then the client's sponsor | The client's board and portfolio |
| Authority over the team | Informal, borrowed from the sponsor \
 | Direct over the supplier team only \
 | Over the client's staff and the supplier contract |
| How is an estimate used? | A forecast, revised each quarter \
 | A commitment with a price and assumptions | A budget line to defend |
| How is a change agreed? | A conversation and a trade-off | A change request with a price \
 | A decision by the change board |
| Typical reporting | Monthly to a steering group \
 | Weekly to the client, monthly to your own management \
 | Monthly to the board, with supplier reports attached |
| What ends the project? | The business stops asking | Acceptance and final invoice \
 | Handover to operations |

The last row matters more than it looks: internal projects rarely have a clean end, and \
client projects very clearly do.""",
        },
        {
            "author": "noor_haddad",
            "body": """\
Lucas, that table is going on the wall. Hannah and Grace, hearing it from the buyer's side \
is exactly what I needed: I had been thinking of "the client" as one person.

A follow-up on estimating. Tomasz mentions ranges with assumptions. How do you present a \
range to a client who insists on a single number for their budget approval?""",
        },
        {
            "author": "tomasz_wojcik",
            "body": """\
Give them the single number they need, but make it **the top of your range, not the \
middle**, and show the range beside it. Then agree what happens to the difference: \
on time and materials it is simply not spent; on fixed price it is your contingency, and \
you say so. Clients with budget processes understand contingency; what they hate is a \
second approval round halfway through.""",
        },
        {
            "author": "arjun_kapadia",
            "body": """\
Agree with Tomasz. One more habit for fixed-price bids: we estimate **discovery separately** \
and price it as its own small contract. The client gets a real plan and a firm price for \
the build at the end of it, and we are not committing to a number before we have seen \
their data. About two thirds of clients accept this once it is explained; the others tell \
you something useful about how the project would have gone.""",
        },
        {
            "author": "fiona_mcbride",
            "body": """\
Reading this thread as someone who has only ever been internal, I am a little envious of \
the change request. But I will point out one thing internal PMs do better: **we see the \
benefits**. I am still around a year later when the warehouse system is saving time (or \
not). Supplier PMs hand over and leave. Noor, ask your clients how they will measure \
success after you are gone, and offer to come back in six months to look. It costs an \
afternoon and it is how repeat work starts.""",
        },
        {
            "author": "amara_okafor",
            "body": """\
Fiona's point about coming back is a good one; we do a "three-month check-in" that is not \
billed, and it has led to more new work than any sales campaign.

On saying no, which Noor listed in the first question: with a client, **no** is rarely the \
right word. "Yes, and here is what it costs" or "yes, after the current release" keeps the \
relationship and puts the decision back with the person who owns the budget. Internally I \
used to say no far more bluntly, and I got away with it because we had to keep working \
together anyway.""",
        },
        {
            "author": "hannah_lindqvist",
            "body": """\
One last one from the client PMO, on reporting. Please do not send me the report your own \
management wants to read. I need **three things**: are we on track for the next milestone, \
what do you need from us, and what has changed since last week. Your internal margin \
forecast and utilisation figures are for your boss, not for me, and including them makes \
me wonder what else I am missing.""",
        },
        {
            "author": "kenji_mori",
            "body": """\
Thank you, Hannah, that helps. We agreed a short list of "decisions the client reviews" \
this week (database schema, integrations, anything affecting security) and everything else \
is ours. The first design review under the new rule took forty minutes instead of a whole \
afternoon.""",
        },
        {
            "author": "grace_thornton",
            "body": """\
A small addition on choosing projects, from the buyer's side: look at **how the tender is \
written**. A tender that lists outcomes ("reduce enrolment processing time by half") usually \
comes from a client who knows what they want. A tender that lists three hundred functional \
requirements usually comes from a client who could not agree, and you will inherit that \
disagreement on day one.""",
        },
        {
            "author": "noor_haddad",
            "body": """\
A short summary for anyone who finds this later, and for me in January:

- Client work changes **who carries the risk**; estimating, documentation and change \
control follow from that.
- Find out at the bid stage who the client's project manager is and who signs off; agree \
ownership of decisions in writing (a one-page RACI).
- Start with the contract itself, a frank handover from sales, a kick-off that defines \
success, and an early visible deliverable.
- Report weekly, briefly, with what you need from the client; bad news early.
- Choose projects with a visible sponsor, outcome-based goals and access to real users; \
be wary of fixed dates with vague scope.

Thank you all. I will come back and say how the first project went.""",
        },
    ],
}
