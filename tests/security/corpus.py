"""The hostile-input corpus and the checks that say whether HTML could run anything.

Shared by the security tests and the browser tests: tests for new pages should feed
HOSTILE_INPUTS through their fields and assert `page_problems(html) == []`.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

CORPUS_FILE = Path(__file__).with_name("hostile_inputs.txt")


def load_hostile_inputs(path: Path = CORPUS_FILE) -> list[str]:
    inputs = []
    for line in path.read_text(encoding="ascii").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        inputs.append(codecs.decode(line, "unicode_escape"))
    return inputs


HOSTILE_INPUTS = load_hostile_inputs()

# What rendered Markdown may contain. Written out here rather than imported from
# forum.markup, so that a change to the allow-list there has to be made here too.
FRAGMENT_TAGS = frozenset(
    {
        "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "img",
    }
)  # fmt: skip
FRAGMENT_ATTRIBUTES = {
    "a": {"href", "title", "rel", "class"},
    "code": {"class"},
    "ol": {"start"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
}
# The classes a post's links may carry: an image's link to its original, a mention.
A_CLASSES = frozenset({"post-image", "mention"})
# The only images a post may show: those uploaded to the site, at its own address.
FRAGMENT_IMAGE_SOURCE = re.compile(r"^/media/post-images/[A-Za-z0-9_-]+\.(?:png|jpg|webp)$")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Attributes whose value a browser may load or navigate to.
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
        "codebase", "cite", "srcset", "ping", "lowsrc", "dynsrc", "manifest", "icon",
    }
)  # fmt: skip
# Elements that have no business on a forum page, whoever wrote them.
FORBIDDEN_PAGE_TAGS = frozenset(
    {
        "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "math",
        "template", "noscript", "xmp", "plaintext", "noembed", "noframes", "isindex",
    }
)  # fmt: skip

# Browsers ignore ASCII whitespace and C0 controls around a URL and tab/newline inside it;
# the invisible Unicode formatting characters are removed too, to err on the strict side.
_IGNORED_IN_URL = re.compile(
    "[\x00-\x20\x7f-\x9f\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]"
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an (already entity-decoded) attribute value."""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", value).lower())
    return match.group(1) if match else None


def is_dangerous_url(value: str) -> bool:
    scheme = url_scheme(value)
    return scheme is not None and scheme not in SAFE_SCHEMES


class _Inspector(HTMLParser):
    """Collects every reason the parsed HTML could run code or load something foreign."""

    def __init__(self, *, fragment: bool) -> None:
        # convert_charrefs: attribute values and text arrive entity-decoded, as a browser sees them
        super().__init__(convert_charrefs=True)
        self.fragment = fragment
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]!r}")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has event handler {name}={value[:40]!r}")
            if name in URL_ATTRIBUTES and is_dangerous_url(value):
                self.problems.append(f"<{tag}> {name} has a dangerous URL {value[:60]!r}")
            if name in {"style", "srcdoc"}:
                self.problems.append(f"<{tag}> has a {name} attribute")
        if self.fragment:
            if tag not in FRAGMENT_TAGS:
                self.problems.append(f"<{tag}> is not an allowed tag")
            extra = set(values) - FRAGMENT_ATTRIBUTES.get(tag, set())
            if extra:
                self.problems.append(f"<{tag}> has attributes {sorted(extra)}")
            source = values.get("src")
            if tag == "img" and source is not None and not FRAGMENT_IMAGE_SOURCE.match(source):
                self.problems.append(f"<img> from elsewhere: {source[:60]!r}")
            if tag == "a" and values.get("class", "post-image") not in A_CLASSES:
                self.problems.append(f"<a> has class {values['class'][:40]!r}")
            return
        if tag in FORBIDDEN_PAGE_TAGS:
            self.problems.append(f"<{tag}> element on the page")
        if tag == "script" and not values.get("src", "").startswith("/static/"):
            self.problems.append(f"<script> not loaded from /static/: {values!r}")
        if tag == "meta" and "http-equiv" in values:
            self.problems.append(f"<meta http-equiv={values['http-equiv']!r}>")


def fragment_problems(html: str) -> list[str]:
    """Problems in rendered Markdown: only allowed tags, attributes and URL schemes."""
    inspector = _Inspector(fragment=True)
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def page_problems(html: str) -> list[str]:
    """Problems in a whole page: no event handlers, no dangerous URLs, no foreign scripts."""
    inspector = _Inspector(fragment=False)
    inspector.feed(html)
    inspector.close()
    return inspector.problems
