"""Snippets and titles with the matched words marked, made safe to print.

The database returns plain text (from the Markdown source, so it may hold anything a member
typed, markup included) with START and STOP around the matched words. Everything is escaped;
then only our own markers become <mark> and </mark>, always balanced, whatever stray marker
characters the text itself contained.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Private-use characters: no text a member types reaches the index with these meaning
# anything, and the query reader drops them from what is searched for.
START = "\ue000"
STOP = "\ue001"
_MARKERS = re.compile(f"([{START}{STOP}])")
# Markdown's bold and code marks read as noise in a one-line snippet.
_MARKDOWN_NOISE = re.compile(r"\*\*|`+")


def marked(text: str | None, *, markdown: bool = False) -> SafeString:
    """Escaped text with the database's markers turned into <mark> elements.

    With `markdown`, the text is a piece of a post's source: its bold and code marks go.
    """
    text = " ".join((text or "").split())
    if markdown:
        text = _MARKDOWN_NOISE.sub("", text)
    out: list[str] = []
    open_mark = False
    for piece in _MARKERS.split(text):
        if piece == START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == STOP:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        elif piece:
            out.append(escape(piece))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text above is escaped)
