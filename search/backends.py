"""Reads from the search index: one query per search, whichever database holds the forum.

PostgreSQL: the GIN index finds the posts whose tsvector matches websearch_to_tsquery(q);
ts_rank orders them; ts_headline cuts the snippets. To keep a search's cost bounded when a
query matches a large part of the forum, only the newest SEARCH_RANK_LIMIT matches (1,000 by
default) are ranked: below that number every match is ranked. The newest matches come either
from the GIN index (rare words) or from walking the index's primary key backwards (common
words): the planner picks whichever is cheaper for the words searched, planning each search
afresh (_planned_for_these_words).

SQLite: an FTS5 table answers the same query, rebuilt in FTS5's syntax, ranked with bm25()
among the same newest SEARCH_RANK_LIMIT matches, and cut with snippet().

The index holds only posts that may be shown (search/indexing.py keeps it so). Threads'
visibility and the filters are read from forum_thread while matching; posts' visibility is
checked again for the page shown. So nothing hidden is shown even if the index has not caught
up with a change; its counts may then be off by the posts not yet dropped.

Similar questions: titles alone, in search_threadsearch (PostgreSQL) or the FTS5 title column.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connection, transaction

from forum.experience import SIDE_COUNT_FIELDS
from forum.facts import FACT_NAMES, FactRow
from forum.models import Thread
from search.highlight import START, STOP
from search.query import SearchText

CONFIG = "english"
# bm25() weights of the FTS5 columns (title, question, reply, thread_id), standing in for
# the A, B and C weights of PostgreSQL's ranking.
FTS_WEIGHTS = "10.0, 4.0, 1.0, 0.0"
SNIPPET_WORDS = 28
SNIPPET_TOKENS = 20  # per FTS5 column: a question or a reply body
BODY_HEADLINE = (
    f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=12, ShortWord=3, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
TITLE_HEADLINE = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"


def rank_limit() -> int:
    return settings.SEARCH_RANK_LIMIT


@dataclass(frozen=True)
class Filters:
    """Narrowing a search to threads of one tag, forum, context or answered state, answered
    from one side of experience, or stating some facts (forum/facts.py)."""

    tag_id: int | None = None
    forum_id: int | None = None
    context: str | None = None
    answered: bool | None = None
    side: str | None = None
    facts: Mapping[str, str] = field(default_factory=dict)

    def sql(self) -> tuple[str, dict]:
        """Conditions on the forum_thread row the search joins as `thread`.

        Only these constant fragments reach the SQL; every value is a parameter.
        """
        parts, params = [], {}
        if self.forum_id is not None:
            parts.append("thread.forum_id = %(forum_id)s")
            params["forum_id"] = self.forum_id
        if self.context is not None:
            parts.append("thread.context = %(context)s")
            params["context"] = self.context
        if self.answered is True:
            parts.append("thread.accepted_post_id IS NOT NULL")
        elif self.answered is False:
            parts.append("thread.accepted_post_id IS NULL")
        if self.tag_id is not None:
            parts.append(
                "EXISTS (SELECT 1 FROM forum_taggedthread tagged"
                " WHERE tagged.content_object_id = thread.id AND tagged.tag_id = %(tag_id)s)"
            )
            params["tag_id"] = self.tag_id
        if self.side is not None:
            # The column's name comes from our own table of sides, never from the request.
            parts.append(f"thread.{SIDE_COUNT_FIELDS[self.side]} > 0")
        for name in FACT_NAMES:
            if self.facts.get(name):
                parts.append(f"thread.{name} = %(fact_{name})s")
                params[f"fact_{name}"] = self.facts[name]
        return "".join(" AND " + part for part in parts), params

    def without_sides_and_facts(self) -> Filters:
        return replace(self, side=None, facts={})


@dataclass(frozen=True)
class Hit:
    post_id: int
    rank: float
    snippet: str  # text with START/STOP markers, unescaped
    title: str | None  # the thread title with markers, when the database marked it


@dataclass(frozen=True)
class HitPage:
    hits: list[Hit]
    total: int  # matches found, at most rank_limit() on PostgreSQL
    limited: bool  # there are more matches than `total`: only the newest were ranked


def search_posts(text: SearchText, filters: Filters, *, offset: int, limit: int) -> HitPage:
    """One page of the posts that match, best first, with their snippets."""
    if text.is_empty:
        return HitPage(hits=[], total=0, limited=False)
    if connection.vendor == "postgresql":
        return _postgres_search(text, filters, offset=offset, limit=limit)
    return _sqlite_search(text, filters, offset=offset, limit=limit)


def search_fact_rows(text: SearchText, filters: Filters) -> list[FactRow]:
    """The threads of the matching posts that state any fact, grouped by their facts and by
    the sides that answered them, one row per combination counting the posts: what the search
    page's fact choices count (forum/facts.py FactCounts). Among the same newest
    SEARCH_RANK_LIMIT matches as the search, with its filters but sides and facts."""
    if text.is_empty:
        return []
    where, params = filters.without_sides_and_facts().sql()
    params["rank_limit"] = rank_limit()
    planned = nullcontext()
    if connection.vendor == "postgresql":
        candidates = _PG_FACT_CANDIDATES
        params.update(config=CONFIG, q=text.websearch())
        # Its candidates are found as the search's are: planned for the words searched.
        planned = _planned_for_these_words()
    else:
        candidates = _SQLITE_FACT_CANDIDATES
        params["match"] = text.fts5()
    sql = _FACT_ROWS.format(
        candidates=candidates.format(filters=where), grouped=_FACT_GROUPS, states=_STATES_A_FACT
    )
    with planned, connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facts = len(FACT_NAMES)
    sides = list(SIDE_COUNT_FIELDS)
    return [
        FactRow(
            facts=tuple(row[:facts]),
            sides=frozenset(side for side, flag in zip(sides, row[facts:-1], strict=True) if flag),
            count=row[-1],
        )
        for row in rows
    ]


# The facts and the sides' flags the fact rows are grouped by (constant column names).
_FACT_GROUPS = ", ".join(
    [f"thread.{name}" for name in FACT_NAMES]
    + [f"thread.{counter} > 0" for counter in SIDE_COUNT_FIELDS.values()]
)
_STATES_A_FACT = " OR ".join(f"thread.{name} > ''" for name in FACT_NAMES)
_FACT_ROWS = """
WITH candidates AS ({candidates})
SELECT {grouped}, count(*)
FROM candidates
JOIN forum_thread thread ON thread.id = candidates.thread_id
WHERE {states}
GROUP BY {grouped}
"""


def similar_threads(
    words: list[str], *, limit: int = 5, facts: Mapping[str, str] | None = None
) -> list[Thread]:
    """Visible threads whose titles share the most of these words (any of them will do).

    The facts of the question being asked lift the threads that state the same ones: each
    fact in common raises a title's word score by a quarter (SHARED_FACT_WEIGHT), so a
    question sharing the words and the facts comes before one sharing only the words, while a
    thread needs a word in common to be suggested at all.
    """
    if not words:
        return []
    shared, params = _shared_facts(facts or {})
    if connection.vendor == "postgresql":
        return _postgres_similar(words, limit=limit, shared=shared, params=params)
    return _sqlite_similar(words, limit=limit, shared=shared, params=params)


SHARED_FACT_WEIGHT = 0.25
# The columns a suggestion prints: its link, replies, answered mark and facts line.
_SIMILAR_COLUMNS = ", ".join(
    ["thread.id", "thread.title", "thread.slug", "thread.reply_count", "thread.accepted_post_id"]
    + [f"thread.{name}" for name in FACT_NAMES]
)


def _shared_facts(facts: Mapping[str, str]) -> tuple[str, dict]:
    """SQL counting the facts a thread shares with `facts` (column names are our own)."""
    parts, params = [], {}
    for name in FACT_NAMES:
        if facts.get(name):
            parts.append(f"CASE WHEN thread.{name} = %(fact_{name})s THEN 1 ELSE 0 END")
            params[f"fact_{name}"] = facts[name]
    return " + ".join(parts) or "0", params


# PostgreSQL


@contextmanager
def _planned_for_these_words() -> Iterator[None]:
    """Statements inside are planned for the words actually searched.

    Statements are prepared on the server (DATABASE_PREPARED_STATEMENTS), and after a few
    runs PostgreSQL may settle on one generic plan that ignores the parameters. For a search
    no plan suits every word: a frequent word ("client") is best found by walking the newest
    entries until enough match, a rare one through the GIN index. A generic plan made the
    frequent words ten times slower (bench/search.py), so these statements are planned each
    time (a fraction of a millisecond). Inside a longer transaction the setting lasts until
    it ends; no savepoint is needed for it."""
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


_PG_SEARCH = """
WITH candidates AS MATERIALIZED (
    SELECT entry.post_id
    FROM search_postsearch entry
    JOIN forum_thread thread ON thread.id = entry.thread_id
    WHERE entry.document @@ websearch_to_tsquery(%(config)s::regconfig, %(q)s)
      AND querytree(websearch_to_tsquery(%(config)s::regconfig, %(q)s)) <> 'T'
      AND NOT thread.is_hidden
      {filters}
    ORDER BY entry.post_id DESC
    LIMIT %(rank_limit)s + 1
),
kept AS (
    SELECT post_id FROM candidates ORDER BY post_id DESC LIMIT %(rank_limit)s
),
ranked AS (
    SELECT kept.post_id,
           ts_rank(entry.document, websearch_to_tsquery(%(config)s::regconfig, %(q)s)) AS rank,
           (SELECT count(*) FROM candidates) AS found
    FROM kept
    JOIN search_postsearch entry ON entry.post_id = kept.post_id
    ORDER BY rank DESC, kept.post_id DESC
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT ranked.post_id, ranked.rank, ranked.found,
       ts_headline(%(config)s::regconfig, post.body,
                   websearch_to_tsquery(%(config)s::regconfig, %(q)s), %(body_headline)s),
       ts_headline(%(config)s::regconfig, thread.title,
                   websearch_to_tsquery(%(config)s::regconfig, %(q)s), %(title_headline)s)
FROM ranked
JOIN forum_post post ON post.id = ranked.post_id AND NOT post.is_hidden AND NOT post.is_deleted
JOIN forum_thread thread ON thread.id = post.thread_id
ORDER BY ranked.rank DESC, ranked.post_id DESC
"""


# The search's candidates for the fact rows (search_fact_rows), on each database.
_PG_FACT_CANDIDATES = """
    SELECT entry.thread_id
    FROM search_postsearch entry
    JOIN forum_thread thread ON thread.id = entry.thread_id
    WHERE entry.document @@ websearch_to_tsquery(%(config)s::regconfig, %(q)s)
      AND querytree(websearch_to_tsquery(%(config)s::regconfig, %(q)s)) <> 'T'
      AND NOT thread.is_hidden
      {filters}
    ORDER BY entry.post_id DESC
    LIMIT %(rank_limit)s
"""


def _postgres_search(text: SearchText, filters: Filters, *, offset: int, limit: int) -> HitPage:
    where, params = filters.sql()
    cap = rank_limit()
    params.update(
        config=CONFIG,
        q=text.websearch(),
        rank_limit=cap,
        limit=limit,
        offset=offset,
        body_headline=BODY_HEADLINE,
        title_headline=TITLE_HEADLINE,
    )
    with _planned_for_these_words(), connection.cursor() as cursor:
        cursor.execute(_PG_SEARCH.format(filters=where), params)
        rows = cursor.fetchall()
    # One candidate past the limit tells whether there were more.
    found = rows[0][2] if rows else 0
    hits = [
        Hit(post_id=post_id, rank=rank, snippet=body, title=title)
        for post_id, rank, _found, body, title in rows
    ]
    return HitPage(hits=hits, total=min(found, cap), limited=found > cap)


_PG_SIMILAR = """
SELECT {columns}
FROM (
    SELECT entry.thread_id, entry.document
    FROM search_threadsearch entry
    JOIN forum_thread thread ON thread.id = entry.thread_id
    WHERE entry.document @@ to_tsquery(%(config)s::regconfig, %(q)s) AND NOT thread.is_hidden
    ORDER BY entry.thread_id DESC
    LIMIT %(rank_limit)s
) candidate
JOIN forum_thread thread ON thread.id = candidate.thread_id
ORDER BY ts_rank(candidate.document, to_tsquery(%(config)s::regconfig, %(q)s))
         * (1 + %(fact_weight)s * ({shared})) DESC,
         candidate.thread_id DESC
LIMIT %(limit)s
"""


def _postgres_similar(words: list[str], *, limit: int, shared: str, params: dict) -> list[Thread]:
    # Letters and digits only (see query.title_words): nothing to_tsquery could read as syntax.
    query = " | ".join(words)
    params = {
        **params,
        "config": CONFIG,
        "q": query,
        "rank_limit": rank_limit(),
        "limit": limit,
        "fact_weight": SHARED_FACT_WEIGHT,
    }
    sql = _PG_SIMILAR.format(columns=_SIMILAR_COLUMNS, shared=shared)
    return list(Thread.objects.raw(sql, params))


# SQLite


_SQLITE_SEARCH = """
WITH matches AS (
    SELECT rowid AS post_id,
           bm25(search_postfts, {weights}) AS score,
           snippet(search_postfts, 1, %(start)s, %(stop)s, ' … ', {words})
           || snippet(search_postfts, 2, %(start)s, %(stop)s, ' … ', {words}) AS snippet,
           highlight(search_postfts, 0, %(start)s, %(stop)s) AS title
    FROM search_postfts
    WHERE search_postfts MATCH %(match)s
),
candidates AS (
    SELECT matches.*
    FROM matches
    JOIN forum_post post ON post.id = matches.post_id
    JOIN forum_thread thread ON thread.id = post.thread_id
    WHERE NOT post.is_hidden AND NOT post.is_deleted AND NOT thread.is_hidden
      {filters}
    ORDER BY matches.post_id DESC
    LIMIT %(rank_limit)s + 1
),
kept AS (
    SELECT * FROM candidates ORDER BY post_id DESC LIMIT %(rank_limit)s
)
SELECT post_id, score, snippet, title, (SELECT count(*) FROM candidates) AS found
FROM kept
ORDER BY score, post_id DESC
LIMIT %(limit)s OFFSET %(offset)s
"""


_SQLITE_FACT_CANDIDATES = """
    SELECT post.thread_id
    FROM search_postfts
    JOIN forum_post post ON post.id = search_postfts.rowid
    JOIN forum_thread thread ON thread.id = post.thread_id
    WHERE search_postfts MATCH %(match)s
      AND NOT post.is_hidden AND NOT post.is_deleted AND NOT thread.is_hidden
      {filters}
    ORDER BY post.id DESC
    LIMIT %(rank_limit)s
"""


def _sqlite_search(text: SearchText, filters: Filters, *, offset: int, limit: int) -> HitPage:
    where, params = filters.sql()
    cap = rank_limit()
    params.update(
        match=text.fts5(), start=START, stop=STOP, rank_limit=cap, limit=limit, offset=offset
    )
    sql = _SQLITE_SEARCH.format(filters=where, weights=FTS_WEIGHTS, words=SNIPPET_TOKENS)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = rows[0][4] if rows else 0
    hits = [
        # bm25() scores better matches lower; the rank shown is its opposite.
        Hit(post_id=post_id, rank=-score, snippet=snippet, title=title or None)
        for post_id, score, snippet, title, _found in rows
    ]
    return HitPage(hits=hits, total=min(found, cap), limited=found > cap)


_SQLITE_SIMILAR = """
SELECT {columns}
FROM (
    SELECT rowid AS post_id, bm25(search_postfts, {weights}) AS score
    FROM search_postfts
    WHERE search_postfts MATCH %(match)s
) matches
JOIN forum_post post ON post.id = matches.post_id
JOIN forum_thread thread ON thread.id = post.thread_id
WHERE NOT post.is_hidden AND NOT post.is_deleted AND NOT thread.is_hidden
ORDER BY matches.score * (1 + %(fact_weight)s * ({shared})), matches.post_id DESC
LIMIT %(limit)s
"""


def _sqlite_similar(words: list[str], *, limit: int, shared: str, params: dict) -> list[Thread]:
    match = "title : (" + " OR ".join(f'"{word}"' for word in words) + ")"
    # bm25() scores better matches lower (below zero): a larger factor lowers them further.
    sql = _SQLITE_SIMILAR.format(weights=FTS_WEIGHTS, columns=_SIMILAR_COLUMNS, shared=shared)
    params = {**params, "match": match, "limit": limit, "fact_weight": SHARED_FACT_WEIGHT}
    return list(Thread.objects.raw(sql, params))
