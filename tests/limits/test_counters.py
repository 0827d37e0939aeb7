"""Limits taken atomically, in Redis when it answers and in the database when it does not."""

from __future__ import annotations

import os
import secrets
import threading

import pytest
from django.db import connection

from limits.counters import LimitReached, limits_clear, limits_take
from limits.models import Window
from tests.limits.helpers import UNREACHABLE_REDIS
from tests.scaleout.servers import REDIS_URL, redis_answers


@pytest.fixture
def redis_unreachable(settings):
    """The production cache, pointed at a Redis that does not answer."""
    settings.CACHES = UNREACHABLE_REDIS


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    """Where limits are counted: the database (no Redis configured) or a Redis that answers."""
    if request.param == "redis":
        if not redis_answers():
            pytest.skip(f"Redis does not answer at {REDIS_URL}")
        # A namespace of its own: nothing from another run counts, nothing else is touched.
        settings.CACHES = {
            "default": {
                **UNREACHABLE_REDIS["default"],
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"pmforum-test-{secrets.token_hex(8)}",
            },
        }
    return request.param


def test_a_full_limit_refuses_and_says_how_long_to_wait(db, store):
    limits_take(("report:1", [(2, 60)]))
    limits_take(("report:1", [(2, 60)]))

    with pytest.raises(LimitReached) as refused:
        limits_take(("report:1", [(2, 60)]))

    assert 58 <= refused.value.wait <= 60
    limits_take(("report:2", [(2, 60)]))  # another key counts on its own


def test_a_refusal_under_one_key_records_nothing_under_the_others(db, store):
    limits_take(("address", [(1, 60)]))

    with pytest.raises(LimitReached):
        limits_take(("pair", [(1, 60)]), ("address", [(1, 60)]))

    limits_take(("pair", [(1, 60)]))  # the refused attempt did not use it up


def test_a_released_hit_gives_its_room_back(db, store):
    taken = limits_take(("login", [(1, 300)]))
    taken.release()

    limits_take(("login", [(1, 300)]))
    with pytest.raises(LimitReached):
        limits_take(("login", [(1, 300)]))


def test_clearing_forgets_the_hits(db, store):
    limits_take(("login", [(1, 300)]))
    limits_clear("login")
    limits_take(("login", [(1, 300)]))


def test_with_redis_unreachable_the_limit_is_counted_in_the_database(db, redis_unreachable):
    limits_take(("preview:7", [(1, 60)]))

    with pytest.raises(LimitReached):
        limits_take(("preview:7", [(1, 60)]))
    assert Window.objects.filter(key="preview:7").exists()


def test_with_redis_answering_nothing_is_written_to_the_database(db, store):
    limits_take(("preview:8", [(1, 60)]))
    assert Window.objects.filter(key="preview:8").exists() == (store == "database")


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the in-memory SQLite test database locks whole tables between threads",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_takes_pass_only_as_many_as_allowed(store):
    allowed = 3
    start = threading.Barrier(12)
    outcomes = []

    def attempt() -> None:
        start.wait()
        try:
            limits_take(("burst", [(allowed, 60)]))
            outcomes.append("passed")
        except LimitReached:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["passed"] * allowed + ["refused"] * (12 - allowed)
