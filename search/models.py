"""The search index, kept in its own tables so the forum's tables stay as they are.

PostSearch: one row per post that search may show (neither hidden nor deleted). On PostgreSQL
`document` holds the post's words as a weighted tsvector: the thread title (weight A, on the
question only), the question's body (B) and a reply's body (C).

ThreadSearch: one row per thread with the words of its title alone, for suggesting similar
questions while a new one is typed: a small table, so that costs little however big the
forum grows.

Their GIN indexes (PostgreSQL) and the FTS5 table that holds the text on SQLite are made by
the migration for that database only (search/migrations/0001_initial.py, docs/search.md):
declared here, Django would try to build them on the other database too. On SQLite both
tables stay empty and FTS5 does their work.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class PostSearch(models.Model):
    post = models.OneToOneField(
        "forum.Post", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    # PostgreSQL only; always NULL on SQLite, where the FTS5 table holds the words.
    document = SearchVectorField(null=True)

    class Meta:
        verbose_name = "post search entry"
        verbose_name_plural = "post search entries"

    def __str__(self) -> str:
        return f"Search entry for post {self.post_id}"


class ThreadSearch(models.Model):
    thread = models.OneToOneField(
        "forum.Thread", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # PostgreSQL only, as PostSearch.document: the title's words, unweighted.
    document = SearchVectorField(null=True)

    class Meta:
        verbose_name = "thread title search entry"
        verbose_name_plural = "thread title search entries"

    def __str__(self) -> str:
        return f"Title search entry for thread {self.thread_id}"
