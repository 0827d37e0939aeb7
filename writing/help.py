"""The examples and limits the formatting help page explains (templates/writing/...)."""

from django.utils.translation import gettext_lazy as _

from forum.forms import BODY_MAX
from forum.markup import MAX_LINKS, MAX_NESTING, MAX_TABLE_CELLS

# (what it shows, what a member types); the page prints each rendered as a post would be.
EXAMPLES = [
    (_("Paragraphs"), _("The kick-off is on Monday.\n\nA blank line starts a new paragraph.")),
    (_("Bold, italic, struck out"), _("**Fixed price**, *time and materials*, ~~cost plus~~")),
    (_("Links"), _("[The risk register](https://example.com/risks) or just https://example.com")),
    (_("Bulleted list"), _("- Scope\n- Budget\n- Timeline")),
    (_("Numbered list"), _("1. Draft the charter\n2. Agree it with the sponsor\n3. Start")),
    (_("Quote"), _("> Plans are useless, but planning is indispensable.")),
    (_("Code in a sentence"), _("Export it with `report --weekly`.")),
    (_("Code block"), _("```\nstatus: amber\nowner: delivery lead\n```")),
    (_("Table"), _("| Phase | Days |\n|---|---|\n| Discovery | 5 |\n| Build | 20 |")),
    (_("Heading"), _("### Lessons learned")),
    (_("Image"), _("![Gantt chart of phase 2](https://example.com/gantt.png)")),
]

LIMITS = {
    "characters": BODY_MAX,
    "nesting": MAX_NESTING,
    "table_cells": MAX_TABLE_CELLS,
    "links": MAX_LINKS,
}
