"""The confidentiality guard: what in a post looks like something a client or employer would
not want public, found before it is posted.

It looks for e-mail addresses, phone numbers, postal addresses, contract and purchase-order
numbers, amounts of money next to a name, words that mark a text as confidential, and the
names on the member's own private watch list (accounts.WatchList). It only warns: the member
chooses to edit or to post anyway, and nothing about a check is stored or logged.

Every pattern is bounded (fixed-width look-arounds, bounded repeats, starts anchored at word
edges), so a check costs time in proportion to the text, never more: a pasted 100 KB document
is checked in a fraction of a second (tests/forum/test_confidentiality.py times it). Each
pattern is tuned against the false alarms a project manager's writing is full of: version
numbers, years and date ranges, times, percentages, budgets in ordinary sentences, links.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from accounts.models import WatchList

# What each finding is called on the page, after "Line 3:".
EMAIL = "an e-mail address"
PHONE = "a phone number"
ADDRESS = "a postal address"
CONTRACT = "a contract or purchase-order number"
MONEY = "an amount of money next to a name"
MARKER = "a word that marks something as confidential"
WATCHED = "a name on your watch list"

# A page lists this many findings; a pasted document could hold hundreds.
MAX_SHOWN = 20
# A finding quotes at most this much of the text.
QUOTE_MAX = 80


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str  # the words found, as the member wrote them
    where: str  # "the title" or "line 3"
    start: int  # offset in its field, for ordering

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, "where": self.where}


@dataclass(frozen=True)
class Report:
    """What a check found, the first MAX_SHOWN of it to show."""

    shown: tuple[Finding, ...] = ()
    total: int = 0

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def more(self) -> int:
        return self.total - len(self.shown)

    def as_dict(self) -> dict:
        return {"findings": [f.as_dict() for f in self.shown], "more": self.more}


# --- Patterns -----------------------------------------------------------------------------

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]{1,2000}", re.IGNORECASE)

_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}(?![\w-])"
)

# Digits in groups with one separator between them: "+44 20 7946 0958", "(020) 7946-0958",
# "555.123.4567". Which of these are phone numbers is decided by _is_phone.
_PHONE_GROUPED = re.compile(
    r"(?<![\w+.,/:-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,5}(?:[ .-]\d{1,5}){0,5}"
    r"(?![.,/:-]?\w)"
)
# A number written without spaces: only with an international or a trunk prefix.
_PHONE_UNBROKEN = re.compile(r"(?<![\w+.,/:-])(?:\+\d{9,14}|0\d{9,12})(?![.,/:-]?\w)")
_NORTH_AMERICAN = re.compile(r"\(?\d{3}\)?([ .-]?)\d{3}([ .-])\d{4}")

_STREET_WORDS = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|"
    "Square|Sq|Terrace|Close|Crescent|Parkway|Pkwy|Highway|Hwy|Row|Gardens|Mews|Wharf|Quay|"
    "Strasse|Straße|Platz|Weg|Gasse"
)
# "221B Baker Street", "1600 Pennsylvania Ave": a number, one to three capitalised words and a
# street word.
_STREET = re.compile(
    r"(?<![\w.,-])\d{1,5}[A-Za-z]?,?[ \t]{1,3}(?:[A-Z][\w'\u2019-]{0,30}[ \t]{1,3}){1,3}"
    rf"(?:{_STREET_WORDS})\.?(?![\w-])"
)
_UK_POSTCODE = re.compile(r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])")
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_US_ZIP = re.compile(rf"(?<![\w-])(?:{_US_STATES})[ \t]\d{{5}}(?:-\d{{4}})?(?![\w-])")
_PO_BOX = re.compile(r"(?<![\w-])P\.?[ \t]?O\.?[ \t]{1,3}Box[ \t]{1,3}\d{1,6}(?![\w-])", re.I)

# A document's number after the word that names it: "PO 4500012345", "contract no. C-1187",
# "SOW-2023-044", "invoice #8812". _is_contract_number decides on the number itself.
_CONTRACT = re.compile(
    r"(?<![\w-])(?P<keyword>purchase[ \t]order|P\.?[ \t]?O\.?|contract|agreement|SOW|MSA|"
    r"invoice|tender|RFP|RFQ|order)"
    r"(?P<label>[ \t]{0,3}(?:number|no\.|nr\.?|num\.?|ref(?:erence)?\.?|id)?[ \t]{0,3}[:#-]?"
    r"[ \t]{0,3})"
    r"(?P<number>[A-Za-z0-9][A-Za-z0-9/_-]{1,29})(?![\w-])",
    re.IGNORECASE,
)
_CURRENCY_CODES = "USD|EUR|GBP|CHF|AUD|CAD|NZD|INR|JPY|SEK|NOK|DKK|PLN|ZAR|SGD|HKD"
_MULTIPLIER = r"(?:[ \t]?(?:k|m|bn|mn|million|billion|thousand)(?!\w))?"
# "1,200,000", "1.2", "1 200 000" (spaces between thousands, as much of Europe writes them).
_AMOUNT = r"\d[\d,.]{0,15}(?:[ \u00a0]\d{3}){0,4}"
_MONEY = re.compile(
    rf"(?:[£$€¥₹]|(?<!\w)(?:{_CURRENCY_CODES})[ \t]?){_AMOUNT}{_MULTIPLIER}"
    rf"|(?<![\w.,]){_AMOUNT}{_MULTIPLIER}[ \t]?(?:{_CURRENCY_CODES}|pounds|dollars|"
    r"euros|rupees|yen|francs)(?!\w)"
)
# A sentence ends at these; an amount and a name count as together only within one sentence.
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_WORD = re.compile(r"[^\W\d_][\w&'\u2019-]{0,40}")
# How far from an amount a name may be: this many words on either side, within this many
# characters.
MONEY_NEIGHBOURS = 4
MONEY_REACH = 120
_LEADERS = " \t-*+#>0123456789.)\"'\u201c\u2018("
# Capitalised words that are not the name of a client or an employer: the calendar, the
# trade's abbreviations, the methods and tools every project manager names, and words that
# are capitalised at the start of a sentence or in a heading.
_NOT_NAME_WORDS = """
    i i'm i've i'd i'll mr mrs ms dr prof monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december pm pmo pmp pmi pmbok prince it hr ceo cfo cto coo cio vp kpi kpis roi sla slas
    mvp api apis uk us usa eu uae un ok tbd fte ftes ai qa ux ui saas erp crm sow msa rfp rfq
    rfi nda ip t&m capex opex bau wip tco npv irr asap eta eod fyi gbp usd eur chf aud cad inr
    jpy agile scrum kanban waterfall lean safe gantt rag excel jira confluence slack zoom
    teams the a an and but or so if then this that these those our we they its my your their
    he she you there here what how why who which when where with without by from to as at on
    in for of also only just over under about around roughly nearly almost some most all
    both one two three half each every last next first total budget cost costs price fee
    fees rate day days week weeks month months year years phase sprint project plus
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())

_MARKERS = re.compile(
    r"(?<![\w-])(?:confidential(?:ity)?|NDAs?|non-disclosure(?:[ \t]agreements?)?|"
    r"under[ \t]embargo|embargoed|internal[ \t](?:use[ \t])?only|not[ \t]for[ \t](?:public[ \t])?"
    r"distribution|do[ \t]not[ \t](?:share|forward|distribute)|trade[ \t]secrets?|"
    r"commercially[ \t]sensitive|strictly[ \t]private)(?![\w-])",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d(?:[-/](?:\d\d|(?:19|20)\d\d))?")
_SIZE = re.compile(r"\d+(?:\.\d+)?(?:k|m|bn|mn)", re.IGNORECASE)


# --- Deciding on what the patterns matched ------------------------------------------------


def _is_phone(found: re.Match) -> bool:
    number = found[0]
    digits = sum(char.isdigit() for char in number)
    if not 9 <= digits <= 15:
        return False
    if number.startswith(("+", "(", "0")):
        return True
    # Otherwise only the North American shape (555-123-4567): years in a row, sums with spaces
    # between the thousands and addresses split in fours are not phone numbers.
    return bool(_NORTH_AMERICAN.fullmatch(number))


def _is_contract_number(found: re.Match) -> bool:
    number, label = found["number"], found["label"]
    digits = sum(char.isdigit() for char in number)
    if digits == 0 or _YEAR_RANGE.fullmatch(number) or _SIZE.fullmatch(number):
        return False  # "contract 2024-25", "contract 100k": a year or a size, not a number
    if not label and not number[0].isdigit():
        return False  # "potato12" starts with "po"; "PO4500123" is a number
    labelled = bool(label.strip())  # "no.", "#", "number", "-", ":" ...
    if found["keyword"].lower() == "order" and not labelled:
        return False  # "order 50000 units" counts things; "order no. 50000" names one
    if labelled:
        return len(number) >= 3
    letters = any(char.isalpha() for char in number)
    # "PO 4500012345", "SOW 2023-044", "contract C1187"; not "contract 2" or "SOW v2".
    return len(number) >= 4 and (digits >= 5 or (letters and digits >= 2) or "-" in number)


def _is_name(word: str, *, opens_sentence: bool, title_case: bool) -> bool:
    if len(word) < 2 or not word[0].isupper() or any(char.isdigit() for char in word):
        return False
    bare = word.removesuffix("'s").removesuffix("\u2019s")
    if bare.lower() in _NOT_NAMES:
        return False
    if opens_sentence or title_case:
        # Capitalised whatever it is, the first word of a sentence (or any word of a heading
        # in Title Case) counts only when no ordinary word looks like it: Globex's, IBM, PayPal.
        return bare != word or any(char.isupper() for char in bare[1:])
    return True


def _name_near(text: str, start: int, end: int) -> str | None:
    """A name among the few words on either side of text[start:end], in the same sentence."""
    window_start = max(0, start - MONEY_REACH)
    before = text[window_start:start]
    breaks = list(_SENTENCE_END.finditer(before))
    opens_at = breaks[-1].end() if breaks else (0 if window_start == 0 else None)
    words_before = list(_WORD.finditer(before, breaks[-1].end() if breaks else 0))
    if opens_at is None and words_before and words_before[0].start() == 0:
        words_before = words_before[1:]  # perhaps a word cut in two by the window
    after = text[end : end + MONEY_REACH]
    stop = _SENTENCE_END.search(after)
    words_after = list(_WORD.finditer(after[: stop.start()] if stop else after))

    # (word, whether it opens its sentence), nearest first on each side.
    near = []
    for found in words_before[-MONEY_NEIGHBOURS:]:
        lead = before[opens_at : found.start()] if opens_at is not None else "-"
        # After a list marker, a heading's hashes or a quote mark, a word still opens it.
        near.append((found[0], opens_at is not None and not lead.strip(_LEADERS)))
    near += [(found[0], False) for found in words_after[:MONEY_NEIGHBOURS]]
    words = [found[0] for found in words_before + words_after]
    capitalised = sum(word[0].isupper() for word in words)
    title_case = len(words) >= 3 and capitalised * 10 >= len(words) * 6
    for word, opens in near:
        if _is_name(word, opens_sentence=opens, title_case=title_case):
            return word
    return None


# --- Checking -----------------------------------------------------------------------------

# Matches of one pattern looked at in one text: enough for any real post, and a bound on the
# work a pasted document full of numbers can cause.
MAX_MATCHES = 2000


def _matches(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    return islice(pattern.finditer(text), MAX_MATCHES)


def _pattern_findings(text: str) -> Iterator[tuple[str, int, int, str]]:
    """(kind, start, end, words quoted) for what the patterns find in one text."""
    checks = [(_PHONE_GROUPED, PHONE, _is_phone), (_PHONE_UNBROKEN, PHONE, _is_phone)]
    if "@" in text:
        checks.append((_EMAIL, EMAIL, None))
    checks += [(pattern, ADDRESS, None) for pattern in (_STREET, _UK_POSTCODE, _US_ZIP, _PO_BOX)]
    checks += [(_CONTRACT, CONTRACT, _is_contract_number), (_MARKERS, MARKER, None)]
    for pattern, kind, keep in checks:
        for found in _matches(pattern, text):
            if keep is None or keep(found):
                yield kind, found.start(), found.end(), found[0]
    for found in _matches(_MONEY, text):
        amount = found[0].rstrip(".,")  # the full stop ends the sentence, not the amount
        end = found.start() + len(amount)
        name = _name_near(text, found.start(), end)
        if name:
            yield MONEY, found.start(), end, f"{amount.strip()} (near “{name}”)"


def _watched_findings(text: str, names: Sequence[str]) -> Iterator[tuple[str, int, int, str]]:
    """Each watched name standing as whole words, in any case, with any spacing between its
    words. The text is case-folded once, and the names that share a first word are one
    pattern (longest first) with a literal start, which the regex engine finds at
    string-search speed: 200 names cost little more than one."""
    if not names:
        return
    probe = folded = text.casefold()
    flags = 0
    if len(folded) != len(text):  # a few letters fold to two ("ß"): offsets would not match
        folded, flags = text, re.IGNORECASE
    by_first_word: dict[str, list[str]] = {}
    for name in names:
        words = name.casefold().split()
        if words[0] in probe:  # one fast scan rules out most names
            spaced = r"\s{1,5}".join(re.escape(word) for word in words)
            by_first_word.setdefault(words[0], []).append(spaced)
    for alternatives in by_first_word.values():
        either = "|".join(sorted(alternatives, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{either})(?!\w)", flags)
        for found in _matches(pattern, folded):
            start, end = found.span()
            yield WATCHED, start, end, text[start:end]


class _Links:
    """The links in a text, to tell whether a finding lies inside one."""

    def __init__(self, text: str) -> None:
        self.spans = [(found.start(), found.end()) for found in _matches(_URL, text)]
        self.starts = [start for start, _ in self.spans]

    def contain(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and end <= self.spans[index][1]


def check_text(text: str, *, watched: Sequence[str] = (), where: str = "") -> list[Finding]:
    """Every finding in one text, in the order they appear. `where` names the field when it is
    not the body ("the title"); in the body each finding is placed by its line."""
    links = _Links(text)
    found = [
        item
        for item in _pattern_findings(text)
        # A link is an address to share; what it spells is not a detail of anyone's work.
        if not links.contain(item[1], item[2])
    ]
    found += _watched_findings(text, watched)
    found.sort(key=lambda item: (item[1], -item[2]))
    newlines = [match.start() for match in re.finditer("\n", text)]
    furthest: dict[str, int] = {}
    results = []
    for kind, start, end, words in found:
        # One finding per place and kind: a postcode inside an address already found.
        if end <= furthest.get(kind, -1):
            continue
        furthest[kind] = end
        quote = " ".join(words.split())
        if len(quote) > QUOTE_MAX:
            quote = quote[: QUOTE_MAX - 1] + "…"
        line = bisect.bisect_right(newlines, start) + 1
        results.append(Finding(kind=kind, text=quote, where=where or f"line {line}", start=start))
    return results


def check(fields: Iterable[tuple[str, str]], *, watched: Sequence[str] = ()) -> Report:
    """Check a post's fields, given as (where, text) pairs: ("the title", title) and
    ("", body), whose findings are placed by line."""
    findings: list[Finding] = []
    for where, text in fields:
        if text:
            findings += check_text(text, watched=watched, where=where)
    return Report(shown=tuple(findings[:MAX_SHOWN]), total=len(findings))


def watched_names(user) -> list[str]:
    """The member's private watch list, read on the server for their own check only."""
    names = WatchList.objects.filter(user_id=user.pk).values_list("names", flat=True).first()
    return [name for name in (names or "").splitlines() if name.strip()]


def check_post(user, *, body: str, title: str = "") -> Report:
    """The check of a post (a question's title too) as its author is about to send it."""
    return check([("the title", title), ("", body)], watched=watched_names(user))
