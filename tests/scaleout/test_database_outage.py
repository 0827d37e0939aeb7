"""PostgreSQL going away and coming back, seen from a running app server.

The server reaches PostgreSQL through a TCP relay owned by the test: cutting the relay drops
every open connection and refuses new ones, as a database restart or a network failure does.
"""

from __future__ import annotations

import pytest
from django.db import connection

from tests.factories import make_thread
from tests.scaleout.servers import (
    REDIS_URL,
    Browser,
    Relay,
    needs_postgres_and_redis,
    postgres_url,
    serving,
)

pytestmark = needs_postgres_and_redis("the relay stands between an app server and PostgreSQL")


@pytest.fixture
def relay():
    db = connection.settings_dict
    relay = Relay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    relay.restore()
    yield relay
    relay.cut()


@pytest.fixture
def server(transactional_db, relay):
    through_relay = postgres_url().replace(
        f":{connection.settings_dict['PORT'] or 5432}/", f":{relay.port}/"
    )
    with serving("outage", DATABASE_URL=through_relay, REDIS_URL=REDIS_URL) as instance:
        yield instance


def test_pages_answer_503_while_the_database_is_down_and_recover_without_a_restart(server, relay):
    thread = make_thread(title="Does anyone run a change board for small projects?")
    other = make_thread(title="Nobody has opened this one yet")
    url = f"{server.base}{thread.get_absolute_url()}"
    visitor = Browser()
    assert visitor.get(url).status == 200
    assert visitor.get(url).headers.get("X-Page-Cache") == "hit"

    relay.cut()
    page = visitor.get(f"{server.base}{other.get_absolute_url()}")
    assert page.status == 503
    assert "The forum is back in a moment" in page.body
    assert int(page.headers["Retry-After"]) > 0
    health = visitor.get(f"{server.base}/healthz")
    assert health.status == 503
    assert '"database": "down"' in health.body
    # A page visitors already had is still served, from the cache.
    cached = visitor.get(url)
    assert cached.status == 200
    assert "Does anyone run a change board for small projects?" in cached.body

    relay.restore()
    # The same processes serve again: each thread replaces its broken connection by itself.
    pages = [visitor.get(f"{server.base}{other.get_absolute_url()}") for _ in range(6)]
    assert [p.status for p in pages] == [200] * 6
    assert "Nobody has opened this one yet" in pages[-1].body
    assert visitor.get(f"{server.base}/healthz").status == 200
    assert server.process.poll() is None
