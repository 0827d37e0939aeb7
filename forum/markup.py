"""Markdown to safe HTML. The one place that knows how user text becomes markup.

Posts are rendered once, when saved, and pages print the stored HTML. Raw HTML in the
source is shown as text; the allow-list below is the second line of defence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

import bleach
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
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
        "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "img",
    }
)  # fmt: skip
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Limits on convoluted text (see markdown_problem; bench/markdown_render.py has the timings).
MAX_NESTING = 20  # quotes and lists inside one another
MAX_TABLE_CELLS = 2_000  # all the tables of one text together
MAX_BRACKET_RUN = 50  # "[[[[..." or "]]]]..."
MAX_OPENING_BRACKETS = 1_000  # each "[" may start a link, and unclosed ones cost the most
MAX_LINKS = 500
_BRACKET_RUN = re.compile(rf"\[{{{MAX_BRACKET_RUN + 1},}}|\]{{{MAX_BRACKET_RUN + 1},}}")
_DASH_RUN = re.compile(r"-+")
_DELIMITER_ROW = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CONTAINER_OPEN = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open"})
_CONTAINER_CLOSE = frozenset({"blockquote_close", "bullet_list_close", "ordered_list_close"})
_EMPHASIS_OPEN = frozenset({"em_open", "strong_open", "s_open"})
_EMPHASIS_CLOSE = frozenset({"em_close", "strong_close", "s_close"})
_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+-]{1,30}$")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        return (
            name in {"href", "title"}
            or (name == "rel" and value == LINK_REL)
            or (name == "class" and value in (MENTION_CLASS, SITE_IMAGE_LINK_CLASS))
        )
    if tag == "img":
        return _allowed_image_attribute(name, value)
    if tag == "code":
        return name == "class" and bool(_LANGUAGE_CLASS.match(value))
    if tag == "ol":
        return name == "start" and value.isdigit()
    return False


# Images. The site's own uploads (forum/images.py) are shown inline, at the size stored with
# them, inside a link to the full-size file; any other image stays a link, so that no reader's
# browser fetches from a third party. Which sources are the site's own, and their sizes, is
# looked up once per text before rendering (`_SITE_IMAGES` in the renderer's env).
SITE_IMAGE_LINK_CLASS = "post-image"
NO_DESCRIPTION = _("Image without a description")
_SITE_IMAGES = "site_images"
_IN_LINK = "in_link"
# Where the site serves post images (config/urls.py): the only images a post may show.
SITE_IMAGE_SOURCE = re.compile(r"^/media/post-images/[A-Za-z0-9_-]{1,64}\.(?:png|jpg|webp)$")
_IMAGE_FIXED = {"loading": "lazy", "decoding": "async"}


def _allowed_image_attribute(name: str, value: str) -> bool:
    if name == "src":
        return bool(SITE_IMAGE_SOURCE.match(value))
    if name in {"width", "height"}:
        return value.isdigit()
    return name == "alt" or _IMAGE_FIXED.get(name) == value


def _image(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    text = self.renderInlineAsText(token.children or [], options, env)
    shown = env.get(_SITE_IMAGES, {}).get(src)
    if shown is None:
        label = escapeHtml(text or src)
        # Stored rendered: in the language of the member who wrote it.
        label = gettext("Image: %(description)s") % {"description": label}
        return f'<a href="{escapeHtml(src)}" rel="{LINK_REL}">{label}</a>'
    width, height, href = shown.width, shown.height, escapeHtml(shown.url)
    image = (
        f'<img src="{href}" alt="{escapeHtml(text.strip() or NO_DESCRIPTION)}" '
        f'width="{width}" height="{height}" loading="lazy" decoding="async">'
    )
    if token.meta.get(_IN_LINK):
        return image  # already inside the member's own link
    # Stored rendered: in the language of the member who wrote it.
    open_label = gettext("Open the full-size image (%(width)s by %(height)s pixels)") % {
        "width": width,
        "height": height,
    }
    return (
        f'<a class="{SITE_IMAGE_LINK_CLASS}" href="{href}" '
        f'title="{escapeHtml(open_label)}">{image}</a>'
    )


def _inline_images(tokens: list[Token]) -> list[str]:
    """The sources of the images the text shows, in order; images inside a link are marked
    so that they are not wrapped in a second one."""
    sources = []
    for token in tokens:
        link_depth = 0
        for child in token.children or ():
            if child.type == "link_open":
                link_depth += 1
            elif child.type == "link_close":
                link_depth -= 1
            elif child.type == "image":
                child.meta[_IN_LINK] = link_depth > 0
                sources.append(str(child.attrGet("src") or ""))
    return sources


def _site_image_sizes(sources: list[str]) -> dict:
    # Imported here: forum.images reads the stored images and itself renders with this module.
    from forum.images import site_image_sizes

    return site_image_sizes(sources)


def _shift_headings_and_mark_links(state) -> None:
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(6, int(token.tag[1]) + HEADING_SHIFT)
            token.tag = f"h{level}"
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("rel", LINK_REL)


def _build_parser(*, tables: bool = True) -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        # The parser drops what lies deeper than maxNesting levels. A list costs two levels and
        # a quote one, so text that markdown_problem accepts is never cut off.
        {"html": False, "linkify": True, "typographer": False, "maxNesting": 2 * MAX_NESTING + 2},
    )
    md.enable(["strikethrough", "linkify", *(["table"] if tables else [])])
    md.core.ruler.push("shift_headings_and_mark_links", _shift_headings_and_mark_links)
    md.add_render_rule("image", _image)
    return md


_parser = _build_parser()
# For text whose tables would expand into more cells than MAX_TABLE_CELLS: pipes stay text.
_parser_without_tables = _build_parser(tables=False)
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def render_markdown(text: str, *, mention_links: MentionLinks | None = None) -> str:
    """Render Markdown source to sanitised HTML that is safe to print unescaped.

    Any text is accepted. Forms refuse pathological text first (markdown_problem); text that
    reaches here anyway cannot make the output explode: oversized tables render as plain text.
    With `mention_links`, each `@username` it knows becomes a link (see "Mentions" below).
    """
    text = text or ""
    parser = _parser_for(text)
    env: dict = {}
    tokens = parser.parse(text, env)
    if mention_links is not None:
        _link_mentions(tokens, mention_links)
    sources = _inline_images(tokens)
    if sources:
        env[_SITE_IMAGES] = _site_image_sizes(sources)
    return _cleaner.clean(parser.renderer.render(tokens, parser.options, env)).strip()


def image_sources(text: str) -> list[str]:
    """The source of every image the text shows (not those inside code), in order."""
    return _inline_images(_parser_for(text or "").parse(text or ""))


def _parser_for(text: str) -> MarkdownIt:
    return _parser if _table_cells(text) <= MAX_TABLE_CELLS else _parser_without_tables


# Tables and code blocks keep their width and scroll sideways inside their own box when the
# screen is narrower. A box that scrolls must be reachable by keyboard and say what it is, so
# each one is a named tab stop from the start (static/js/scroll-regions.js takes the stop away
# again from the boxes that fit). A wrapper, because a table keeps its own role.
def _scroll_box(tag: str, name: str) -> str:
    return f'<{tag} class="scroll-box" role="group" tabindex="0" aria-label="{escape(name)}">'


def with_scroll_boxes(html: str) -> str:
    """Sanitised post HTML (render_markdown's output) as pages print it: each table and code
    block a keyboard-reachable box that scrolls sideways.

    Done when a page prints the post, not stored, so posts saved before it get it too. The
    sanitiser leaves no attribute on <table> or <pre> and escapes any such text a member
    wrote, so these tags are only ever the real elements.
    """
    if "<table>" in html:
        box = _scroll_box("div", gettext("Table, scrolls sideways"))
        html = html.replace("<table>", box + "<table>").replace("</table>", "</table></div>")
    if "<pre>" in html:
        html = html.replace("<pre>", _scroll_box("pre", gettext("Code, scrolls sideways")))
    return html


def markdown_problem(text: str) -> str | None:
    """Why this Markdown is too convoluted to accept, in words for its author; else None.

    Cheap checks run first, so text built to be slow is turned away before it is parsed.
    """
    text = text or ""
    bracket_run = _BRACKET_RUN.search(text)
    if bracket_run:
        return gettext(
            "The text has %(count)s square brackets in a row. Please use at most %(limit)s."
        ) % {"count": len(bracket_run.group()), "limit": MAX_BRACKET_RUN}
    brackets = text.count("[")
    if brackets > MAX_OPENING_BRACKETS:
        return gettext(
            "The text has %(count)s opening square brackets. Please use at most %(limit)s."
        ) % {"count": f"{brackets:,}", "limit": f"{MAX_OPENING_BRACKETS:,}"}
    cells = _table_cells(text)
    if cells > MAX_TABLE_CELLS:
        return gettext(
            "The tables in this text would have %(count)s cells; the limit is %(limit)s. "
            "Please shorten them or split the table into smaller ones."
        ) % {"count": f"{cells:,}", "limit": f"{MAX_TABLE_CELLS:,}"}
    block_depth, inline_depth, links = _depths_and_links(_parser.parse(text))
    if block_depth > MAX_NESTING:
        return gettext(
            "Quotes and lists are nested more than %(limit)s levels deep. Please flatten them."
        ) % {"limit": MAX_NESTING}
    if inline_depth > MAX_NESTING:
        return gettext(
            "Bold, italic and strike-through are nested more than %(limit)s levels deep. "
            "Please simplify the * and _ marks."
        ) % {"limit": MAX_NESTING}
    if links > MAX_LINKS:
        return gettext("The text has %(count)s links. Please keep it to at most %(limit)s.") % {
            "count": f"{links:,}",
            "limit": MAX_LINKS,
        }
    return None


def _depths_and_links(tokens: list[Token]) -> tuple[int, int, int]:
    """Deepest nesting of quotes and lists, deepest nesting of emphasis, number of links."""
    depth = deepest = inline_deepest = links = 0
    for token in tokens:
        if token.type in _CONTAINER_OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in _CONTAINER_CLOSE:
            depth -= 1
        inline_depth = 0
        for child in token.children or ():
            if child.type == "link_open":
                links += 1
            elif child.type in _EMPHASIS_OPEN:
                inline_depth += 1
                inline_deepest = max(inline_deepest, inline_depth)
            elif child.type in _EMPHASIS_CLOSE:
                inline_depth -= 1
    return deepest, inline_deepest, links


def _table_cells(text: str) -> int:
    """An upper bound on the cells the table rule would make: for each delimiter row
    (`|---|:-:|`), its columns times the lines from the header to the next blank line."""
    if "|" not in text or "-" not in text:
        return 0
    lines = text.splitlines()
    cells = 0
    index = 1
    while index < len(lines):
        line = lines[index]
        if "|" in line and _DELIMITER_ROW.match(line):
            columns = len(_DASH_RUN.findall(line))
            rows = 1  # the header row above the delimiter row
            index += 1
            while index < len(lines) and lines[index].strip(" \t>"):
                rows += 1
                index += 1
            cells += columns * rows
        index += 1
    return cells


# Mentions. "@username" in a post's text (not in code, and not inside a link) names a member.
# A username is 3 to 30 ASCII letters, digits and ". _ -", starting and ending with a letter or
# digit (accounts/validators.py); the @ must not follow a letter, digit or "@./-", so e-mail
# addresses and paths are not mentions, and the name must not run on into more name characters.
MENTION = re.compile(
    r"(?<![\w@./-])@([A-Za-z0-9](?:[A-Za-z0-9._-]{0,28}[A-Za-z0-9])?)(?![\w-]|\.[A-Za-z0-9])"
)
MENTION_CLASS = "mention"
# Different names looked up in one text: one query; the rest stay plain text.
MENTION_LOOKUP_MAX = 500

# Given the names mentioned (in lower case, as usernames are stored), the address of the page
# of each one that is a member; names left out stay text.
MentionLinks = Callable[[Collection[str]], Mapping[str, str]]


def _mention_texts(tokens: list[Token]) -> Iterator[tuple[Token, Token, bool]]:
    """Each text token where a mention can stand, with its inline parent and whether it is
    inside a quote. Code spans and blocks are other token types; links are skipped whole."""
    quote_depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        link_depth = 0
        for child in token.children or ():
            if child.type == "link_open":
                link_depth += 1
            elif child.type == "link_close":
                link_depth -= 1
            elif child.type == "text" and link_depth == 0 and "@" in child.content:
                yield token, child, quote_depth > 0


def mention_names(text: str, *, outside_quotes: bool = False) -> list[str]:
    """The names mentioned in Markdown `text`, in lower case, each once, in order of first
    appearance; with `outside_quotes`, only those written outside quotes (a quote repeats
    someone else's words, so its mentions are not the author's)."""
    texts = _mention_texts(_parser.parse(text or ""))
    return _names_in(child for _, child, quoted in texts if not (quoted and outside_quotes))


def _names_in(children: Iterable[Token]) -> list[str]:
    names: dict[str, None] = {}  # keeps the order of first appearance
    for child in children:
        names.update((match.group(1).lower(), None) for match in MENTION.finditer(child.content))
    return list(names)


def _link_mentions(tokens: list[Token], mention_links: MentionLinks) -> None:
    found = [(parent, child) for parent, child, _ in _mention_texts(tokens)]
    names = _names_in(child for _, child in found)
    if not names:
        return
    links = mention_links(names[:MENTION_LOOKUP_MAX])
    if not links:
        return
    for parent, child in found:
        pieces = _mention_pieces(child.content, links)
        if pieces is not None:
            at = parent.children.index(child)
            parent.children[at : at + 1] = pieces


def _mention_pieces(content: str, links: Mapping[str, str]) -> list[Token] | None:
    """The text split into text and mention links, or None when it names no known member."""
    pieces: list[Token] = []
    start = 0
    for match in MENTION.finditer(content):
        href = links.get(match.group(1).lower())
        if href is None:
            continue
        if match.start() > start:
            pieces.append(_text_token(content[start : match.start()]))
        link = Token("link_open", "a", 1)
        link.attrs = {"href": href, "class": MENTION_CLASS}
        pieces += [link, _text_token(match.group()), Token("link_close", "a", -1)]
        start = match.end()
    if not pieces:
        return None
    if start < len(content):
        pieces.append(_text_token(content[start:]))
    return pieces


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
