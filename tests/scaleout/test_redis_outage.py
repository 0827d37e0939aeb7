"""Redis going away and coming back, seen from a running app server.

The server reaches Redis through a TCP relay owned by the test. While it is cut, pages are
rendered from the database, members log in and post (sessions live in the database too); when
Redis answers again, what it held from before the outage is dropped, since the writes made
meanwhile could not move the versions cached pages hang on.
"""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.factories import UserFactory, make_thread
from tests.scaleout.servers import (
    Browser,
    needs_postgres_and_redis,
    postgres_url,
    redis_url_through,
    serving,
)

pytestmark = needs_postgres_and_redis("the relay stands between an app server and Redis")

PASSWORD = "correct-horse-battery"
RETRY_SECONDS = 1


@pytest.fixture
def server(transactional_db, redis_relay):
    # One worker process (with its threads): what a process saw of the outage is its own. A
    # second process that never called Redis while it was cut could serve a page cached
    # before it until the first one drops them (docs/deploy.md says so).
    with serving(
        "redis-outage",
        DATABASE_URL=postgres_url(),
        REDIS_URL=redis_url_through(redis_relay),
        REDIS_RETRY_SECONDS=str(RETRY_SECONDS),
        WEB_CONCURRENCY="1",
    ) as instance:
        yield instance


def member_with_password():
    user = UserFactory()
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "redisoutagesalt")
    user.save(update_fields=["password"])
    return user


def test_the_site_works_without_redis_and_drops_its_old_pages_when_redis_returns(
    server, redis_relay
):
    thread = make_thread(title="Who signs off a change request on a fixed-price contract?")
    url = f"{server.base}{thread.get_absolute_url()}"
    visitor = Browser()
    assert visitor.get(url).status == 200
    assert visitor.get(url).headers.get("X-Page-Cache") == "hit"

    redis_relay.cut()
    started = time.monotonic()
    page = visitor.get(url)
    assert page.status == 200
    assert time.monotonic() - started < 2
    # A member logs in, reads and replies: sessions and pages come from the database.
    member = Browser()
    member.log_in(server, member_with_password().username, PASSWORD)
    form = member.get(url)
    assert form.status == 200 and "Log out" in form.body
    answer = member.post(
        f"{server.base}/threads/{thread.pk}/reply/",
        {"csrfmiddlewaretoken": form.csrf_token(), "body": "Written while the cache was away."},
    )
    assert answer.status == 302, answer.body[:2000]
    # Visitors see the reply at once: nothing is served from the cache they cannot reach.
    assert "Written while the cache was away." in visitor.get(url).body

    redis_relay.restore()
    time.sleep(RETRY_SECONDS + 0.5)
    pages = [visitor.get(url) for _ in range(8)]
    # The page cached before the outage, without the reply, is never served again...
    assert all("Written while the cache was away." in p.body for p in pages)
    # ...and pages are cached again.
    assert "hit" in [p.headers.get("X-Page-Cache") for p in pages]
    assert "Log out" in member.get(url).body
    assert server.process.poll() is None
