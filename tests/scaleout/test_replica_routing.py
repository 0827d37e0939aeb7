"""With a read replica, pages read from it, except for a member who has just written.

The "replica" here is a second connection to the test database under its own alias, so the
tests see which alias each query went to.
"""

from __future__ import annotations

import time

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from config.db_router import PRIMARY, REPLICA, PrimaryReplicaRouter
from config.replica import PIN_COOKIE
from forum.models import Thread
from tests.factories import make_thread


@pytest.fixture
def replica(transactional_db, settings):
    config = {**connections[PRIMARY].settings_dict}
    copy = load_backend(config["ENGINE"]).DatabaseWrapper(config, REPLICA)
    connections[REPLICA] = copy
    settings.DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
    yield copy
    copy.close()
    del connections[REPLICA]


class Queries:
    """The queries each alias ran inside the block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections[PRIMARY])
        self.replica = CaptureQueriesContext(connections[REPLICA])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    def count(self, alias: str) -> int:
        return len((self.primary if alias == PRIMARY else self.replica).captured_queries)


def test_a_visitors_page_reads_from_the_replica(replica, client):
    thread = make_thread(title="Read from the copy", replies=2)

    with Queries() as queries:
        response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert queries.count(REPLICA) > 0
    assert queries.count(PRIMARY) == 0


def test_a_members_page_reads_from_the_replica_until_they_write(replica, member_client):
    thread = make_thread(title="Members read from the copy too")
    with Queries() as queries:
        member_client.get(thread.get_absolute_url())
    assert queries.count(REPLICA) > 0
    assert queries.count(PRIMARY) == 0

    with Queries() as queries:
        posted = member_client.post(
            f"/threads/{thread.pk}/reply/", {"body": "Seen at once by its author."}
        )
    assert posted.status_code == 302
    assert queries.count(PRIMARY) > 0
    assert queries.count(REPLICA) == 0
    assert int(posted.cookies[PIN_COOKIE].value) > time.time()

    # Right after writing, the member's pages come from the primary, whatever the lag.
    with Queries() as queries:
        page = member_client.get(thread.get_absolute_url())
    assert "Seen at once by its author." in page.content.decode()
    assert queries.count(PRIMARY) > 0
    assert queries.count(REPLICA) == 0


def test_once_the_pin_expires_reads_go_back_to_the_replica(replica, member_client):
    thread = make_thread(title="Back to the copy")
    member_client.cookies[PIN_COOKIE] = str(int(time.time()) - 1)

    with Queries() as queries:
        member_client.get(thread.get_absolute_url())

    assert queries.count(REPLICA) > 0
    assert queries.count(PRIMARY) == 0


def test_work_outside_a_request_uses_the_primary(replica):
    make_thread(title="Tasks and commands read the primary")

    with Queries() as queries:
        assert Thread.objects.count() == 1

    assert queries.count(PRIMARY) == 1
    assert queries.count(REPLICA) == 0


def test_the_replica_is_never_migrated():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate(PRIMARY, "forum") is True
    assert router.allow_migrate(REPLICA, "forum") is False
