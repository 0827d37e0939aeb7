"""What a member typed into the search box, read into words, phrases, exclusions and "or".

The same reading serves both databases, so a query means the same on each:

- words: every one must appear (in any form: "estimates" finds "estimating");
- "a quoted phrase": those words, next to each other, in that order;
- -word or -"a phrase": leave out posts that have it;
- `or` between terms: either side will do. As in PostgreSQL's websearch_to_tsquery, `or`
  splits the query into alternatives: `fixed price or retainer` is (fixed AND price) OR
  retainer.

Only runs of letters and digits (with inner apostrophes, dots and hyphens, as in "don't",
"1.5" and "e-mail") become terms. Everything else (operators, brackets, `%`, quotes left
open, SQL) is a separator: it never reaches the database as syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_PHRASE_WORDS = 8

_CHUNK = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"?|(?P<bare>[^\s"]+)')
_WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")


@dataclass(frozen=True)
class Term:
    """One word, or several that must appear together as a phrase."""

    words: tuple[str, ...]

    def websearch(self) -> str:
        # A lone "or" in quotes is a word to look for, not the operator.
        if len(self.words) == 1 and self.words[0] != "or":
            return self.words[0]
        return '"' + " ".join(self.words) + '"'

    def fts5(self) -> str:
        # Inside double quotes FTS5 reads no operators; the words hold no quote to escape.
        return '"' + " ".join(self.words) + '"'


@dataclass(frozen=True)
class Alternative:
    """Terms that must all appear, and terms that must not."""

    include: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()

    def websearch(self) -> str:
        parts = [t.websearch() for t in self.include] + ["-" + t.websearch() for t in self.exclude]
        return " ".join(parts)

    def fts5(self) -> str:
        match = " AND ".join(t.fts5() for t in self.include)
        if self.exclude:
            match = f"({match}) NOT ({' OR '.join(t.fts5() for t in self.exclude)})"
        return f"({match})"


@dataclass(frozen=True)
class SearchText:
    text: str  # what the member typed, tidied and capped: for showing back, never for SQL
    alternatives: tuple[Alternative, ...]
    shortened: bool = False

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: no text, or nothing but exclusions and punctuation."""
        return not self.alternatives

    def websearch(self) -> str:
        """For PostgreSQL's websearch_to_tsquery."""
        return " or ".join(a.websearch() for a in self.alternatives)

    def fts5(self) -> str:
        """For an SQLite FTS5 MATCH."""
        return " OR ".join(a.fts5() for a in self.alternatives)


def _printable(text: str) -> str:
    """The text without control or formatting characters, whitespace collapsed."""
    kept = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    return " ".join(kept.split())


def _term(text: str) -> Term | None:
    words = tuple(w.lower() for w in _WORD.findall(text))[:MAX_PHRASE_WORDS]
    return Term(words) if words else None


def parse_query(raw: str) -> SearchText:
    """Read a search box's text. Never fails: the worst input is an empty search."""
    tidy = _printable(raw or "")
    shortened = len(tidy) > MAX_QUERY_LENGTH
    text = tidy[:MAX_QUERY_LENGTH].rstrip()

    alternatives: list[Alternative] = []
    include: list[Term] = []
    exclude: list[Term] = []
    terms = 0

    def close() -> None:
        nonlocal include, exclude
        if include:  # an alternative of exclusions alone would match nearly everything
            alternatives.append(Alternative(tuple(include), tuple(exclude)))
        include, exclude = [], []

    for chunk in _CHUNK.finditer(text):
        if terms >= MAX_TERMS:
            break
        bare = chunk.group("bare")
        if bare is not None and bare.lower() == "or":
            close()
            continue
        if bare is not None:
            negated = bare.startswith("-")
            term = _term(bare[1:] if negated else bare)
        else:
            negated = bool(chunk.group("neg"))
            term = _term(chunk.group("phrase"))
        if term is None:
            continue
        (exclude if negated else include).append(term)
        terms += 1
    close()
    return SearchText(text=text, alternatives=tuple(alternatives), shortened=shortened)


# Words too common to say what a question is about, left out when looking for similar titles.
STOP_WORDS = frozenset((
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "anyone", "are", "as", "at",
    "be", "been", "best", "but", "by", "can", "could", "did", "do", "does", "doing", "for",
    "from", "get", "good", "got", "had", "has", "have", "having", "he", "help", "her", "him",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "most", "my",
    "need", "no", "not", "of", "on", "or", "our", "out", "should", "so", "some", "someone",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "too", "up", "us", "very", "was", "way", "ways", "we", "were", "what", "when",
    "where", "which", "while", "who", "why", "will", "with", "would", "you", "your",
))  # fmt: skip


def title_words(title: str, *, limit: int = 10) -> list[str]:
    """The telling words of a question title, for finding similar questions."""
    seen: list[str] = []
    for word in _WORD.findall(_printable(title or "")[:MAX_QUERY_LENGTH].lower()):
        for part in re.split(r"['\u2019.\-]", word):
            if len(part) > 2 and part not in STOP_WORDS and part not in seen:
                seen.append(part)
    return seen[:limit]
