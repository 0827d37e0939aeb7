"""Index the posts that were there before search was: a forum upgraded in place is searchable
as soon as it is migrated. One set-based statement per table; on a large forum
`manage.py search_reindex --fresh` does the same in batches with a progress bar."""

from django.db import migrations

POSTGRES = [
    """
    INSERT INTO search_threadsearch (thread_id, document)
    SELECT thread.id, to_tsvector('english', thread.title) FROM forum_thread thread
    ON CONFLICT (thread_id) DO NOTHING
    """,
    """
    INSERT INTO search_postsearch (post_id, thread_id, document)
    SELECT post.id, post.thread_id,
           CASE WHEN post.number = 1
                THEN setweight(to_tsvector('english', thread.title), 'A')
                     || setweight(to_tsvector('english', post.body), 'B')
                ELSE setweight(to_tsvector('english', post.body), 'C')
           END
    FROM forum_post post
    JOIN forum_thread thread ON thread.id = post.thread_id
    WHERE NOT post.is_hidden AND NOT post.is_deleted
    ON CONFLICT (post_id) DO NOTHING
    """,
]

SQLITE = [
    """
    INSERT INTO search_postfts (rowid, title, question, reply, thread_id)
    SELECT post.id,
           CASE WHEN post.number = 1 THEN thread.title ELSE '' END,
           CASE WHEN post.number = 1 THEN post.body ELSE '' END,
           CASE WHEN post.number = 1 THEN '' ELSE post.body END,
           post.thread_id
    FROM forum_post post
    JOIN forum_thread thread ON thread.id = post.thread_id
    WHERE NOT post.is_hidden AND NOT post.is_deleted
      AND post.id NOT IN (SELECT rowid FROM search_postfts)
    """,
]


def index_existing_posts(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in POSTGRES if vendor == "postgresql" else SQLITE if vendor == "sqlite" else []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(index_existing_posts, migrations.RunPython.noop, elidable=True),
    ]
