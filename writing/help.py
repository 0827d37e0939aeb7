"""The examples and limits the formatting help page explains (templates/writing/...)."""

from django.utils.translation import gettext_noop

from forum.forms import BODY_MAX
from forum.markup import MAX_LINKS, MAX_NESTING, MAX_TABLE_CELLS

# (what it shows, what a member types); the page prints each rendered as a post would be,
# translated into the reader's language (writing/views.py).
EXAMPLES = [
    (
        gettext_noop("Paragraphs"),
        gettext_noop("The kick-off is on Monday.\n\nA blank line starts a new paragraph."),
    ),
    (
        gettext_noop("Bold, italic, struck out"),
        gettext_noop("**Fixed price**, *time and materials*, ~~cost plus~~"),
    ),
    (
        gettext_noop("Links"),
        gettext_noop("[The risk register](https://example.com/risks) or just https://example.com"),
    ),
    (gettext_noop("Bulleted list"), gettext_noop("- Scope\n- Budget\n- Timeline")),
    (
        gettext_noop("Numbered list"),
        gettext_noop("1. Draft the charter\n2. Agree it with the sponsor\n3. Start"),
    ),
    (gettext_noop("Quote"), gettext_noop("> Plans are useless, but planning is indispensable.")),
    (gettext_noop("Code in a sentence"), gettext_noop("Export it with `report --weekly`.")),
    (gettext_noop("Code block"), gettext_noop("```\nstatus: amber\nowner: delivery lead\n```")),
    (
        gettext_noop("Table"),
        gettext_noop("| Phase | Days |\n|---|---|\n| Discovery | 5 |\n| Build | 20 |"),
    ),
    (gettext_noop("Heading"), gettext_noop("### Lessons learned")),
    (
        gettext_noop("Image"),
        gettext_noop("![Gantt chart of phase 2](https://example.com/gantt.png)"),
    ),
]

LIMITS = {
    "characters": BODY_MAX,
    "nesting": MAX_NESTING,
    "table_cells": MAX_TABLE_CELLS,
    "links": MAX_LINKS,
}
