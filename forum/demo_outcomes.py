"""Demo outcomes: two askers come back to tell the forum what they decided and how it went.

Fictional, like the rest of the demo content (forum/demo_content.py); seed_demo adds each to the
thread of that title and asker, some hours after its last reply. Spelling is British English.
"""

from __future__ import annotations

OUTCOMES = [
    {
        "thread": "Is internal chargeback worth the admin for a shared IT delivery team?",
        "author": "hannah_lindqvist",
        "hours_ago": 60,
        "body": """\
We went with **a year of showback**, not chargeback, and finance agreed once they saw \
Grace's point about shared platforms written down.

What we did:

- a quarterly statement per department: project hours at a standard internal rate, no \
money moving
- time logged against projects only, never tasks (thank you, Fiona: the first draft of our \
timesheet had forty task codes)
- a protected budget line of about 15% of the team's capacity for platform and technical \
debt work, reported on the same statement so nobody mistakes it for waste

Two statements in, how it went: two department heads asked for a meeting about "their" \
number within a week, which is exactly the conversation finance wanted. Requests for \
"small" reports dropped noticeably. Timesheet grumbling is real but tolerable at project \
level.

The review is booked for the end of the year. If anyone wants the one-page statement \
layout, ask in this thread and I'll describe it.""",
    },
    {
        "thread": "How do you estimate fixed-price client work differently from internal projects?",
        "author": "tomasz_wojcik",
        "hours_ago": 20,
        "body": """\
An update, since several of you asked how the next quote went.

I used the advice on the next fixed-price bid, a customer portal with two integrations:

1. **Three-point estimates** per work package instead of my single "gut" number, and the \
contingency taken from the spread rather than a flat percentage. It came out at 18%, \
close to what I used to guess, but now I can explain it.
2. A written **assumptions list** as an appendix to the proposal, each one tied to a \
change-request rule. The client's procurement lead said it was the clearest proposal they \
had received.
3. I showed the breakdown **by phase**, not by task. Nobody tried to negotiate individual \
line items, which is what I had feared.

We won the work at a price about 6% above my old method. Six weeks into the build we are \
on plan, and one assumption (the test data would be ready in week two) has already turned \
into a paid change instead of an argument. I would do all three again.""",
    },
]
