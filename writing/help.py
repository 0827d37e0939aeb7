"""The examples and limits the formatting help page explains (templates/writing/...)."""

from forum.forms import BODY_MAX
from forum.markup import MAX_LINKS, MAX_NESTING, MAX_TABLE_CELLS

# (what it shows, what a member types); the page prints each rendered as a post would be.
EXAMPLES = [
    ("Paragraphs", "The kick-off is on Monday.\n\nA blank line starts a new paragraph."),
    ("Bold, italic, struck out", "**Fixed price**, *time and materials*, ~~cost plus~~"),
    ("Links", "[The risk register](https://example.com/risks) or just https://example.com"),
    ("Bulleted list", "- Scope\n- Budget\n- Timeline"),
    ("Numbered list", "1. Draft the charter\n2. Agree it with the sponsor\n3. Start"),
    ("Quote", "> Plans are useless, but planning is indispensable."),
    ("Code in a sentence", "Export it with `report --weekly`."),
    ("Code block", "```\nstatus: amber\nowner: delivery lead\n```"),
    ("Table", "| Phase | Days |\n|---|---|\n| Discovery | 5 |\n| Build | 20 |"),
    ("Heading", "### Lessons learned"),
    ("Image", "![Gantt chart of phase 2](https://example.com/gantt.png)"),
]

LIMITS = {
    "characters": BODY_MAX,
    "nesting": MAX_NESTING,
    "table_cells": MAX_TABLE_CELLS,
    "links": MAX_LINKS,
}
