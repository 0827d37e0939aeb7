"""Writes to the search index. Every function is set-based SQL: one post, one thread or a
range of ids costs one statement on PostgreSQL (two on SQLite), never a row at a time.

The forum's services call these once their transaction has committed (forum/services.py):

- a question or reply is posted or edited, or a title changes: index_post(post);
- a reply is deleted: unindex_post(post); a thread is deleted: unindex_thread(thread_id);
- a post is hidden or shown again by a moderator: index_post(post), which writes the entry
  or drops it, whichever the post's state calls for;
- a thread is hidden, shown again, moved or retitled by a moderator: index_thread(thread).

Searches check threads' and posts' visibility again when they read, so a missed call never
shows anything hidden: at worst a post is missing from results until `search_reindex` runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db import connection, transaction

from forum.models import Post, Thread

CONFIG = "english"

# PostgreSQL: the weighted document of each post in scope that may be shown.
_PG_POSTS = """
SELECT post.id, post.thread_id,
       CASE WHEN post.number = 1
            THEN setweight(to_tsvector(%(config)s::regconfig, thread.title), 'A')
                 || setweight(to_tsvector(%(config)s::regconfig, post.body), 'B')
            ELSE setweight(to_tsvector(%(config)s::regconfig, post.body), 'C')
       END
FROM forum_post post
JOIN forum_thread thread ON thread.id = post.thread_id
WHERE {post_scope} AND NOT post.is_hidden AND NOT post.is_deleted
"""
# The title words of each thread whose question is in scope.
_PG_TITLES = """
SELECT thread.id, to_tsvector(%(config)s::regconfig, thread.title)
FROM forum_thread thread
JOIN forum_post post ON post.thread_id = thread.id AND post.number = 1
WHERE {post_scope}
"""
# One statement: entries written over what the index had, entries in scope whose post may no
# longer be shown removed, and the titles of the threads whose question is in scope rewritten.
_PG_SYNC = """
WITH source (post_id, thread_id, document) AS ({posts}),
removed AS (
    DELETE FROM search_postsearch entry
    WHERE {entry_scope} AND entry.post_id NOT IN (SELECT post_id FROM source)
),
titles AS (
    INSERT INTO search_threadsearch (thread_id, document) {titles}
    ON CONFLICT (thread_id) DO UPDATE SET document = EXCLUDED.document
)
INSERT INTO search_postsearch (post_id, thread_id, document)
SELECT post_id, thread_id, document FROM source
ON CONFLICT (post_id) DO UPDATE
SET thread_id = EXCLUDED.thread_id, document = EXCLUDED.document
"""
# For a fresh build: nothing to overwrite or remove.
_PG_INSERT = """
WITH titles AS (INSERT INTO search_threadsearch (thread_id, document) {titles})
INSERT INTO search_postsearch (post_id, thread_id, document) {posts}
"""

# SQLite: the FTS5 rows in scope are dropped, then written again for the posts that may show.
_SQLITE_DELETE = "DELETE FROM search_postfts WHERE {fts_scope}"
_SQLITE_INSERT = """
INSERT INTO search_postfts (rowid, title, question, reply, thread_id)
SELECT post.id,
       CASE WHEN post.number = 1 THEN thread.title ELSE '' END,
       CASE WHEN post.number = 1 THEN post.body ELSE '' END,
       CASE WHEN post.number = 1 THEN '' ELSE post.body END,
       post.thread_id
FROM forum_post post
JOIN forum_thread thread ON thread.id = post.thread_id
WHERE {post_scope} AND NOT post.is_hidden AND NOT post.is_deleted
"""


class _Scope:
    """Which posts a statement covers, as conditions on forum_post (alias post), on
    search_postsearch (alias entry) and on the FTS5 table (by rowid), with shared parameters."""

    def __init__(self, post: str, entry: str, fts: str) -> None:
        self.post, self.entry, self.fts = post, entry, fts


_ONE_POST = _Scope("post.id = %(id)s", "entry.post_id = %(id)s", "rowid = %(id)s")
_ONE_THREAD = _Scope(
    "post.thread_id = %(id)s",
    "entry.thread_id = %(id)s",
    "rowid IN (SELECT id FROM forum_post WHERE thread_id = %(id)s)",
)
_ID_RANGE = _Scope(
    "post.id >= %(low)s AND post.id < %(high)s",
    "entry.post_id >= %(low)s AND entry.post_id < %(high)s",
    "rowid >= %(low)s AND rowid < %(high)s",
)


def _sync(scope: _Scope, params: dict) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = _PG_SYNC.format(
                posts=_PG_POSTS.format(post_scope=scope.post),
                titles=_PG_TITLES.format(post_scope=scope.post),
                entry_scope=scope.entry,
            )
            cursor.execute(sql, {**params, "config": CONFIG})
            return
        with transaction.atomic():
            cursor.execute(_SQLITE_DELETE.format(fts_scope=scope.fts), params)
            cursor.execute(_SQLITE_INSERT.format(post_scope=scope.post), params)


def index_post(post: Post) -> None:
    """Bring one post's entry in line with the post: written if it may be shown, else removed.

    For a question this takes in its thread's title too.
    """
    _sync(_ONE_POST, {"id": post.pk})


def unindex_post(post: Post) -> None:
    """Remove one post's entry, whatever the post's state."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM search_postsearch WHERE post_id = %s", [post.pk])
        else:
            cursor.execute("DELETE FROM search_postfts WHERE rowid = %s", [post.pk])


def index_thread(thread: Thread) -> None:
    """Bring a thread's title and every post of it in line, after a change to the thread."""
    _sync(_ONE_THREAD, {"id": thread.pk})


def unindex_thread(thread_id: int) -> None:
    """Remove a deleted thread's entries.

    On PostgreSQL they went with the thread and its posts (foreign keys, cascaded); SQLite's
    FTS5 table has none, so its rows are found by the thread id they carry.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM search_postsearch WHERE thread_id = %s", [thread_id])
            cursor.execute("DELETE FROM search_threadsearch WHERE thread_id = %s", [thread_id])
        else:
            cursor.execute("DELETE FROM search_postfts WHERE thread_id = %s", [thread_id])


def index_range(low: int, high: int) -> None:
    """Bring every post with low <= id < high in line, in one statement."""
    _sync(_ID_RANGE, {"low": low, "high": high})


def _insert_range(low: int, high: int) -> None:
    """Add the posts with low <= id < high to an index known to hold none of them."""
    params = {"low": low, "high": high, "config": CONFIG}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = _PG_INSERT.format(
                posts=_PG_POSTS.format(post_scope=_ID_RANGE.post),
                titles=_PG_TITLES.format(post_scope=_ID_RANGE.post),
            )
            cursor.execute(sql, params)
        else:
            cursor.execute(_SQLITE_INSERT.format(post_scope=_ID_RANGE.post), params)


def id_ranges(batch: int) -> Iterator[tuple[int, int]]:
    """Half-open ranges of post ids, `batch` ids wide, from the first post to the last."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM forum_post")
        first, last = cursor.fetchone()
    if first is None:
        return
    for low in range(first, last + 1, batch):
        yield low, min(low + batch, last + 1)


def reindex(
    *, batch: int = 20_000, fresh: bool = False, progress: Callable[[int], None] | None = None
) -> None:
    """Bring the whole index in line with the posts, `batch` post ids per statement.

    In place (the default) the site can keep running: each range is rewritten on its own.
    `fresh` empties the index and builds it again, faster for a first build of many posts:
    on PostgreSQL the GIN indexes are dropped and built once at the end, and searches find
    little until the build is done.
    """
    if fresh:
        _build_fresh(batch, progress)
        return
    for low, high in id_ranges(batch):
        index_range(low, high)
        if progress:
            progress(high - low)


# The GIN indexes of search/migrations/0001_initial.py, dropped and made again by a fresh build.
_PG_DROP_GIN = (
    "DROP INDEX IF EXISTS search_postsearch_document_gin, search_threadsearch_document_gin"
)
_PG_CREATE_POST_GIN = (
    "CREATE INDEX IF NOT EXISTS search_postsearch_document_gin "
    "ON search_postsearch USING gin (document)"
)
_PG_CREATE_THREAD_GIN = (
    "CREATE INDEX IF NOT EXISTS search_threadsearch_document_gin "
    "ON search_threadsearch USING gin (document)"
)


def _build_fresh(batch: int, progress: Callable[[int], None] | None) -> None:
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            with transaction.atomic():
                # Foreign keys are checked at commit; inside a longer transaction (the tests)
                # their pending checks must run before a table is emptied or indexed.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("TRUNCATE search_postsearch, search_threadsearch")
                cursor.execute(_PG_DROP_GIN)
        else:
            cursor.execute("DELETE FROM search_postfts")
    try:
        for low, high in id_ranges(batch):
            _insert_range(low, high)
            if progress:
                progress(high - low)
    finally:
        with connection.cursor() as cursor:
            if postgres:
                with transaction.atomic():
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                    cursor.execute(_PG_CREATE_POST_GIN)
                    cursor.execute(_PG_CREATE_THREAD_GIN)
                cursor.execute("ANALYZE search_postsearch, search_threadsearch")
            else:
                # Merge FTS5's segments into one: faster queries after a bulk load.
                cursor.execute("INSERT INTO search_postfts(search_postfts) VALUES ('optimize')")
