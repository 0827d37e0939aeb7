"""Reads from a PostgreSQL read replica, when DATABASE_REPLICA_URL adds one.

Every query goes to the primary ("default") unless the code runs inside `reads_from_replica()`.
config/replica.py enters it for GET and HEAD requests, except for a member who has just
written: their next pages read from the primary, so they see their own post at once whatever
the replica's lag. Writes, management commands and the task worker always use the primary.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PRIMARY = "default"
REPLICA = "replica"

# A context variable, not a global: each thread of a gthread worker serves its own request.
_read_from_replica: ContextVar[bool] = ContextVar("pmforum_read_from_replica", default=False)


@contextmanager
def reads_from_replica() -> Iterator[None]:
    token = _read_from_replica.set(True)
    try:
        yield
    finally:
        _read_from_replica.reset(token)


@contextmanager
def reads_from_primary() -> Iterator[None]:
    token = _read_from_replica.set(False)
    try:
        yield
    finally:
        _read_from_replica.reset(token)


def reading_from_replica() -> bool:
    return _read_from_replica.get()


class PrimaryReplicaRouter:
    """settings.DATABASE_ROUTERS when a replica is configured."""

    def db_for_read(self, model, **hints) -> str:
        return REPLICA if _read_from_replica.get() else PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        # The replica gets its schema by replication, never from `migrate`.
        return db == PRIMARY
