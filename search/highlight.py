"""Snippets and titles with the matched words marked, made safe to print.

The database returns text with START and STOP around the matched words. Everything is escaped;
then only our own markers become <mark> and </mark>, always balanced, whatever stray marker
characters the text itself contained.

A post's snippet is not the database's own: that one is cut from the Markdown source and would
show "**", "[text](url)" and quote marks. The database says which words matched (its stemming
knows that "estimates" answers "estimate"); the snippet is then cut from the post's plain text
(forum/excerpts.py) around the first of those words, and they are marked there.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.excerpts import shortened

# Private-use characters: no text a member types reaches the index with these meaning
# anything, and the query reader drops them from what is searched for.
START = "\ue000"
STOP = "\ue001"
_MARKERS = re.compile(f"([{START}{STOP}])")
_MARKED_WORD = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
SNIPPET_LENGTH = 240
# How much text a snippet keeps before its first matched word.
_LEAD = SNIPPET_LENGTH // 4


def marked(text: str | None) -> SafeString:
    """Escaped text with the database's markers turned into <mark> elements."""
    text = " ".join((text or "").split())
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


def matched_words(database_snippet: str | None) -> set[str]:
    """The words the database marked in its snippet, as they were written."""
    found = set()
    for marked_text in _MARKED_WORD.findall(database_snippet or ""):
        found.update(re.findall(r"\w+", marked_text))
    return found


def marked_snippet(text: str, database_snippet: str | None) -> SafeString:
    """A window of a post's plain text around the first matched word, matches marked."""
    text = _MARKERS.sub("", text)
    words = matched_words(database_snippet)
    pattern = None
    if words:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        pattern = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
    first = pattern.search(text) if pattern else None
    start = 0
    if first is not None and first.start() > _LEAD:
        start = text.rfind(" ", 0, first.start() - _LEAD) + 1
    window = shortened(text[start:], SNIPPET_LENGTH)
    if pattern is not None:
        window = pattern.sub(lambda match: f"{START}{match[0]}{STOP}", window)
    return marked(("… " if start else "") + window)
