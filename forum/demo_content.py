"""Demo content for PM Forum: fictional members, forums, tags and discussion threads.

All people, companies and projects described here are invented. Bodies are Markdown.
Spelling follows British English throughout.
"""

from __future__ import annotations

from forum.demo_reference_thread import ASKER, REFERENCE_THREAD

MEMBERS = [
    {
        "username": "priya_raman",
        "display_name": "Priya Raman",
        "headline": "PMO lead at a regional insurer",
        "location": "Leeds, United Kingdom",
        "bio": "Runs a small PMO that oversees around forty internal change projects a year. "
        "Former business analyst who still draws her own process maps.",
    },
    {
        "username": "tomasz_wojcik",
        "display_name": "Tomasz Wojcik",
        "headline": "Freelance delivery manager",
        "location": "Krakow, Poland",
        "bio": "Spent eight years running in-house IT projects at a bank before going freelance. "
        "Now delivers fixed-price builds for mid-sized clients across Europe.",
    },
    {
        "username": "amara_okafor",
        "display_name": "Amara Okafor",
        "headline": "Agency account director",
        "location": "Lagos, Nigeria",
        "bio": "Looks after retail and fintech clients at a forty-person digital agency. "
        "Believes most client problems are really expectation problems.",
    },
    {
        "username": "lucas_ferreira",
        "display_name": "Lucas Ferreira",
        "headline": "Senior project manager at a software consultancy",
        "location": "Porto, Portugal",
        "bio": "Has spent a decade delivering bespoke software for clients in logistics and "
        "healthcare. Keeps every estimate he has ever written.",
    },
    {
        "username": "hannah_lindqvist",
        "display_name": "Hannah Lindqvist",
        "headline": "IT programme manager, public sector",
        "location": "Gothenburg, Sweden",
        "bio": "Manages IT programmes for a regional health authority, mostly delivered by "
        "external suppliers. Usually sits on the buyer's side of the table.",
    },
    {
        "username": "kenji_mori",
        "display_name": "Kenji Mori",
        "headline": "Engineering manager turned delivery lead",
        "location": "Osaka, Japan",
        "bio": "Moved from leading a development team into delivery management last year. "
        "Still learning to love status reports.",
    },
    {
        "username": "sofia_marchetti",
        "display_name": "Sofia Marchetti",
        "headline": "Self-employed | Delivery lead",
        "location": "Bologna, Italy",
        "bio": "Independent delivery lead for small businesses and start-ups. Often the only "
        "project person in the room, and occasionally the only one with a plan.",
    },
    {
        "username": "arjun_kapadia",
        "display_name": "Arjun Kapadia",
        "headline": "Head of delivery at a digital agency",
        "location": "Pune, India",
        "bio": "Leads twelve delivery managers working on web and mobile projects for overseas "
        "clients. Coaches junior PMs on estimating and difficult conversations.",
    },
    {
        "username": "fiona_mcbride",
        "display_name": "Fiona McBride",
        "headline": "Internal projects manager at a logistics firm",
        "location": "Glasgow, United Kingdom",
        "bio": "Delivers warehouse systems and office moves for a family-owned haulage company. "
        "Has never once had a project with a signed contract.",
    },
    {
        "username": "diego_alvarado",
        "display_name": "Diego Alvarado",
        "headline": "Commercial manager, IT services",
        "location": "Bogota, Colombia",
        "bio": "Prices and negotiates fixed-price and managed-service deals for an IT services "
        "firm. Thinks every project manager should read the contract twice.",
    },
    {
        "username": "nadia_haddad",
        "display_name": "Nadia Haddad",
        "headline": "Project manager, first year agency-side",
        "location": "Montreal, Canada",
        "bio": "Moved from an in-house marketing team to a creative agency this year. "
        "Asking a lot of questions and writing down the answers.",
    },
    {
        "username": "grace_thornton",
        "display_name": "Grace Thornton",
        "headline": "Portfolio manager at a university",
        "location": "Dunedin, New Zealand",
        "bio": "Manages the portfolio of IT and estates projects for a mid-sized university. "
        "Fond of simple dashboards and long walks away from them.",
    },
    ASKER,
]

FORUMS = [
    {
        "name": "Project Management",
        "slug": "project-management",
        "description": "Planning, scoping, stakeholders and delivery, whether the project is "
        "for your own organisation or for a paying client.",
    },
    {
        "name": "Agile and Delivery",
        "slug": "agile-and-delivery",
        "description": "Iterative delivery, team practices and tooling, and how agile ways of "
        "working survive contracts, budgets and governance.",
    },
    {
        "name": "Careers and Certification",
        "slug": "careers-and-certification",
        "description": "Moving between in-house and agency roles, qualifications, interviews "
        "and growing as a project professional.",
    },
]

TAGS = [
    {
        "name": "Estimating",
        "slug": "estimating",
        "description": "Sizing work, building ranges and contingency, and turning effort into "
        "dates and prices.",
    },
    {
        "name": "Information Technology",
        "slug": "information-technology",
        "description": "Software builds, system rollouts, infrastructure and other IT-heavy "
        "projects.",
    },
    {
        "name": "Stakeholder Management",
        "slug": "stakeholder-management",
        "description": "Sponsors, clients, steering groups and everyone else with an opinion "
        "on the project.",
    },
    {
        "name": "Contracts",
        "slug": "contracts",
        "description": "Statements of work, pricing models, terms and the commercial side of "
        "client projects.",
    },
    {
        "name": "Scope Change",
        "slug": "scope-change",
        "description": "Change requests, scope creep and deciding what is in or out once work "
        "has started.",
    },
    {
        "name": "Risk",
        "slug": "risk",
        "description": "Identifying, tracking and responding to risks and issues before they "
        "become surprises.",
    },
    {
        "name": "Budgeting",
        "slug": "budgeting",
        "description": "Funding, internal chargeback, cost tracking and keeping spend in line "
        "with the plan.",
    },
    {
        "name": "Agile",
        "slug": "agile",
        "description": "Iterative and incremental delivery, and making it work within "
        "real-world constraints.",
    },
    {
        "name": "Resourcing",
        "slug": "resourcing",
        "description": "Allocating people across projects, capacity planning and competing "
        "priorities.",
    },
    {
        "name": "Reporting",
        "slug": "reporting",
        "description": "Status updates, dashboards, PMO returns and communicating progress "
        "honestly.",
    },
]

THREADS = [
    # The reference discussion, long enough for two pages ---------------------------------
    REFERENCE_THREAD,
    # 1 ---------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "How do I push back on 'small' requests from an internal sponsor when there "
        "is no contract?",
        "author": "fiona_mcbride",
        "context": "internal",
        "tags": ["Scope Change", "Stakeholder Management"],
        "hours_ago": 30,
        "body": """\
I manage internal projects at a logistics company, and our current one is a new yard \
management system for two depots. The sponsor is our operations director, who is great to \
work with but has a habit of stopping me in the corridor with "one small thing".

Over the last six weeks those small things have included:

- an extra report for the night shift supervisors
- a second label format for a customer who "might" sign next quarter
- making the driver check-in screen work on tablets as well as the kiosks

Individually none of them is huge. Together they have eaten roughly **three weeks** of our \
developer's time, and the go-live date hasn't moved.

With a client I would raise a change request and put a price on it. Internally there is no \
price, no contract and, frankly, no appetite for paperwork. If I make it too formal I look \
obstructive; if I keep saying yes we will miss the date that actually matters to the \
business, which is the peak season change freeze.

How do other internal PMs handle this? Is there a lightweight version of change control \
that works when the person asking is also the person who signs off your performance \
review?""",
        "replies": [
            {
                "author": "priya_raman",
                "body": """\
You don't need a contract to have change control. You need a **visible trade-off**. \
Internally the price of a change is time, or something else dropping out.

What worked for me is a one-page change log with three columns: what was asked, the \
impact in days, and what it displaces. I don't ask the sponsor to approve paperwork; I ask \
them to choose. "Happy to do the tablet screens. That's about four days, so either go-live \
moves to the 14th or the night shift report waits until after peak. Which would you \
prefer?"

Most sponsors are perfectly reasonable once the cost is in front of them. The corridor \
conversation works precisely because the cost is invisible.""",
            },
            {
                "author": "grace_thornton",
                "body": """\
Agree with Priya. I'd add: go back over the three weeks already spent and put those items \
on the log retrospectively. Not as a complaint, just as a record. It resets the baseline \
and makes the next conversation much easier, because the sponsor can see the pattern for \
themselves.

Also, check whether the label format for a customer who "might" sign is really your \
project's job. That sounds like sales work wearing a project hat.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
One trick I borrowed from client work: a **change budget**. Agree up front that the \
project has, say, five days of "small things" allowance. Everything goes against it and \
you report the remaining balance every week. When it hits zero, the next request needs a \
proper decision.

Sponsors like it because they keep some flexibility. You like it because the allowance is \
finite and visible.""",
            },
            {
                "author": "fiona_mcbride",
                "body": """\
Thank you, all really useful. I've drafted the log with the three past items and their day \
counts. The "which would you prefer" framing feels much less confrontational than saying no.

Grace, you're right about the label format. I checked and the customer hasn't even had a \
proposal yet. I'll suggest it becomes a separate piece of work once they sign.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
From the developer's side of the fence: please do this. When I was a team lead, the "one \
small thing" requests usually reached us through the PM with no context, and the team \
quietly absorbed them with late evenings.

The log also protects your developer, who is probably not going to tell the operations \
director that three weeks have vanished.""",
            },
        ],
    },
    # 2 ---------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "What belongs in a statement of work so change requests don't turn into "
        "arguments?",
        "author": "lucas_ferreira",
        "context": "client",
        "tags": ["Contracts", "Scope Change"],
        "hours_ago": 120,
        "body": """\
We've just had a rough month with a long-standing client. The project is a route-planning \
portal for their field engineers, delivered under a fixed-price statement of work. Halfway \
through the build, their product owner asked for offline mode. We said that was a change; \
they said it was "obviously implied" by the phrase *usable in the field*.

We reached a compromise in the end, but it cost a lot of goodwill and two tense steering \
meetings. Looking back, the SOW was the problem. It described outcomes in pleasant language \
and left the detail for "the discovery phase", which we never formally closed.

I'm rewriting our SOW template before the next engagement. At the moment I plan to add:

- an explicit **out of scope** list, not just an in-scope list
- numbered **assumptions**, including the client's obligations (data, access, decision times)
- a defined **change process** with a turnaround time for impact assessments
- acceptance criteria per deliverable rather than for the whole project

What else do you put in yours? And has anyone found wording that stops phrases like \
"usable in the field" becoming a battleground?""",
        "replies": [
            {
                "author": "diego_alvarado",
                "body": """\
Your list is good. Two additions from the commercial side:

- A **definitions** section. If "usable in the field" matters, define it: supported \
devices, network conditions, whether offline use is included. Vague adjectives are where \
disputes live.
- An **order of precedence** clause. If the SOW, the proposal and the backlog disagree, \
which one wins? Without it, both sides quote whichever document suits them.

Also make sure the change process says what happens while a change is being assessed. Does \
work continue on the original scope? It sounds obvious, but I've seen teams stand still for \
two weeks waiting for a decision.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
From the buyer's side: please don't make the out-of-scope list a dumping ground for \
everything you can think of. I have received SOWs where "out of scope" ran to three pages \
and included things like "testing". It makes the buyer think you're preparing for a fight.

A short, honest list of things the client might reasonably assume are included, but \
aren't, is far more useful. Offline mode would have been a perfect example.""",
            },
            {
                "author": "amara_okafor",
                "body": """\
Close the discovery phase formally. We now end every discovery with a signed **scope \
baseline** document, and the SOW refers to it by version number. Anything that isn't in \
baseline v1.0 is a change, full stop.

It takes the "obviously implied" argument off the table because there is something \
concrete to point at.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
Hannah, fair point, and I think our old template did lean that way. I'll keep the \
out-of-scope list to things a sensible client might expect.

Diego, the order of precedence clause is a great catch. In this case the client's product \
owner was quoting the original proposal, which had looser wording than the SOW. We never \
agreed which one governed.""",
            },
            {
                "author": "tomasz_wojcik",
                "body": """\
One more: put a **small-change threshold** in the SOW. Something like "changes estimated \
at under two days can be approved by the two project leads by email; larger changes go to \
the steering group."

It stops the change process becoming so heavy that people avoid it, which is exactly how \
small things turn into arguments later.""",
            },
            {
                "author": "nadia_haddad",
                "body": """\
This thread is gold for me as a new agency PM. Can I ask how you phrase the client's \
obligations without it sounding like you're blaming them in advance? Ours currently just \
says "client to provide content in a timely manner", which I now realise means nothing.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
Nadia, make it specific and neutral. For example: "The client will provide final copy for \
each page at least ten working days before that page is scheduled for build, as shown in \
the project plan."

Then state the consequence once, in the change section, rather than repeating it \
everywhere. Dates and numbers don't sound like blame; adjectives do.""",
            },
        ],
    },
    # 3: the long discussion -------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "How do you estimate fixed-price client work differently from internal projects?",
        "author": "tomasz_wojcik",
        "context": "client",
        "tags": ["Estimating", "Information Technology"],
        "hours_ago": 340,
        "body": """\
For eight years I ran internal IT projects at a bank. Estimating there meant giving a \
sponsor a number of weeks, then explaining later why it was wrong. Nobody enjoyed it, but \
the consequences were mostly political: a difficult steering meeting, a smaller bonus, a \
budget top-up from next year's pot.

Two years ago I went freelance, and now most of my work is **fixed-price builds** for \
mid-sized clients: customer portals, integrations, the odd data migration. Suddenly my \
estimate is also my price, and if I'm wrong the overrun comes out of my own pocket.

I've changed a few habits already:

- I estimate in ranges rather than single numbers
- I write down every assumption, even the ones that feel silly
- I add contingency, but honestly I pick the percentage by gut feel

What I'd love to hear from people who have done both:

1. What do you do **differently** when the estimate is for a client rather than for your \
own organisation?
2. How do you decide on contingency without just picking a number?
3. Do you show the client your breakdown, or only the total?

Happy to share what's gone wrong for me too. The short version: integration work and \
client-side delays have cost me far more than the build itself.""",
        "replies": [
            {
                "author": "lucas_ferreira",
                "body": """\
The biggest change for me was separating the **estimate** from the **price**. The \
estimate is the delivery team's honest view of effort, as a range. The price is a \
commercial decision that takes the estimate, the risk, the client relationship and the \
market into account.

Internally those two things are usually blurred into a single number that the sponsor \
treats as a promise. For client work, keeping them apart means the team never feels \
pressured to shave the estimate to win the deal. If sales wants a lower price, that's a \
visible commercial decision with a visible margin risk, not a quiet edit to the \
engineers' numbers.""",
            },
            {
                "author": "priya_raman",
                "body": """\
Slight push back from the internal side: internal estimates aren't as consequence-free as \
people think. In my organisation, once a number appears in a business case it's \
effectively a commitment, and the sponsor's credibility is attached to it.

The difference is that the penalty is reputational rather than financial. Which, in some \
ways, makes people less careful. There's no contract forcing you to write down your \
assumptions, so nobody does, and two years later nobody remembers what the estimate was \
based on.""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
On contingency, I'd stop thinking of it as a percentage. We do a three-point estimate \
(optimistic, most likely, pessimistic) for every work package, and then:

- for **time and materials** we quote at around the 50% confidence level
- for **fixed price** we price closer to 80% confidence
- the gap between the two is our contingency, and it comes from the ranges, not from gut feel

The other part of contingency is tied to **named risks**. If the client's API \
documentation is thin, that risk gets its own line with its own allowance. When someone \
asks why we're 20% higher than another supplier, I can point to specific reasons.""",
            },
            {
                "author": "tomasz_wojcik",
                "body": """\
@diego_alvarado, that's exactly the kind of thing I'm after. How do you get to an 80% \
confidence figure in practice? I don't have a simulation tool, and I'm not sure my clients \
would care if I did. Is this a spreadsheet exercise?""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
Spreadsheet, nothing fancy. For each work package we use the classic formulas:

`expected = (O + 4M + P) / 6` and `sd = (P - O) / 6`

Add up the expected values, then combine the standard deviations (square root of the sum \
of the squares). Roughly, expected plus 0.85 times the combined deviation gets you to \
about 80%.

| Package | O | M | P | Expected (days) |
|---|---|---|---|---|
| Customer login | 4 | 6 | 12 | 6.7 |
| Order history | 6 | 9 | 18 | 10.0 |
| ERP integration | 10 | 15 | 40 | 18.3 |

It's not precise, and it assumes the packages are independent, which they rarely are. But \
it forces the team to think about the pessimistic case, and that conversation is worth \
more than the maths.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
Speaking as someone who was an engineer until recently: look at the integration line in \
Diego's table. The pessimistic number is nearly three times the most likely one, and \
that's realistic.

Internally, you know the systems. You know who owns the old database, you know the VPN \
works, you know which test environment is broken. With a client, every one of those is \
unknown. I now add explicit lines for:

- getting access to environments and test accounts
- security review of our code or our connection
- waiting on the client's other suppliers

None of it is "development", and all of it takes time.""",
            },
            {
                "author": "amara_okafor",
                "body": """\
At the agency we simply refuse to fixed-price a whole project without a **paid \
discovery**. Discovery is two to four weeks on time and materials. At the end of it we \
have a scope baseline, a technical approach and an estimate we actually believe. Then we \
fixed-price the build.

Clients sometimes resist, but we frame it as protecting them too. A supplier who gives \
you a fixed price on day one either has a huge contingency buried in it or is planning to \
make their money on change requests. Neither is good for the client.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
Agree with Amara in principle, but my clients are small businesses and many flatly refuse \
to pay for discovery. They see it as paying me to write a quote.

My compromise: discovery is paid, but the fee is **credited against the build** if they go \
ahead. In practice about three quarters of them do, so it costs me little, and it filters \
out the ones who were only collecting quotes.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
Let me give you the view from the buyer's side, since I procure a lot of fixed-price IT \
work for a health authority.

When we evaluate bids, the supplier with a 40% contingency load usually loses on price. \
But the supplier who comes in suspiciously low usually turns out to be the most expensive \
in the end, because every ambiguity becomes a change request.

What I actually read closely is the **assumptions list**. A good one tells me the supplier \
has understood our environment. A thin one tells me they haven't looked.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
Hannah, that matches my experience, and it's why the assumptions list is the part of an \
estimate I review most carefully. Some examples from a recent one:

- The client provides a test environment that mirrors production within two weeks of \
kick-off.
- Existing customer data is clean enough to migrate without manual correction.
- The client's product owner is available for at least four hours a week.
- No more than two rounds of design feedback per screen.

Each of those is a risk we've been burned by before. Writing them down turns a vague hope \
into something both sides can check.""",
            },
            {
                "author": "nadia_haddad",
                "body": """\
Slightly different problem. At my agency, the sales team often gives the client a number \
**before** I've seen the scope. Then the project lands on my desk and I'm expected to \
deliver to a price I had no part in.

How do you deal with being handed an estimate you didn't make?""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
Nadia, re-estimate it yourself, bottom-up, in the first week. Don't wait until you're \
halfway through and already over. Then go to your account director with both numbers side \
by side and a short list of options: reduce scope, phase some features, accept the margin \
hit, or talk to the client.

The key is timing. A gap raised in week one is a planning conversation. The same gap raised \
in week ten is a failure.

And put the gap on your risk register with a named owner who isn't you.""",
            },
            {
                "author": "amara_okafor",
                "body": """\
As an account director, I'm firmly on Nadia's side here. Sales pricing without delivery \
input is how agencies lose money and burn people out.

We introduced a simple rule last year: **no proposal leaves the building without a \
delivery sign-off**. It slowed some deals down by a day or two. It also cut our write-offs \
noticeably, because the number the client sees has been checked by someone who will have \
to deliver it.""",
            },
            {
                "author": "grace_thornton",
                "body": """\
An internal lesson from all of this. When we estimate internal projects, we almost never \
include project management time, testing, training, or the hours the business spends in \
workshops. Those people are "already paid for", so they don't count.

Fixed-price work forces you to count everything, because all of it costs you money. \
Internal projects would be estimated far more honestly if we had to do the same. Half the \
overruns in our portfolio are work that was always needed but never estimated.""",
            },
            {
                "author": "fiona_mcbride",
                "body": """\
Grace, yes. My favourite internal fiction is the subject matter expert who will be \
"released from BAU for two days a week". They never are. The warehouse still needs \
running. So the estimate assumes capacity that doesn't exist, and the project slips while \
everyone acts surprised.

At least with a client, if their expert isn't available it's a documented dependency and \
you can raise a change.""",
            },
            {
                "author": "tomasz_wojcik",
                "body": """\
This is already more useful than most of the training I've paid for. Summarising what \
I've heard so far:

- keep the estimate and the price separate
- use three-point ranges, and price fixed-price work at a higher confidence level
- tie contingency to named risks
- get a paid discovery where possible, or credit it against the build
- write a specific assumptions list

Which brings me to my third question. Do you show the client the breakdown, or just the \
total? I've done both and I'm not sure which caused fewer problems.""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
I show the breakdown by **deliverable**, with effort ranges, because it helps the client \
understand what they're buying and gives them levers to pull if they need to cut cost.

I never show day rates per person or a contingency line. The moment a client sees \
"contingency: 18%", the whole negotiation focuses on that number, and it's the one number \
that's protecting both of us.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
I'll respectfully disagree with Diego. We do show contingency, but we call it a **risk \
allowance** and itemise it against the named risks, for example "ERP integration \
documentation incomplete: 6 days".

Some clients push back on it, but many appreciate the honesty. On a couple of long-term \
accounts we've agreed to share any unused risk allowance at the end of the project. That \
has built a lot of trust for the next piece of work.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
As a buyer, Lucas's approach is the one I'd prefer to see. If a risk allowance is linked \
to a specific risk, I can decide whether I'd rather carry that risk myself. Sometimes we \
can fix a documentation problem on our side faster and more cheaply than the supplier can \
work around it.

Hidden contingency just makes me suspicious of the whole price.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
Lucas's way works with mature clients who have procurement teams. Small business owners, \
in my experience, see "risk allowance" and cross it out with a pen. Literally, in one case.

So I've ended up somewhere in the middle. I show the deliverables and their ranges, and \
the risk is built into the ranges rather than shown as a separate line. Not perfectly \
transparent, but it survives contact with a busy owner-manager.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
Something nobody has mentioned yet: **units**. Internally my old team estimated in story \
points, and it worked fine because we knew our velocity and nobody outside the team cared \
about the number.

For a fixed-price contract, points are almost useless. The client pays in money, the \
contract talks about dates, and points don't convert cleanly into either. I'd go straight \
to days for anything client-facing.""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
Kenji, I'd disagree a little. We estimate in points first, because it's quicker and teams \
are better at relative sizing than at absolute guessing. Then we convert using a range of \
historical velocities from similar projects, which gives us days and a spread.

The points never appear in the proposal. They're an internal tool for getting to a number \
we trust.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
That's fair, if you have the historical data. The trouble I've seen is a new client with a \
newly formed team, where nobody has a velocity yet. Then the conversion is a guess on top \
of a guess, and I'd rather the team estimated in days directly so that at least the \
assumptions are visible.""",
            },
            {
                "author": "priya_raman",
                "body": """\
Internally, we've settled on **T-shirt sizes** for portfolio approval (S, M, L and XL, \
each with a cost band), then a proper estimate once a project is funded for its first \
stage.

The rule is that nobody may treat a T-shirt size as a commitment. It's a filter for \
deciding which ideas are worth estimating properly. I suppose the fixed-price equivalent \
is your discovery phase.""",
            },
            {
                "author": "tomasz_wojcik",
                "body": """\
Another area I keep underestimating: **non-functional** work. Security testing, \
performance testing, accessibility, documentation. At the bank, other teams owned a lot of \
that. As a freelancer it all lands on me, and clients rarely list it in their \
requirements.

How do you price it?""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
In the public sector accessibility is a legal requirement, so we expect it in every bid and \
we check it at acceptance. If it isn't priced, that's a problem for both of us.

My advice: list it as a **deliverable** in its own right, with its own acceptance \
criteria, rather than something hidden inside each feature. Then it's visible, it's in the \
price, and nobody can argue later that it was "extra".""",
            },
            {
                "author": "amara_okafor",
                "body": """\
We include a quality line on every estimate: typically 15 to 20% of build effort for \
testing and QA, more for anything involving payments or personal data. Clients very \
rarely challenge it, as long as it's clearly explained.

The ones who do challenge it are usually the ones who need it most.""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
Don't forget the **warranty period**. A fixed price usually implies you'll fix defects for \
free for a while after go-live, say 30 to 90 days. That's real effort, and if it isn't in \
your estimate, it comes out of margin.

Estimate it separately, and define in the contract what counts as a defect and what counts \
as a change. Otherwise every "this isn't what we meant" becomes a warranty claim.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
Our rule of thumb for warranty is 5 to 8% of build effort for a 60-day period. It varies \
with quality, of course, but across about thirty projects that range has held up \
surprisingly well.

Tracking actual warranty effort on every project is what gave us the number. If you don't \
track it, you'll never know whether your allowance is right.""",
            },
            {
                "author": "fiona_mcbride",
                "body": """\
Internally, we have no concept of warranty at all. The project closes, the team moves on, \
and the operations team inherits whatever bugs are left. It's one of the biggest sources \
of resentment between projects and business-as-usual teams in our company.

Reading this, I think I'll start planning a warranty period on internal projects even \
though nobody is paying for it.""",
            },
            {
                "author": "grace_thornton",
                "body": """\
Fiona, we started doing exactly that two years ago. We hold back about 10% of every \
internal project budget for **hypercare**, and the project team stays on call for six \
weeks after go-live. The service desk loves it, and our post-implementation reviews are \
much less bruising.""",
            },
            {
                "author": "nadia_haddad",
                "body": """\
How do you estimate the time spent managing the client? My current client wants weekly \
demos, a fortnightly steering group, and messages answered within the hour. None of that \
is in our estimate, and it's eating my week.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
Count it, literally. Take the weekly demo: an hour of preparation, an hour of meeting, and \
four people in the room. That's about five person-hours a week before anyone has acted on \
the feedback. Over a 20-week project that's two and a half weeks of effort, for one \
meeting.

When I first did this sum for a client, I was shocked. Now I put client ceremonies in the \
estimate as a separate line, and I show the client what happens to the price if they want \
more of them.""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
Our rough benchmark: **project and client management is 12 to 18%** of total effort on \
client work, towards the top of that range for clients with lots of stakeholders or formal \
governance. For internal projects we see something more like 8 to 10%.

The difference is mostly communication overhead: more formal reporting, more meetings, \
and more care over how things are written down.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
I'd call that difference the **translation cost**. Internally, everyone shares a \
vocabulary and a context. With a client, every requirement goes through at least one \
translation, from their business language to ours and back again. Misunderstandings are \
more expensive and take longer to spot.

It also explains why the first month of a new client project always feels slower than it \
should.""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
Not strictly estimating, but closely related: **payment terms** affect what you should \
charge. If you're paid on milestones, and the last milestone is 40% of the value after \
user acceptance, you're effectively financing the client's project for months.

I add a small cost of finance to fixed-price deals with back-loaded payments. Nobody \
in-house ever has to think about cash flow on a project, but freelancers and small \
agencies certainly do.""",
            },
            {
                "author": "tomasz_wojcik",
                "body": """\
Diego, painfully relevant. My last client paid the final milestone 87 days after \
acceptance. I now ask for a deposit at kick-off and no single milestone larger than 30%. \
I lost one deal over it, and I'm fine with that.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
Back to the assumptions list for a moment. One of the most important areas is \
**client-side dependencies**: data, test users, environments and decisions. Speaking for \
my own side, I know we're often slow. If the estimate assumes we'll make a decision within \
three days and we take three weeks, the supplier needs a fair way to say so.

I'd much rather that was written down clearly at the start than discovered in an \
argument.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
Exactly. We now write: "Client decisions on design and scope questions will be provided \
within three working days. Delays beyond this may affect the timeline and will be managed \
through the change process."

It isn't aggressive. It just makes the dependency explicit, so when it happens you're \
following an agreed process rather than complaining.""",
            },
            {
                "author": "amara_okafor",
                "body": """\
A warning about Lucas's clause: it's only useful if you actually **track** it. Keep a \
decision log with the date each question was asked and the date it was answered. Without \
that evidence, you have a clause you can't enforce and a relationship you've damaged by \
mentioning it.

With the log, the conversation stays calm: "Here are the six decisions that took longer \
than three days, and here's the cumulative effect on the plan." That's a factual \
conversation, not an accusation.""",
            },
            {
                "author": "priya_raman",
                "body": """\
I would love to have that internally. Our sponsors routinely take three weeks to approve a \
design, nobody writes it down, and when the project slips it's seen as the project's \
fault.

I might steal the decision log idea outright, even without a contract behind it.""",
            },
            {
                "author": "fiona_mcbride",
                "body": """\
Priya, do it. I started a decision log on my current internal project after one \
particularly slow approval. Two months later I showed the sponsor a chart of days lost \
waiting for decisions. It came to about 15% of the elapsed time.

He wasn't defensive at all. He set up a standing Thursday slot for decisions, and the \
problem has mostly gone away.""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
There's a behavioural difference worth naming. Internally, teams tend to **pad** \
estimates, because they get punished for overruns and nobody checks the padding. On \
client work the pressure runs the other way: sales wants to **shave** estimates to win \
the deal.

So internal estimates are often too high and client estimates too low, and both are \
dishonest in opposite directions.""",
            },
            {
                "author": "grace_thornton",
                "body": """\
Arjun, that's the best summary of the problem I've read in a while. It also explains why \
internal projects sometimes finish "on budget" while delivering much less than they \
could: the padding gets quietly spent.

I think the fix is the same in both cases. Make the range visible and the assumptions \
explicit, so nobody can hide a buffer or a discount inside a single number.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
One idea that helped me was keeping three numbers separate:

- the **estimate**: what we honestly think it will take, as a range
- the **target**: what we're aiming for as a team
- the **commitment**: what we've promised the client or sponsor

Most estimation arguments I've seen are people using the same word for different \
numbers.""",
            },
            {
                "author": "tomasz_wojcik",
                "body": """\
Thank you all, this has been brilliant. My updated approach for the next bid:

1. Paid discovery, credited against the build.
2. Three-point estimates per deliverable, with explicit lines for access, integration and \
client ceremonies.
3. Contingency from the ranges, plus named risk allowances.
4. Separate lines for QA, non-functional work and warranty.
5. A specific assumptions list with client decision times, and a decision log to back it up.
6. Payment terms with a deposit and no oversized final milestone.

Still undecided on showing the risk allowance. I'll probably follow Sofia's middle path for \
small clients and Lucas's approach for larger ones.""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
Good list. I'd add one more: after every fixed-price project, run a short \
**estimate-versus-actual review** by deliverable. Not a blame exercise, just data. After \
ten projects you'll know your own biases better than any formula can tell you.""",
            },
            {
                "author": "nadia_haddad",
                "body": """\
A quick update on my problem from earlier. I took Arjun's advice and re-estimated the \
project in the first week. The gap was about 30%. My account director went to the client \
with two options, and they agreed to move two features into a second phase.

It was a much calmer conversation than I expected. Thank you.""",
            },
            {
                "author": "amara_okafor",
                "body": """\
Nadia, that's exactly how it should work, and well done for raising it early. Most new PMs \
sit on a gap like that and hope it closes by itself. It never does.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
One last technique nobody has mentioned: **reference class estimating**. Before you do the \
bottom-up estimate, look at how long similar projects actually took, yours or anyone \
else's you can get data for. If your bottom-up number is much lower than the reference \
projects, you need a very good reason why this time will be different.

Usually there isn't one.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
And keep your estimate files, with the assumptions and the exact version you sent. Six \
months into a project, when someone asks why a feature wasn't included, the original \
estimate is your best evidence of what was agreed.

I've settled more than one dispute simply by reading out an assumption we had both signed.""",
            },
        ],
    },
    # 4 ---------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "Is internal chargeback worth the admin for a shared IT delivery team?",
        "author": "hannah_lindqvist",
        "context": "internal",
        "tags": ["Budgeting", "Information Technology", "Resourcing"],
        "hours_ago": 610,
        "body": """\
Our finance team wants to introduce **internal chargeback** for the central IT delivery \
team. Each department would be billed for the project hours it uses, at a standard \
internal day rate, against its own budget.

The arguments for it are familiar:

- departments would think harder before asking for things
- we'd finally see the true cost of each project
- IT's budget would stop being a free pot that everyone raids

But I'm worried about the side effects. We already spend a surprising amount of time on \
timesheets, and I can picture departments arguing over whether a meeting was "their" \
time. I've also heard of organisations where chargeback pushed departments to outside \
suppliers to avoid the internal rate, which then left IT supporting systems it never \
built.

For those of you in organisations with chargeback: did it change behaviour the way \
finance hoped? What did the admin cost you? And is there a lighter version, such as \
showback without actual transfers, that gets most of the benefit?""",
        "replies": [
            {
                "author": "priya_raman",
                "body": """\
We run **showback** rather than true chargeback. Every department gets a quarterly \
statement of the IT project hours it consumed, valued at a standard rate, but no money \
moves.

It got us about 70% of the behaviour change for 10% of the admin. Department heads hate \
seeing a big number next to their name in the executive summary, even when it isn't \
coming out of their budget.""",
            },
            {
                "author": "grace_thornton",
                "body": """\
We had full chargeback for three years and then went back to showback. The admin wasn't \
the worst part. The worst part was that project managers started optimising for what \
could be billed rather than what the project needed. Architecture work, shared platforms \
and technical debt had no obvious "customer", so nobody wanted to pay for them and they \
stopped happening.

If you do go ahead, keep a centrally funded slice for shared work.""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
A commercial angle: once you put a price on internal work, you've invited comparison with \
external suppliers. That's healthy if your internal rate is competitive and you're happy \
to lose some work. It's painful if the rate is inflated by overheads the department can't \
see.

Make sure the rate can be explained before it's published.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
Thanks, this is very helpful. Grace's point about shared platforms is exactly what I'd \
been struggling to put into words for finance. I'll propose a year of showback first, with \
a protected budget line for platform work, and a review before anyone talks about moving \
money.""",
            },
            {
                "author": "fiona_mcbride",
                "body": """\
One practical note: if you do showback, capture time at the level of the **project**, not \
the task. Our first attempt asked people to log against tasks, and the timesheets became \
fiction within a month. At project level, people are roughly honest, and roughly honest is \
all you need for this.""",
            },
        ],
    },
    # 5 ---------------------------------------------------------------------------------------
    {
        "forum": "agile-and-delivery",
        "title": "Can you run Scrum properly when the client wants a fixed date and fixed scope?",
        "author": "arjun_kapadia",
        "context": "client",
        "tags": ["Agile", "Contracts", "Estimating"],
        "hours_ago": 75,
        "body": """\
We have a new client, a chain of furniture stores, who want a customer app for \
click-and-collect. Their procurement team insists on a **fixed price, a fixed launch date \
and a fixed feature list**. At the same time their digital lead keeps telling us how much \
they love agile and wants to attend every sprint review.

My team works in two-week sprints and they're good at it. But I'm struggling with how to \
set this up honestly. If everything is fixed, what exactly is the sprint review for? If \
the client changes their mind in sprint 4, which they will, do we raise a change request \
every time?

Options I'm considering:

- fixed price and date, but a **prioritised backlog** with an agreed swap rule (new item \
in, equal-sized item out)
- a capped time-and-materials contract with a target scope
- phased contracts: a fixed-price MVP, then a retainer for everything after

Has anyone got a contract structure that keeps both procurement and the digital lead \
happy, and still lets the team work the way it does best?""",
        "replies": [
            {
                "author": "lucas_ferreira",
                "body": """\
The swap rule works, but only if you define the **unit of exchange** before you start. We \
size every backlog item in the original scope, agree the total, and any new item has to \
displace existing items of the same size. The client gets flexibility; we keep the total \
fixed.

The hard part is getting procurement to accept a feature list that can change. We describe \
it as "fixed capacity, flexible scope, with a must-have list that can't be swapped out".""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
From the contracts side, the phased option is the safest. A fixed-price MVP with a tight \
must-have scope, then time and materials or a retainer for the rest. Procurement gets \
certainty on the first commitment, and the digital lead gets genuine flexibility \
afterwards.

What I'd avoid is a capped T&M contract with a target scope. In practice the client treats \
the target as fixed and the cap as the price, so you've taken all the risk with none of \
the margin.""",
            },
            {
                "author": "amara_okafor",
                "body": """\
Sprint reviews still have value in a fixed contract: they're where you **catch \
misunderstandings early**. Even if the scope is fixed, the interpretation isn't. Seeing \
working software every two weeks is how you discover that "store locator" meant something \
quite different to their team.

I'd sell the sprint review to procurement as a risk control, not as an agile ceremony.""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
Diego, that's a useful warning about capped T&M. I'd been leaning that way because it \
felt more agile, but you're right that the cap would become the price in their heads.

I think we'll propose the phased approach, with Lucas's swap rule inside the MVP. Amara, \
I'm stealing "risk control" for the procurement meeting.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
One thing to agree early: the **definition of done**, and how acceptance works. In a \
fixed-scope contract the client accepts deliverables, not sprints. If you don't link the \
two, you'll have a client who happily watches twelve sprint reviews and then refuses final \
acceptance because of things they never raised.

We ask for a lightweight sign-off at each review: accepted, accepted with minor fixes, or \
not accepted.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
Also check who on their side actually owns the backlog. If it's the digital lead, make \
sure procurement knows that person has authority to approve swaps. Otherwise you'll agree \
a swap in sprint 4, and in sprint 10 procurement will tell you nobody had the authority to \
agree it.""",
            },
        ],
    },
    # 6 ---------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "Our PMO wants red, amber or green for everything. How do you keep status "
        "reporting honest?",
        "author": "grace_thornton",
        "context": "internal",
        "tags": ["Reporting", "Stakeholder Management"],
        "hours_ago": 900,
        "body": """\
Our university recently centralised project reporting. Every project now submits a \
fortnightly return with a RAG status for **schedule, budget, scope, risk, resourcing and \
benefits**, plus an overall rating. The executive summary is a wall of coloured dots.

The problem is that the dots have become political. Nobody wants to be red, because red \
means being summoned to a meeting with the deputy vice-chancellor. So projects sit at \
amber for months and then jump straight to red when something finally breaks. Meanwhile a \
project that honestly reports red early gets more scrutiny than one that hides its \
problems.

I'm the portfolio manager, so I'm partly responsible for this, and I'd like to fix it \
rather than just complain. A few ideas I've had:

- define each colour precisely, with thresholds
- add a trend arrow next to each colour
- make red a request for help rather than a summons

Has anyone redesigned an internal status report successfully? What made people start \
reporting honestly?""",
        "replies": [
            {
                "author": "priya_raman",
                "body": """\
We had exactly this problem. What fixed it was changing what happened **after** red, not \
the definitions. A red project now gets a 30-minute unblocking session with the right \
senior people within a week, and the PM chooses what's discussed. Once a few projects had \
been given real help quickly, people started going red earlier.

The definitions matter much less than the consequences.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
Precise thresholds help, but make them about **tolerance**, not performance. For example:

- **Green**: forecast within agreed tolerance.
- **Amber**: forecast outside tolerance, but the project can recover it.
- **Red**: outside tolerance and needs a decision from above.

That framing makes red mean "I need a decision", which is much easier to say than "I've \
failed".""",
            },
            {
                "author": "kenji_mori",
                "body": """\
Trend arrows helped us. An amber with a downward arrow tells you far more than amber on its \
own. We also added a free-text line: "What would turn this green?" It makes people think \
about recovery, and it's often the most useful line in the whole report.""",
            },
            {
                "author": "fiona_mcbride",
                "body": """\
Cut the number of dimensions. Six colours plus an overall is a lot of dots, and people \
will game the ones nobody reads. We moved to **overall status plus the single biggest \
issue**, written in one sentence. Reports got shorter and more honest at the same time.""",
            },
            {
                "author": "grace_thornton",
                "body": """\
Thank you. I think Priya's point is the real answer: I've been tinkering with the scale \
when the problem is what happens to the people who use it. I'll propose the unblocking \
session to our executive group, along with Hannah's tolerance-based definitions, and try \
Fiona's shorter format on a few pilot projects.""",
            },
        ],
    },
    # 7 ---------------------------------------------------------------------------------------
    {
        "forum": "careers-and-certification",
        "title": "Moving from in-house project work to an agency: what surprised you most?",
        "author": "nadia_haddad",
        "context": "general",
        "tags": ["Stakeholder Management", "Resourcing"],
        "hours_ago": 1500,
        "body": """\
Six months ago I moved from an in-house marketing team at a retailer to a creative agency. \
I thought project management was project management, and I've been humbled.

Things that have surprised me so far:

- **Everything is billable**, so every hour I spend has to be justified against a client \
budget.
- I juggle **five clients at once**, each of whom assumes they're my only one.
- The relationship is owned by the account director, so I'm sometimes not in the room for \
decisions that affect my plans.
- In-house, saying "no" was awkward. Here, saying "no" can cost the agency money, but \
saying "yes" can cost even more.

On the plus side, scope is usually clearer, and people respect a change request in a way \
my old colleagues never did.

For those who've made the same move, in either direction: what surprised you? Which habits \
from in-house work helped, and which did you have to unlearn?""",
        "replies": [
            {
                "author": "tomasz_wojcik",
                "body": """\
The biggest surprise for me was how much **cash** matters. At the bank I never thought \
about when money came in. As a freelancer I think about invoices every week. It changes \
what you notice on a project: a delayed sign-off isn't just a schedule issue, it's a \
delayed payment.

A habit that helped: in-house I was used to writing everything down for audit. That turned \
out to be invaluable when clients disputed scope.""",
            },
            {
                "author": "amara_okafor",
                "body": """\
As an account director, a tip on your third point. Ask your account director for a short \
weekly sync, fifteen minutes, where they tell you what's happening in the relationship and \
you tell them what's happening in delivery.

Most account directors don't leave PMs out on purpose. They just forget how much the PM \
needs to know.""",
            },
            {
                "author": "fiona_mcbride",
                "body": """\
I'm one of those who stayed in-house, but reading this makes me envious of "people respect \
a change request". Internally, a change request can feel like an insult to the sponsor. \
There's a lot to be said for a commercial relationship that forces scope to be explicit.""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
The habit I had to unlearn when I moved agency-side was **over-serving**. In-house, being \
helpful and flexible is how you build a reputation. At an agency, unbilled help is margin \
walking out of the door, and it also trains the client to expect it.

Be generous deliberately, not by default.""",
            },
            {
                "author": "grace_thornton",
                "body": """\
I went the other way, from agency to university. The biggest surprise was how **slow \
decisions** are in-house, because nobody has a contract deadline. The second was how much \
I missed having a clear customer. Internally, "the business" is lots of people with \
different goals, and nobody is obviously in charge.""",
            },
            {
                "author": "nadia_haddad",
                "body": """\
Arjun, "generous deliberately, not by default" is going on a sticky note on my monitor.

Amara, I asked for the weekly sync and my account director said yes straight away. \
Slightly embarrassed I didn't ask sooner.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
One more surprise you'll probably hit soon: **the end of a project** feels different. \
In-house, you often stay around and see the results. Agency-side, you hand over and move \
on, and sometimes you never hear whether it worked.

I ask clients for a short catch-up three months after launch. Most are happy to give it, \
and it's often where the next piece of work comes from.""",
            },
        ],
    },
    # 8 ---------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "A client stakeholder keeps going straight to my developers. How do I stop it?",
        "author": "sofia_marchetti",
        "context": "client",
        "tags": ["Stakeholder Management", "Scope Change"],
        "hours_ago": 14,
        "body": """\
I'm running a booking system project for a small chain of physiotherapy clinics. The \
client's operations manager is enthusiastic, knowledgeable and, increasingly, a problem. \
She has the developers' contact details from a workshop and now messages them directly \
with "quick questions", which are usually new requirements.

The developers are contractors I've brought in. They're polite and keen to please, so they \
often just do what she asks. Last week I discovered that a new cancellation rule had been \
built that nobody had estimated, and that it conflicts with something the clinic owner \
asked for.

I don't want to damage my relationship with the operations manager. She's genuinely useful \
and knows the clinics better than anyone. But I can't have requirements bypassing the \
backlog.

How have you handled this without making the client feel shut out?""",
        "replies": [
            {
                "author": "amara_okafor",
                "body": """\
Give her a **better channel** rather than just closing the old one: a shared question log, \
or a fixed 20-minute slot twice a week where she can talk to the developers with you \
present.

Enthusiastic stakeholders go around you because going through you feels slow. Make the \
official route faster and she'll use it.""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
Talk to the developers first. Agree a simple rule: any client request that changes \
behaviour gets a polite "great idea, I'll add it to the list for Sofia to prioritise" and \
a note to you. Questions about existing requirements they can answer directly.

It protects them, and the operations manager still gets a quick, friendly response.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
For the cancellation rule conflict, I'd get the clinic owner and the operations manager \
in the same room with the two versions side by side. Don't frame it as her mistake. Frame \
it as "we have two requirements that conflict, and we need the decision-maker to choose".

It also quietly reminds everyone who the decision-maker is.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
Thanks. I've set up the twice-weekly slot and briefed the developers with Arjun's script. \
The operations manager actually seemed relieved: she said she'd felt bad messaging them at \
odd hours but didn't know who else to ask. The conflict meeting with the owner is on \
Thursday.""",
            },
        ],
    },
    # 9 ---------------------------------------------------------------------------------------
    {
        "forum": "careers-and-certification",
        "title": "Is a formal project management certification worth it with ten years of "
        "delivery experience?",
        "author": "kenji_mori",
        "context": "general",
        "tags": ["Agile"],
        "hours_ago": 1100,
        "body": """\
I spent ten years as a software engineer and team lead before moving into delivery \
management last year. I've run plenty of projects in practice, but I have no formal \
project management qualification.

My manager has offered to pay for one. The choice seems to be between:

- a well-known **traditional certification** with a large body of knowledge and an exam \
that takes months of study
- a shorter **agile practitioner certificate** focused on iterative delivery
- nothing, and spending the money on a good course about contracts and commercial skills \
instead

I'm sceptical of certification as a badge, but I notice that some of our client tenders \
ask for certified project managers, and I'd like to move into client-facing delivery \
eventually.

Those of you who've done one of these: did it change how you actually manage projects, or \
just how your CV looks? Which would you pick in my position?""",
        "replies": [
            {
                "author": "hannah_lindqvist",
                "body": """\
From the buyer's side: yes, our tenders often ask for certified project managers, and it's \
usually a pass/fail check rather than a scored one. So if you want to work on public \
sector bids, one of the recognised certifications is worth having simply to get through \
the gate.

Does it make people better? Not on its own. But it gives everyone a shared vocabulary, \
which helps in governance-heavy environments.""",
            },
            {
                "author": "tomasz_wojcik",
                "body": """\
I did a traditional certification after five years in the job. Honestly, about a third of \
it was new to me, and that third was valuable, particularly the material on risk and \
procurement. The rest was formalising things I already did.

If your goal is client-facing work, I'd do the traditional one. Clients recognise it.""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
For someone with your background, I'd choose the commercial course. Engineers moving into \
delivery usually have the technical and team side covered. What catches them out is \
contracts, pricing and negotiating with clients, and no certificate teaches that as well \
as a good practical course.

But if your company's tenders require a certificate, that changes the maths.""",
            },
            {
                "author": "priya_raman",
                "body": """\
In my PMO, certification is neither necessary nor sufficient, but it does help when you're \
new to the role and need credibility with senior stakeholders. A qualification gives them \
a reason to trust your process before you've had time to prove yourself.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
Thank you all. It sounds like the traditional certificate is the practical choice for \
tenders, and I'll ask my manager whether the commercial course can follow next year. \
Arjun, you're right that contracts are my blind spot. I've never had to read one closely.""",
            },
        ],
    },
    # 10 --------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "Two internal projects need the same specialists. How does your PMO arbitrate?",
        "author": "priya_raman",
        "context": "internal",
        "tags": ["Resourcing", "Stakeholder Management"],
        "hours_ago": 260,
        "body": """\
We have a recurring problem in our PMO. Two internal projects, a claims system upgrade and \
a new broker portal, both need the same three people: our only integration specialist, a \
senior data analyst, and a tester who knows the policy system inside out.

Both sponsors are directors. Both projects are "top priority". Both project managers come \
to me for a decision, and I don't have the authority to make one. What usually happens is \
that the three specialists try to split their time, switch context constantly, and both \
projects slip.

Our current process:

1. PMs request resources through a monthly resource meeting.
2. Line managers allocate based on what they hear.
3. Conflicts are "escalated", which in practice means an email thread between directors \
that goes nowhere.

I'd like to propose something better. How do other internal PMOs decide between projects \
competing for the same people? Is there a portfolio-level prioritisation that actually \
works, or is it always politics?""",
        "replies": [
            {
                "author": "grace_thornton",
                "body": """\
What worked for us was a **single ranked list** of projects, agreed by the executive group \
every quarter. Not categories like "high" and "medium", but an actual order from 1 to n. \
When two projects compete for the same person, the higher-ranked one wins by default, with \
no escalation needed.

Getting executives to rank is painful the first time. After that, it saves an enormous \
amount of time.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
Add a rule against slicing scarce specialists too thinly. For us, nobody works on more \
than two projects at once, and a specialist's time is allocated in blocks of at least two \
weeks. Context switching is a hidden cost that never shows up in the resource plan.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
Also ask why you have only one integration specialist. If the same bottleneck comes up \
every quarter, the real fix is capacity: training someone else, pairing, or bringing in a \
contractor for one of the projects. Arbitration only treats the symptom.""",
            },
            {
                "author": "fiona_mcbride",
                "body": """\
In a smaller company we do something simpler. The two sponsors meet in a room with me and \
a whiteboard, and they don't leave until they've agreed a sequence. It's remarkable how \
quickly directors agree when the alternative is both projects slipping and the whole \
leadership team knowing why.""",
            },
            {
                "author": "priya_raman",
                "body": """\
Grace, the ranked list is what I'll push for. We've been hiding behind "both are priority \
one" for far too long. Kenji, fair point on capacity: a contractor for the portal \
integration would cost less than the delay. I'll take both proposals to the next portfolio \
board.""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
An observation from someone who sells to internal teams like yours: when a client asks us \
for one integration specialist for six months, it's very often exactly this situation. \
Bringing in outside help for a defined piece of work is a legitimate answer to a \
resourcing conflict, not a failure.""",
            },
        ],
    },
    # 11 --------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "Fixed price or time and materials for a client who can't describe what they "
        "want?",
        "author": "diego_alvarado",
        "context": "client",
        "tags": ["Contracts", "Budgeting", "Risk"],
        "hours_ago": 45,
        "body": """\
We've been approached by a prospective client, a mid-sized food wholesaler, who want a new \
ordering platform for their trade customers. They have a budget, a deadline tied to a \
trade show, and very little idea of what the platform should do beyond "like the big \
online shops, but for our customers".

They want a **fixed price**, because their board has approved a fixed budget. Our \
delivery team wants **time and materials**, because the scope is essentially unknown.

I can see both sides:

| | Fixed price | Time and materials |
|---|---|---|
| Client certainty | High | Low |
| Our risk | High | Low |
| Flexibility | Low | High |
| Likely dispute | Over scope | Over spend |

My current thinking is a **fixed budget, flexible scope** model: we agree the total, \
prioritise relentlessly, and deliver as much as fits. But I've seen that model turn sour \
when the client realises late on that "as much as fits" doesn't include something they \
had assumed.

How would you structure this?""",
        "replies": [
            {
                "author": "amara_okafor",
                "body": """\
Paid discovery first, even if it's short. A client who can't describe what they want \
isn't ready for either model. Two weeks of workshops and prototypes will tell you whether \
they need an ordering platform or a better spreadsheet and a phone line.

Then propose the fixed-budget, flexible-scope build, with a clear must-have list agreed at \
the end of discovery.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
Fixed budget, flexible scope works well if you make the **cut line visible** from day one. \
We keep a ranked backlog with a line showing what fits in the budget, and update it after \
every sprint. The client watches items move above and below the line as they happen, so \
there are no late surprises.

It turns sour when the ranking is kept internal and the client only sees it at the end.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
Given the trade show deadline, I'd also ask the client what happens if the platform isn't \
ready. If the answer is "we show a prototype on the stand and launch later", that's a very \
different risk from "we lose our biggest customers". The consequence of missing the date \
should shape the contract.""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
All good points. The trade show question is a sharp one. I suspect they'd accept a \
working demo used by a handful of real customers. That would let us propose a fixed-price \
first release for the show, then flexible scope afterwards. I'll suggest a two-week paid \
discovery to confirm it.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
When you write the discovery proposal, describe its outputs very concretely: a clickable \
prototype, a prioritised feature list, an estimate for phase one, and a recommendation on \
the contract model. Clients who are vague about what they want are usually vague about \
what discovery will give them, too.""",
            },
        ],
    },
    # 12 --------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "What does a good handover to the client's in-house team look like?",
        "author": "amara_okafor",
        "context": "client",
        "tags": ["Information Technology", "Risk"],
        "hours_ago": 180,
        "body": """\
We've just finished building an online shop for a fashion retailer. Under the contract, \
their small in-house digital team takes over maintenance after a 60-day warranty. It's the \
first time we've handed a codebase to a client's own developers instead of keeping it on \
a support retainer.

I want to get the handover right, partly for the client and partly because a messy \
handover will reflect badly on us for years. So far I've planned:

- an architecture overview and a walkthrough session
- transfer of access to hosting, repositories and third-party accounts
- a runbook for deployments and common incidents
- two weeks of **shadowing**, where their developers make changes with ours alongside

What am I missing? For those who've been on either side of a handover, what went wrong \
that you wish had been covered?""",
        "replies": [
            {
                "author": "kenji_mori",
                "body": """\
From the receiving side, the thing we always lacked was the **why**. Documentation told us \
what the system did, but not why it was built that way or what had been tried and \
rejected. A short list of key design decisions, with the reasoning, stops the new team \
from "fixing" things that were deliberate.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
Make sure every account and licence is registered to the client, not to someone at your \
agency. We've inherited systems where the domain, the monitoring service or a payment \
integration was tied to a supplier employee's email address. Untangling that after the \
supplier relationship ended took months.""",
            },
            {
                "author": "tomasz_wojcik",
                "body": """\
Add a **reverse shadowing** week at the end: their developers lead, and yours only observe \
and answer questions. It's the only real test of whether the knowledge has transferred.

Also agree how questions will be handled after the shadowing period, even if the answer is \
"a few hours of paid support a month".""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
Include the **known issues and technical debt** list, honestly. Every project has one. If \
you hand it over openly, the client's team will trust everything else you tell them. If \
they discover it themselves, they'll assume you were hiding other things too.""",
            },
        ],
    },
    # 13: unanswered --------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "How do you charge for project management time on a small monthly retainer?",
        "author": "tomasz_wojcik",
        "context": "client",
        "tags": ["Budgeting", "Contracts"],
        "hours_ago": 20,
        "body": """\
I have a couple of small clients on monthly retainers: a fixed number of development days \
each month for enhancements and minor fixes. The development time is easy to account for. \
My own time is not.

Each month I spend time prioritising the backlog with the client, writing up requests, \
checking releases and sending a short report. On a ten-day retainer that's easily a day \
and a half, sometimes more when the client is in a chatty mood.

At the moment I absorb it, which makes these retainers barely profitable. Options I'm \
considering:

- a fixed **management fee** as a separate line
- deducting management time from the retainer days, so the client can see it
- building it into a higher day rate and saying nothing

I'm leaning towards the first, but I'm not sure how clients will react to a new line \
appearing on their invoice. If you run retainers, how do you handle the management \
overhead, and how did you introduce it to existing clients?""",
        "replies": [],
    },
    # 14 --------------------------------------------------------------------------------------
    {
        "forum": "agile-and-delivery",
        "title": "Our internal teams work in sprints but finance wants annual project budgets. "
        "How do you bridge that?",
        "author": "hannah_lindqvist",
        "context": "internal",
        "tags": ["Agile", "Budgeting", "Reporting"],
        "hours_ago": 420,
        "body": """\
Our health authority has moved several internal IT teams to agile ways of working. The \
teams are stable, they work in two-week sprints, and they're delivering more useful \
software than the old project teams ever did.

The trouble is the funding model. Finance still allocates money **per project, per \
year**, based on a business case with a fixed scope and a fixed benefit. The teams, \
meanwhile, change priorities every few sprints based on what users need. Every quarter I \
end up writing a report that pretends the sprint work maps neatly onto the original \
projects.

I've read about funding **teams** or **products** rather than projects, but I don't know \
how to sell that to a finance department that has to account for every krona to a \
political board.

Has anyone moved an internal funding model from projects to persistent teams? What did \
finance need from you to make it work, and what reporting replaced the old project \
budgets?""",
        "replies": [
            {
                "author": "grace_thornton",
                "body": """\
We did a partial version. Finance agreed to fund three **product teams** annually, at a \
fixed cost per team. In return we committed to quarterly outcome reviews: what did the \
team deliver, what did it change, and what's planned next.

Finance didn't actually need project budgets. They needed **predictable cost** and \
**evidence of value**. Stable teams give them the first far better than projects ever \
did.""",
            },
            {
                "author": "priya_raman",
                "body": """\
Start with one team as a pilot, and keep the old project reporting running in parallel for \
a year. It doubles your reporting for a while, but it lets finance compare the two and \
builds their confidence. Trying to switch the whole model at once is how these \
initiatives get cancelled.""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
We have a similar tension with clients who pay annual retainers. What helped was a simple \
**quarterly plan** with three or four outcomes rather than features. The team can change \
how it gets there, but the outcomes are visible and agreed. Finance people tend to like \
outcomes, as long as you can show evidence against them.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
Make sure your reporting shows **capacity allocation** as well as outcomes, for example:

| Work type | Share of capacity |
|---|---|
| New features | 60% |
| Maintenance and support | 25% |
| Technical improvement | 15% |

Boards often worry that stable teams will drift into gold-plating. A simple capacity split \
answers that before they ask.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
This is really helpful. "Predictable cost and evidence of value" is exactly the framing I \
needed. I'll propose Priya's single-team pilot, Arjun's quarterly outcomes, and Kenji's \
capacity split in the report.""",
            },
        ],
    },
    # 15 --------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "What do you actually put in a weekly status update that people will read?",
        "author": "kenji_mori",
        "context": "general",
        "tags": ["Reporting"],
        "hours_ago": 700,
        "body": """\
I'm new to delivery management and I've inherited a weekly status email for a client \
project. It's long: a table of every workstream with percentage complete, a list of open \
actions, a risk table, and a paragraph of commentary. I suspect nobody reads past the \
first screen, and I'm spending about two hours a week writing it.

I'd like to shrink it to something useful. My audience is:

- the client's project sponsor
- their product owner
- my own account manager and head of delivery

What would you include in a weekly update that busy people will actually read? And is \
there a format that works for both internal and client audiences, or do you write them \
differently?""",
        "replies": [
            {
                "author": "priya_raman",
                "body": """\
My format, for internal and external audiences alike:

1. **Overall status** in one line, with a colour if you must.
2. **What we did** this week, three bullets at most.
3. **What's next**, three bullets at most.
4. **Decisions or help needed**, with names and dates.
5. A link to the detailed risk log for anyone who wants it.

Section 4 is the only part most sponsors read carefully. Move it to the top if that's all \
they need.""",
            },
            {
                "author": "sofia_marchetti",
                "body": """\
Write it so the first three lines make sense in a phone notification. Most clients read \
status updates between meetings, on a small screen. If the important thing is in \
paragraph four, it doesn't exist.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
For client updates I'd drop percentage complete entirely. It invites arguments ("you said \
80% three weeks ago") and it's almost always wrong. Show completed deliverables and the \
next milestone date with a confidence level instead.""",
            },
            {
                "author": "grace_thornton",
                "body": """\
Different audiences, different emphasis. Internal sponsors usually care most about the \
**impact on their area**: when will my team be affected, and what do they need to do? \
Clients care more about **money and dates**. Same structure, but I lead with different \
content.""",
            },
            {
                "author": "amara_okafor",
                "body": """\
Be careful what you put in writing for clients. Internal updates can be blunt about \
supplier issues or team problems. Client updates get forwarded, sometimes to people \
you've never met. Write every client update as if their chief executive will read it.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
Thanks, everyone. I've rewritten it using Priya's structure and Sofia's notification rule. \
It's down to about 150 words and took twenty minutes. The client sponsor replied to the \
first one within an hour with the decision I'd asked for, which had never happened \
before.""",
            },
        ],
    },
    # 16 --------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "Client wants us to absorb a three-week delay caused by their own data "
        "migration. What would you do?",
        "author": "arjun_kapadia",
        "context": "client",
        "tags": ["Contracts", "Scope Change", "Risk"],
        "hours_ago": 8,
        "body": """\
We're building a loyalty app for a regional pharmacy chain. The contract is fixed price, \
with go-live in six weeks. The client's own IT team is responsible for migrating loyalty \
data from their old system into a new database that our app reads from.

Their migration is now **three weeks late**. We can't complete end-to-end testing without \
real data, so our go-live is at risk too. The client's project manager has asked us to \
"find a way to absorb it" and hit the original date, because the launch is tied to a \
marketing campaign.

Our contract lists data migration as a client responsibility, and it's in the \
assumptions. So contractually we're covered. But we've worked with this client for four \
years, and I don't want to win the argument and lose the account.

Options I can see:

- invoke the change process and move the date
- test with synthetic data and go live with a risk the client formally accepts
- add people at our own cost to compress the testing window

What would you do?""",
        "replies": [
            {
                "author": "diego_alvarado",
                "body": """\
Start by putting the facts in writing, politely: the dependency, the date it was due, the \
date it's now expected, and the impact. Not as a threat, just as a record. Then offer \
options with their costs. The client can't make a good decision without knowing what each \
option costs.

Whatever you choose, make sure the file shows it was a choice, not something you quietly \
absorbed.""",
            },
            {
                "author": "hannah_lindqvist",
                "body": """\
As a client-side programme manager, I'd be grateful for the synthetic data option, **if** \
the supplier was clear about the risk I was accepting. Write down exactly what won't have \
been tested with real data, and get the client's sponsor to sign that they accept it.

Then plan a proper test cycle with real data as soon as it lands, even if that's after \
launch.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
Don't offer to add people at your own cost as the first option. It sets a precedent for \
the rest of a four-year relationship. If you do decide to invest to protect the account, \
say so explicitly: "we're absorbing X days as a goodwill gesture on this occasion".

A gesture that isn't named becomes an expectation.""",
            },
            {
                "author": "amara_okafor",
                "body": """\
Talk to their marketing team, or ask the client PM to. Campaign dates are often more \
flexible than project teams assume, or the campaign can launch in stages. We once moved a \
launch by ten days simply because someone asked the marketing manager, who said "that's \
fine, the printing isn't until then anyway".""",
            },
            {
                "author": "arjun_kapadia",
                "body": """\
Very helpful, thank you. I'll send a written summary of the dependency today and offer \
two options: a one-week date move with full testing, or go-live on time with synthetic \
data, a signed risk acceptance and a real-data test cycle the following week. I'll also \
ask the client PM to check with marketing before we assume the date can't move.""",
            },
        ],
    },
    # 17 --------------------------------------------------------------------------------------
    {
        "forum": "agile-and-delivery",
        "title": "Do you run internal and client projects in the same planning tool?",
        "author": "sofia_marchetti",
        "context": "general",
        "tags": ["Information Technology", "Reporting"],
        "hours_ago": 1900,
        "body": """\
I work for several small clients, and I also run a couple of projects for my own \
business, such as rebuilding my website and setting up a proper invoicing process. At the \
moment I use:

- a **ticketing tool** for client backlogs, usually the client's own instance
- a **spreadsheet** for my resource plan across clients
- a **kanban board** app for my internal projects

It works, just about, but I spend time every week copying things between them. I'm \
tempted to pull everything into one planning tool, but I'm wary: clients often insist on \
using their own systems, and I don't want to maintain two copies of their backlog.

How do you handle tools across internal and client work? Is one tool for everything \
realistic, or is it better to accept a mix and keep one master view for yourself?""",
        "replies": [
            {
                "author": "arjun_kapadia",
                "body": """\
At our agency we accept the mix. Client backlogs live wherever the client wants them. What \
we centralise is the **resource plan** and the **milestones**: one view across all \
projects showing who's working on what and what's due when. That's the only thing we need \
to see in one place.""",
            },
            {
                "author": "fiona_mcbride",
                "body": """\
Internally we tried "one tool for everything" and ended up with a tool nobody liked, \
because it had been configured to please everyone. I'd keep the tools separate and make \
the master view as simple as possible. A spreadsheet is fine if it's the only place you \
plan people.""",
            },
            {
                "author": "tomasz_wojcik",
                "body": """\
Same situation as you, Sofia. My rule is that I **never copy tasks**, only milestones and \
capacity. The detailed backlog stays in the client's tool. My own view has one line per \
client per week with the days I've committed. It takes ten minutes on a Monday morning.""",
            },
            {
                "author": "kenji_mori",
                "body": """\
Whatever you pick, make sure you can see your own capacity honestly. When you work across \
several clients, the danger isn't losing a task; it's promising the same Tuesday to three \
different people.""",
            },
        ],
    },
    # 18 --------------------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "How do you keep a risk register alive on an internal IT rollout?",
        "author": "grace_thornton",
        "context": "internal",
        "tags": ["Risk", "Information Technology"],
        "hours_ago": 1250,
        "body": """\
We're rolling out a new student records system across the university over eighteen \
months. At the start, the project team spent a full day building a risk register: about \
sixty risks, each with a probability, impact, owner and mitigation.

Four months in, the register is dead. It's updated once a month, the night before the \
steering group, by the project manager alone. The owners don't look at it. Half the risks \
are no longer relevant, and the issues that have actually hurt us (a key analyst \
resigning, a late data extract from the old system) were either missing or buried at \
number 43.

I don't want to throw the register away, because our audit team will ask for it. But I'd \
like it to be **useful**. How do you keep a risk register alive on a long internal \
project, where there's no client holding you to account?""",
        "replies": [
            {
                "author": "hannah_lindqvist",
                "body": """\
Sixty is too many to manage. We keep the **top ten** under active review and everything \
else on a watch list that's scanned monthly. The steering group only ever sees the top \
ten, with any movement since the last meeting.""",
            },
            {
                "author": "priya_raman",
                "body": """\
Make risk a **standing item** at the weekly team meeting, ten minutes, rather than a \
monthly document exercise. Ask one question: "What's changed that could hurt us?" New \
risks come from the team, not from the register. Then update the register from the \
conversation, not the other way round.""",
            },
            {
                "author": "diego_alvarado",
                "body": """\
An interesting contrast with client work: on a fixed-price project, the risk register \
directly affects our margin, so it stays alive on its own. Internally, try attaching a \
**cost** to the top risks. What would it cost in days or money if this happened? It makes \
the register feel much less like paperwork.""",
            },
            {
                "author": "lucas_ferreira",
                "body": """\
Your two real issues, the resignation and the data extract, were both **dependencies on \
people or other teams**. In my experience those are the risks most often missing from \
registers, because they feel personal or political to write down. It's worth adding an \
explicit category for them.""",
            },
            {
                "author": "grace_thornton",
                "body": """\
All good advice. I'm going to cut the register to a top ten plus a watch list, move the \
review into the weekly team meeting and, as Lucas suggests, add a dependency category. \
The resignation risk was on everyone's mind and nobody wanted to write it down. That says \
a lot.""",
            },
        ],
    },
    # 19: unanswered --------------------------------------------------------------------------
    {
        "forum": "project-management",
        "title": "Has anyone tracked estimate accuracy across internal and client projects "
        "over several years?",
        "author": "priya_raman",
        "context": "general",
        "tags": ["Estimating", "Reporting"],
        "hours_ago": 6,
        "body": """\
After reading the long estimating discussion on this forum, I went back through our PMO's \
records. We have original estimates and actual effort for about ninety internal projects \
over five years. On average our internal projects came in **23% over** the original \
estimate, with a very wide spread: some doubled, a few finished well under.

I'd love to compare this with client-facing work, but I've only ever worked in-house, so I \
have no equivalent data. A few questions for anyone who tracks this:

- What's your typical variance between estimate and actual on client projects?
- Do you measure against the **first** estimate, or the estimate after discovery?
- Has tracking it changed how you estimate?

@lucas_ferreira, I believe you keep every estimate you have ever written: do you compare \
them with the actuals?

My hunch, based on the earlier thread, is that client projects have a smaller average \
overrun but more painful outliers. I'd be interested to know whether anyone has numbers \
that support or contradict that.""",
        "replies": [],
    },
]
