import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def _for(vendor, forwards, backwards):
    """Run the SQL only on one kind of database; the other gets nothing."""

    def run(sql):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == vendor:
                schema_editor.execute(sql)

        return operation

    return migrations.RunPython(run(forwards), run(backwards), elidable=False)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("forum", "0002_revisions_and_votes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PostSearch",
            fields=[
                (
                    "post",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="forum.post",
                    ),
                ),
                (
                    "thread",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="forum.thread",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "verbose_name": "post search entry",
                "verbose_name_plural": "post search entries",
            },
        ),
        migrations.CreateModel(
            name="ThreadSearch",
            fields=[
                (
                    "thread",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="forum.thread",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "verbose_name": "thread title search entry",
                "verbose_name_plural": "thread title search entries",
            },
        ),
        # PostgreSQL: the inverted indexes that answer `document @@ query`.
        _for(
            "postgresql",
            "CREATE INDEX search_postsearch_document_gin ON search_postsearch USING gin (document)",
            "DROP INDEX IF EXISTS search_postsearch_document_gin",
        ),
        _for(
            "postgresql",
            "CREATE INDEX search_threadsearch_document_gin "
            "ON search_threadsearch USING gin (document)",
            "DROP INDEX IF EXISTS search_threadsearch_document_gin",
        ),
        # SQLite: an FTS5 table whose rowid is the post id. The title column is filled for
        # questions only; question and reply bodies go to their own columns so that bm25()
        # can weigh them as PostgreSQL weighs A, B and C.
        _for(
            "sqlite",
            "CREATE VIRTUAL TABLE search_postfts USING fts5("
            "title, question, reply, thread_id UNINDEXED, "
            "tokenize = 'porter unicode61 remove_diacritics 2')",
            "DROP TABLE IF EXISTS search_postfts",
        ),
    ]
