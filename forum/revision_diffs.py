"""What each revision of a post changed: words added and removed, title and tags.

The history page shows every revision against the one before it. The text compared is the
Markdown source, first by lines and sentences, then word by word inside the ones that changed,
so the work follows the size of the change rather than of the post. Both steps let difflib set
aside what recurs very often in long texts ("autojunk"), which keeps the worst text a post can
hold to a fraction of a second (bench/diffs.py); a changed stretch of more than WORDS_MAX words
and spaces is shown as removed whole and added whole. Long unchanged stretches are cut down to
their ends. Pieces are plain text; the template escapes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from django.http import Http404

from forum.models import Post, PostRevision
from forum.pagination import PageLinks, page_links

Kind = Literal["same", "inserted", "deleted", "gap"]

REVISIONS_PER_PAGE = 20
# Words and spaces on either side of one changed stretch compared word by word; a post holds
# at most 20,000 characters, so only text of one- and two-letter words goes past it.
WORDS_MAX = 8_000
# Characters of unchanged text kept on each side of a change; more is left out, marked.
CONTEXT_CHARS = 160
_WORDS = re.compile(r"\s+|[^\s]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])(?= )")


@dataclass(frozen=True)
class Piece:
    kind: Kind
    text: str = ""


@dataclass(frozen=True)
class RevisionChange:
    """A revision and what it changed from the one before (None: nothing before it)."""

    revision: PostRevision
    is_original: bool
    title: list[Piece] | None = None  # only when the title changed
    tags: list[Piece] | None = None  # only when the tags changed and both were recorded
    body: list[Piece] | None = None  # only when the text changed


def history_page(post: Post, number: int) -> tuple[list[RevisionChange], PageLinks]:
    """Page `number` of the post's revisions, newest first, each with what it changed."""
    start = (number - 1) * REVISIONS_PER_PAGE
    # One revision more than the page holds: the one the page's oldest is compared with.
    rows = list(
        post.revisions.select_related("author").order_by("-created_at", "-pk")[
            start : start + REVISIONS_PER_PAGE + 1
        ]
    )
    if number > 1 and not rows:
        raise Http404("No such page.")
    older = rows.pop() if len(rows) > REVISIONS_PER_PAGE else None
    total = start + len(rows) if older is None else post.revisions.count()
    pages = -(-total // REVISIONS_PER_PAGE)
    return revision_changes(rows, older=older), page_links(number, pages)


def revision_changes(
    revisions: list[PostRevision], *, older: PostRevision | None
) -> list[RevisionChange]:
    """Revisions newest first, each with its changes from the next older one; `older` is the
    revision just before the oldest of them (None when that one is the original)."""
    if not revisions:
        return []
    previous = [*revisions[1:], older]
    return [_change(revision, before) for revision, before in zip(revisions, previous, strict=True)]


def _change(revision: PostRevision, previous: PostRevision | None) -> RevisionChange:
    if previous is None:
        return RevisionChange(revision, is_original=True)
    tags_recorded = bool(previous.tags and revision.tags)
    return RevisionChange(
        revision,
        is_original=False,
        title=_words_diff(previous.title, revision.title)
        if previous.title != revision.title
        else None,
        tags=tags_diff(previous.tags, revision.tags)
        if tags_recorded and previous.tags != revision.tags
        else None,
        body=text_diff(previous.body, revision.body) if previous.body != revision.body else None,
    )


def text_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`: unchanged, deleted, inserted, and gaps where
    long unchanged text is left out."""
    # Browsers send line breaks as CRLF, seeded and imported text has LF: not a change.
    old, new = _one_newline(old), _one_newline(new)
    old_units, new_units = _sentences(old), _sentences(new)
    pieces: list[Piece] = []
    # Sentences that recur very often (blank lines) are not used to anchor matches (difflib's
    # "autojunk"), which keeps this first comparison fast whatever the text.
    matcher = SequenceMatcher(None, old_units, new_units)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_units[i1:i2]), "".join(new_units[j1:j2])
        if operation == "equal":
            pieces.append(Piece("same", before))
        else:
            pieces += _words_diff(before, after)
    return _shortened(_joined(pieces))


def _one_newline(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sentences(text: str) -> list[str]:
    """The text in lines, and long lines (a Markdown paragraph is often one) in sentences;
    joined again they are the text."""
    return [
        sentence
        for line in text.splitlines(keepends=True)
        for sentence in _SENTENCE_END.split(line)
    ]


def _words_diff(old: str, new: str) -> list[Piece]:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    if max(len(old_words), len(new_words)) > WORDS_MAX:
        return _replaced(old, new)
    # Spaces never anchor a match, so that "a b" to "c d" reads as one change, not two.
    matcher = SequenceMatcher(str.isspace, old_words, new_words)
    pieces: list[Piece] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if operation == "equal" or (before + after).isspace():
            pieces.append(Piece("same", after))  # spacing changed, no word did
            continue
        pieces += _replaced(before, after)
    return _joined(pieces)


def _replaced(before: str, after: str) -> list[Piece]:
    """`before` deleted and `after` inserted, but for the spacing both start or end with,
    which stays unchanged text (a line break at the end of a changed line is not a change)."""
    lead = _shared_space(before, after)
    trail = min(_shared_space(before[::-1], after[::-1]), len(before) - lead, len(after) - lead)
    return [
        Piece("same", after[:lead]),
        Piece("deleted", before[lead : len(before) - trail]),
        Piece("inserted", after[lead : len(after) - trail]),
        Piece("same", after[len(after) - trail :]),
    ]


def _shared_space(one: str, other: str) -> int:
    """How many spacing characters both texts start with, the same ones."""
    shared = 0
    for mine, theirs in zip(one, other, strict=False):
        if mine != theirs or not mine.isspace():
            break
        shared += 1
    return shared


def tags_diff(old: str, new: str) -> list[Piece]:
    """Tag lists ("A, B") as pieces, one a tag: kept and added in the new order, then removed.
    Names compare regardless of case, as tags are found."""
    old_names, new_names = _tag_names(old), _tag_names(new)
    old_keys, new_keys = {n.lower() for n in old_names}, {n.lower() for n in new_names}
    kept_or_added = [
        Piece("same" if name.lower() in old_keys else "inserted", name) for name in new_names
    ]
    removed = [Piece("deleted", name) for name in old_names if name.lower() not in new_keys]
    return kept_or_added + removed


def _tag_names(line: str) -> list[str]:
    return [name.strip() for name in line.split(",") if name.strip()]


def _joined(pieces: list[Piece]) -> list[Piece]:
    """Empty pieces dropped, unchanged neighbours made one, and a change interrupted only by
    spaces made one change: deleted text first, then inserted, as a reader compares them."""
    joined: list[Piece] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            joined.append(Piece("deleted", "".join(deleted)))
        if inserted:
            joined.append(Piece("inserted", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, piece in enumerate(pieces):
        if not piece.text:
            continue
        if piece.kind == "deleted":
            deleted.append(piece.text)
        elif piece.kind == "inserted":
            inserted.append(piece.text)
        elif (deleted or inserted) and piece.text.isspace() and _change_follows(pieces, index):
            deleted.append(piece.text)
            inserted.append(piece.text)
        else:
            flush()
            if joined and joined[-1].kind == "same" == piece.kind:
                joined[-1] = Piece("same", joined[-1].text + piece.text)
            else:
                joined.append(piece)
    flush()
    return joined


def _change_follows(pieces: list[Piece], index: int) -> bool:
    return any(piece.kind != "same" for piece in pieces[index + 1 : index + 2] if piece.text)


def _shortened(pieces: list[Piece]) -> list[Piece]:
    """Long unchanged stretches cut to CONTEXT_CHARS on each side of a change, at a space."""
    shortened: list[Piece] = []
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        keep_head = CONTEXT_CHARS if index > 0 else 0
        keep_tail = CONTEXT_CHARS if index < last else 0
        if piece.kind != "same" or len(piece.text) <= keep_head + keep_tail + CONTEXT_CHARS:
            shortened.append(piece)
            continue
        head = _cut_after(piece.text, keep_head)
        tail = _cut_before(piece.text, len(piece.text) - keep_tail)
        shortened += [Piece("same", head), Piece("gap"), Piece("same", tail)]
    return [piece for piece in shortened if piece.kind == "gap" or piece.text]


def _cut_after(text: str, length: int) -> str:
    """The first `length` characters, ending at the last space within them if there is one."""
    if length == 0:
        return ""
    cut = text.rfind(" ", 0, length)
    return text[: cut + 1 if cut > 0 else length]


def _cut_before(text: str, start: int) -> str:
    """The text from `start` on, beginning after the first space from there if there is one."""
    if start >= len(text):
        return ""
    cut = text.find(" ", start)
    return text[cut + 1 if 0 <= cut < len(text) - 1 else start :]
