"""Plain-text excerpts of posts, made from the rendered HTML rather than the Markdown source.

Every place that shows a piece of a post without its formatting (member pages, search results,
e-mails, meta descriptions, the accepted-answer summary) goes through `post_text` or
`excerpt`, so none of them shows "**bold**", "[a link](...)" or "> quoted" marks. Quotes of
other posts are left out: an excerpt should show what this author said. A post that is only a
quote keeps it, rather than showing nothing.
"""

from __future__ import annotations

from html.parser import HTMLParser

# Elements whose start or end separates words: without a space, "<p>one</p><p>two</p>" would
# read as "onetwo".
_BLOCKS = "blockquote br dd div dl dt h1 h2 h3 h4 h5 h6 hr li ol p pre table td th tr ul"
_BREAKS = frozenset(_BLOCKS.split(" "))
_UNSPOKEN = frozenset({"script", "style", "template"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.own: list[str] = []
        self.quoted: list[str] = []
        self._quote_depth = 0
        self._unspoken_depth = 0

    def _add(self, text: str) -> None:
        (self.quoted if self._quote_depth else self.own).append(text)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _UNSPOKEN:
            self._unspoken_depth += 1
        if tag in _BREAKS:
            self._add(" ")
        if tag == "blockquote":
            self._quote_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote" and self._quote_depth:
            self._quote_depth -= 1
        if tag in _UNSPOKEN and self._unspoken_depth:
            self._unspoken_depth -= 1
        if tag in _BREAKS:
            self._add(" ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BREAKS:
            self._add(" ")

    def handle_data(self, data: str) -> None:
        if not self._unspoken_depth:
            self._add(data)


def _squeezed(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def post_text(body_html: str) -> str:
    """The words of a rendered post on one line, without the quotes of other posts."""
    collector = _TextCollector()
    collector.feed(body_html or "")
    collector.close()
    return _squeezed(collector.own) or _squeezed(collector.quoted)


def shortened(text: str, length: int) -> str:
    """`text` cut at a word boundary to at most `length` characters, with an ellipsis."""
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def excerpt(body_html: str, length: int = 200) -> str:
    """The opening of a rendered post as plain text (still to be escaped where printed)."""
    return shortened(post_text(body_html), length)
