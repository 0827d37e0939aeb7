"""Django's Redis cache backend, made cheaper per call and able to live through a Redis outage.

- **One client per connection pool.** The stock backend builds a new `redis.Redis` object for
  every cache call, and building one copies its table of response handlers: a member's page
  makes several cache calls, and those objects cost more CPU than the round trips themselves.
  A client is safe to share (it takes a connection from its pool for each command).
- **Serving without the cache when Redis is unreachable.** Everything kept in the cache can be
  recomputed: pages and fragments are rendered from the database, sessions (cached_db) are
  read from it, counts are counted. So when Redis cannot be reached, a read is a miss and a
  write is skipped, instead of every page failing. For `REDIS_RETRY_SECONDS` after a failure
  the process (all its threads) does not even try: a dead host would otherwise cost each call
  its timeout.
  Limits are counted in the database meanwhile (limits/counters.py); the log says when the
  cache goes and comes back.
- **Forgetting on recovery.** Writes made during the outage could not move the versions that
  cached pages hang on, so what the cache held from before could be stale. The first process
  to reach Redis again deletes this site's keys (KEY_PREFIX), and everything is recomputed.
"""

from __future__ import annotations

import logging
import threading
import time
from functools import partial

from django.conf import settings
from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from config.observability import CACHE_READS

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class _Health:
    """Whether a Redis server answers, as this process last saw it. Shared by every thread:
    Django gives each thread its own cache object, and each would otherwise wait out the
    timeout of a silent Redis on its own."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0  # while in the future, calls are not tried
        self.was_down = False


_HEALTH: dict[str, _Health] = {}
_HEALTH_LOCK = threading.Lock()


def _health_of(servers) -> _Health:
    name = ",".join(servers)
    with _HEALTH_LOCK:
        return _HEALTH.setdefault(name, _Health())


class _Client(django_redis.RedisCacheClient):
    def __init__(self, servers, *args, key_prefix: str = "", **kwargs) -> None:
        super().__init__(servers, *args, **kwargs)
        self._clients = {}
        self._key_prefix = key_prefix
        self._health = _health_of(servers)

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client

    def _call(self, operation, fallback, *args):
        health = self._health
        if health.down_until and time.monotonic() < health.down_until:
            return fallback
        try:
            if health.was_down:
                self._recover()
            return operation(*args)
        except UNREACHABLE as error:
            with health.lock:
                if not health.was_down:
                    logger.warning(
                        "Redis is unreachable (%s): serving without the cache, limits counted in "
                        "the database, until it answers again",
                        error,
                    )
                health.was_down = True
                health.down_until = time.monotonic() + settings.REDIS_RETRY_SECONDS
            return fallback

    def _recover(self) -> None:
        client = self.get_client(write=True)
        health = self._health
        with health.lock:
            if not health.was_down:
                return
            forgotten = 0
            batch = []
            for key in client.scan_iter(match=f"{self._key_prefix}:*", count=1000):
                batch.append(key)
                if len(batch) == 1000:
                    forgotten += client.unlink(*batch)
                    batch = []
            if batch:
                forgotten += client.unlink(*batch)
            health.was_down = False
            health.down_until = 0.0
        logger.warning("Redis answers again: %d cached entries from before dropped", forgotten)

    def add(self, key, value, timeout):
        # As if it was added: locks taken with add() (allauth's rate limits) must not wait
        # for a cache that is not there.
        return self._call(super().add, True, key, value, timeout)

    def get(self, key, default):
        value = self._call(super().get, default, key, default)
        CACHE_READS.labels(result="miss" if value is default else "hit").inc()
        return value

    def set(self, key, value, timeout):
        return self._call(super().set, None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call(super().touch, False, key, timeout)

    def delete(self, key):
        return self._call(super().delete, False, key)

    def get_many(self, keys):
        found = self._call(super().get_many, {}, keys)
        CACHE_READS.labels(result="hit").inc(len(found))
        CACHE_READS.labels(result="miss").inc(len(keys) - len(found))
        return found

    def has_key(self, key):
        return self._call(super().has_key, False, key)

    def incr(self, key, delta):
        return self._call(super().incr, delta, key, delta)

    def set_many(self, data, timeout):
        return self._call(super().set_many, None, data, timeout)

    def delete_many(self, keys):
        return self._call(super().delete_many, None, keys)


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = partial(_Client, key_prefix=self.key_prefix)

    def run_script(self, script: str, key: str, arguments: list):
        """Run a Lua script on one key of this cache, atomically; None when Redis is not
        answering (limits/counters.py then counts in the database)."""
        client = self._cache
        redis_key = self.make_and_validate_key(key)

        def run():
            return client.get_client(write=True).eval(script, 1, redis_key, *arguments)

        answer = client._call(run, None)
        return answer.decode() if isinstance(answer, bytes) else answer
