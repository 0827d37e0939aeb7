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

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

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
    """Narrowing a search to threads of one tag, forum, context or answered state."""

    tag_id: int | None = None
    forum_id: int | None = None
    context: str | None = None
    answered: bool | None = None

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
        return "".join(" AND " + part for part in parts), params


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


def similar_threads(words: list[str], *, limit: int = 5) -> list[Thread]:
    """Visible threads whose titles share the most of these words (any of them will do)."""
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _postgres_similar(words, limit=limit)
    return _sqlite_similar(words, limit=limit)


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
SELECT thread.id, thread.title, thread.slug, thread.reply_count, thread.accepted_post_id
FROM (
    SELECT entry.thread_id, entry.document
    FROM search_threadsearch entry
    JOIN forum_thread thread ON thread.id = entry.thread_id
    WHERE entry.document @@ to_tsquery(%(config)s::regconfig, %(q)s) AND NOT thread.is_hidden
    ORDER BY entry.thread_id DESC
    LIMIT %(rank_limit)s
) candidate
JOIN forum_thread thread ON thread.id = candidate.thread_id
ORDER BY ts_rank(candidate.document, to_tsquery(%(config)s::regconfig, %(q)s)) DESC,
         candidate.thread_id DESC
LIMIT %(limit)s
"""


def _postgres_similar(words: list[str], *, limit: int) -> list[Thread]:
    # Letters and digits only (see query.title_words): nothing to_tsquery could read as syntax.
    query = " | ".join(words)
    params = {"config": CONFIG, "q": query, "rank_limit": rank_limit(), "limit": limit}
    return list(Thread.objects.raw(_PG_SIMILAR, params))


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
SELECT thread.id, thread.title, thread.slug, thread.reply_count, thread.accepted_post_id
FROM (
    SELECT rowid AS post_id, bm25(search_postfts, {weights}) AS score
    FROM search_postfts
    WHERE search_postfts MATCH %(match)s
) matches
JOIN forum_post post ON post.id = matches.post_id
JOIN forum_thread thread ON thread.id = post.thread_id
WHERE NOT post.is_hidden AND NOT post.is_deleted AND NOT thread.is_hidden
ORDER BY matches.score, matches.post_id DESC
LIMIT %(limit)s
"""


def _sqlite_similar(words: list[str], *, limit: int) -> list[Thread]:
    match = "title : (" + " OR ".join(f'"{word}"' for word in words) + ")"
    sql = _SQLITE_SIMILAR.format(weights=FTS_WEIGHTS)
    return list(Thread.objects.raw(sql, {"match": match, "limit": limit}))
