"""Markdown to safe HTML. The one place that knows how user text becomes markup.

Posts are rendered once, when saved, and pages print the stored HTML. Raw HTML in the
source is shown as text; the allow-list below is the second line of defence.
"""

from __future__ import annotations

import re

import bleach
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

LINK_REL = "nofollow ugc noopener"
# Post headings sit below the page's own h1 (thread title) and h2 (section headings).
HEADING_SHIFT = 2

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+-]{1,30}$")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        return name in {"href", "title"} or (name == "rel" and value == LINK_REL)
    if tag == "code":
        return name == "class" and bool(_LANGUAGE_CLASS.match(value))
    if tag == "ol":
        return name == "start" and value.isdigit()
    return False


def _image_as_link(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Show images as links so no reader's browser fetches from a third party."""
    token = tokens[idx]
    src = escapeHtml(str(token.attrGet("src") or ""))
    label = escapeHtml(self.renderInlineAsText(token.children or [], options, env) or src)
    return f'<a href="{src}" rel="{LINK_REL}">Image: {label}</a>'


def _shift_headings_and_mark_links(state) -> None:
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(6, int(token.tag[1]) + HEADING_SHIFT)
            token.tag = f"h{level}"
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("rel", LINK_REL)


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    md.core.ruler.push("shift_headings_and_mark_links", _shift_headings_and_mark_links)
    md.add_render_rule("image", _image_as_link)
    return md


_parser = _build_parser()
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def render_markdown(text: str) -> str:
    """Render Markdown source to sanitised HTML that is safe to print unescaped."""
    return _cleaner.clean(_parser.render(text or "")).strip()
