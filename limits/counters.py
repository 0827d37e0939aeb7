"""Sliding-window limits decided atomically, in Redis when it answers and in the database when
it does not, so a limit is never simply off.

A limit is a key (whose hits count together) and its rates: (hits, seconds) pairs, all of which
must have room for a hit to be taken. Taking checks and records in one step: in Redis one Lua
script, in the database under the key's row lock. Simultaneous requests therefore cannot all
pass. A hit can be given back (`Taken.release()`), for work that turned out not to count.

Redis keeps hits in a sorted set per key; the database keeps them in a `Window` row. When Redis
goes away, counting starts again in the database (and again in Redis when it comes back): a
member may get one extra allowance at each switch, never an unlimited one.
"""

from __future__ import annotations

import math
import random
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from limits.models import Window

Rates = Sequence[tuple[int, float]]

# Checks every rate, then records the hit under each, or returns how long to wait.
# KEYS[1]: the sorted set; ARGV: now, token, longest window, then (hits, seconds) pairs.
TAKE_SCRIPT = """
local now = tonumber(ARGV[1])
local longest = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
local wait = 0
for i = 4, #ARGV, 2 do
  local allowed = tonumber(ARGV[i])
  local seconds = tonumber(ARGV[i + 1])
  local recent = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - seconds), '+inf',
                            'WITHSCORES')
  local count = #recent / 2
  if count >= allowed then
    local oldest_counting = tonumber(recent[(count - allowed) * 2 + 2])
    wait = math.max(wait, oldest_counting + seconds - now)
  end
end
if wait > 0 then
  return tostring(wait)
end
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('EXPIRE', KEYS[1], math.ceil(longest) + 1)
return '0'
"""
RELEASE_SCRIPT = "return redis.call('ZREM', KEYS[1], ARGV[1])"
CLEAR_SCRIPT = "return redis.call('DEL', KEYS[1])"

# One take in this many also deletes the database's expired rows: no scheduled job needed.
SWEEP_ONE_IN = 200


class LimitReached(Exception):
    """No room under a limit; `wait` is the seconds until there is."""

    def __init__(self, wait: int) -> None:
        super().__init__(f"Limit reached; room again in {wait} s")
        self.wait = wait


@dataclass
class Taken:
    """Hits recorded by one `limits_take`, which `release()` gives back."""

    hits: list[tuple[str, str, str]] = field(default_factory=list)  # (store, key, token)

    def release(self) -> None:
        for store, key, token in self.hits:
            if store == "redis":
                _run_in_redis(RELEASE_SCRIPT, key, [token])
            else:
                _release_in_database(key, token)
        self.hits = []


def limits_take(*limits: tuple[str, Rates]) -> Taken:
    """Record a hit under every (key, rates) given, or none of them and raise `LimitReached`."""
    taken = Taken()
    for key, rates in limits:
        token = f"{time.time():.6f}:{secrets.token_hex(4)}"
        store, wait = _take(key, rates, token)
        if wait:
            taken.release()
            raise LimitReached(math.ceil(wait))
        taken.hits.append((store, key, token))
    return taken


def limits_clear(*keys: str) -> None:
    """Forget every hit under the keys, wherever they are counted."""
    for key in keys:
        _run_in_redis(CLEAR_SCRIPT, key, [])
        Window.objects.filter(key=key).delete()


def _take(key: str, rates: Rates, token: str) -> tuple[str, float]:
    now = time.time()
    longest = max(seconds for _, seconds in rates)
    arguments = [now, token, longest, *(value for rate in rates for value in rate)]
    answer = _run_in_redis(TAKE_SCRIPT, key, arguments)
    if answer is not None:
        return "redis", float(answer)
    return "database", _take_in_database(key, rates, token, now)


def _run_in_redis(script: str, key: str, arguments: list):
    """The script's answer, or None when there is no Redis or it does not answer."""
    run = getattr(cache, "run_script", None)  # config/redis_cache.py; absent without Redis
    if run is None:
        return None
    return run(script, key, arguments)


def wait_under(times: Sequence[float], rates: Rates, now: float) -> float:
    """Seconds until one more hit fits every rate, given the times of earlier hits."""
    times = sorted(times)
    wait = 0.0
    for allowed, seconds in rates:
        recent = [t for t in times if t > now - seconds]
        if len(recent) >= allowed:
            wait = max(wait, recent[-allowed] + seconds - now)
    return wait


def _take_in_database(key: str, rates: Rates, token: str, now: float) -> float:
    longest = max(seconds for _, seconds in rates)
    with transaction.atomic():
        Window.objects.bulk_create([Window(key=key, expires_at=0)], ignore_conflicts=True)
        window = Window.objects.select_for_update().get(key=key)
        hits = [hit for hit in window.hits if hit[0] > now - longest]
        wait = wait_under([at for at, _ in hits], rates, now)
        if wait:
            return wait
        window.hits = [*hits, [now, token]]
        window.expires_at = now + longest
        window.save(update_fields=["hits", "expires_at"])
        if random.randrange(SWEEP_ONE_IN) == 0:
            Window.objects.filter(expires_at__lt=now).delete()
    return 0.0


def _release_in_database(key: str, token: str) -> None:
    with transaction.atomic():
        window = Window.objects.select_for_update().filter(key=key).first()
        if window is not None:
            window.hits = [hit for hit in window.hits if hit[1] != token]
            window.save(update_fields=["hits"])
