"""PostgreSQL going away and coming back, seen from a running app server.

The server reaches PostgreSQL through a TCP relay owned by the test: cutting the relay drops
every open connection and refuses new ones, as a database restart or a network failure does.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_thread
from tests.scaleout.servers import (
    REDIS_URL,
    Browser,
    Instance,
    collect_static,
    needs_postgres_and_redis,
    postgres_url,
    server_env,
)

pytestmark = needs_postgres_and_redis("the relay stands between an app server and PostgreSQL")


class Relay:
    """Forwards a loopback port to the database; cut() is the outage, restore() the recovery."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener: socket.socket | None = None
        self.port = 0
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        if self.listener is not None:
            # shutdown() first: close() alone leaves a blocked accept() listening on Linux.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed: the outage has begun
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def relay():
    db = connection.settings_dict
    relay = Relay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    relay.restore()
    yield relay
    relay.cut()


@pytest.fixture
def server(transactional_db, relay):
    folder = Path(tempfile.mkdtemp(prefix="pmforum-outage-"))
    through_relay = postgres_url().replace(
        f":{connection.settings_dict['PORT'] or 5432}/", f":{relay.port}/"
    )
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # this suite's own Redis database
    env = server_env(folder, DATABASE_URL=through_relay, REDIS_URL=REDIS_URL)
    collect_static(env)
    instance = Instance("outage", env, folder)
    try:
        yield instance.start()
    finally:
        instance.stop()
        shutil.rmtree(folder, ignore_errors=True)


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
