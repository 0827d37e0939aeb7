"""notifications 0006: subscriptions that were e-mailed become Watching, those that were not
become Tracking, tag follows become Watching first post; going back keeps what the old schema
can say."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from forum.models import Forum, Tag, Thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("notifications", "0005_notice_kinds_outcomes_and_mentions")]
AFTER = [("notifications", "0006_watching_levels")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_subscriptions_become_watching_or_tracking_and_back():
    apps = migrate(BEFORE)
    # Members, threads and tags as they are now (their apps do not change here).
    mailed, quiet = UserFactory(username="mailed"), UserFactory(username="quiet")
    forum = Forum.objects.create(name="Migrations", slug="migrations")
    # Straight into the table: the posting services already speak of levels.
    thread = Thread.objects.create(forum=forum, title="Before the levels", author=mailed)
    tag = Tag.objects.create(name="Migrating", slug="migrating")
    Subscription = apps.get_model("notifications", "Subscription")
    Subscription.objects.create(user_id=mailed.pk, thread_id=thread.pk, email=True)
    Subscription.objects.create(user_id=quiet.pk, thread_id=thread.pk, email=False)
    apps.get_model("notifications", "TagFollow").objects.create(user_id=mailed.pk, tag_id=tag.pk)

    apps = migrate(AFTER)
    levels = dict(
        apps.get_model("notifications", "Subscription").objects.values_list(
            "user__username", "level"
        )
    )
    assert levels == {"mailed": "watching", "quiet": "tracking"}
    follow = apps.get_model("notifications", "TagFollow").objects.get()
    assert follow.level == "first_post"
    apps.get_model("notifications", "TagFollow").objects.create(
        user_id=quiet.pk, tag_id=tag.pk, level="muted"
    )

    apps = migrate(BEFORE)
    emails = dict(
        apps.get_model("notifications", "Subscription").objects.values_list(
            "user__username", "email"
        )
    )
    assert emails == {"mailed": True, "quiet": False}
    # A muted tag cannot be said in the old schema: it goes.
    assert apps.get_model("notifications", "TagFollow").objects.count() == 1
    migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
