"""Real app servers for the scale-out tests: `make serve-processes` on loopback ports.

Each instance is what one production app server runs (gunicorn with config/gunicorn.conf.py
and the task worker), in its own process group so that the test stops exactly what it started.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/5")
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
MAKE = shutil.which("make") or "/usr/bin/make"
# `make serve` without reinstalling: the suite runs from an installed environment.
MAKE_SERVE = [MAKE, "--no-print-directory", "-o", f"{sys.prefix}/bin/.installed", "serve"]
START_TIMEOUT = 60
REQUEST_TIMEOUT = 30


def needs_postgres_and_redis(why: str) -> list:
    """The marks of a test that runs real servers: skipped without PostgreSQL or Redis."""
    return [
        pytest.mark.skipif(
            not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason=why
        ),
        pytest.mark.skipif(not redis_answers(), reason=f"Redis does not answer at {REDIS_URL}"),
    ]


def postgres_url() -> str:
    """The URL of the test database pytest-django created, for processes outside this one."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def redis_answers(url: str = REDIS_URL) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def session_processes(session: int) -> list[dict]:
    """The processes of one session (the one `make serve` was started in)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            argv = (stat.parent / "cmdline").read_bytes().decode().split("\0")
        except (OSError, IndexError):
            continue
        if int(fields[3]) == session:
            found.append({"pid": int(stat.parent.name), "ppid": int(fields[1]), "argv": argv})
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )


def server_env(tmp: Path, **overrides: str) -> dict[str, str]:
    """The production environment, on loopback and plain HTTP."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(Path.home())),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp / "static"),
        "VAR_DIR": str(tmp / "var"),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": "off",
        "LOG_LEVEL": "WARNING",
        # The processes run from this test run's environment, not the runtime-only one that
        # `make serve` installs (tests/ops/test_installs.py checks that one).
        "SERVE_VENV": sys.prefix,
    }
    env.update(overrides)
    return env


@contextmanager
def make_serve(request: pytest.FixtureRequest, **overrides: str) -> Iterator[dict]:
    """`make serve` itself on a free loopback port: the suite's PostgreSQL test database on
    the PostgreSQL run, a fresh SQLite file (migrated by `make serve`) otherwise. Yields the
    base URL, the session id of its processes and its log file; stops the whole session."""
    folder = Path(tempfile.mkdtemp(prefix="pmforum-serve-"))
    if ON_POSTGRES:
        request.getfixturevalue("transactional_db")
        database_url = postgres_url()
    else:
        database_url = f"sqlite:///{folder / 'db.sqlite3'}"
    port = free_port()
    env = server_env(
        folder, DATABASE_URL=database_url, HOST="127.0.0.1", PORT=str(port), **overrides
    )
    env.pop("DEBUG")  # `make serve` switches DEBUG off by itself
    log = folder / "serve.log"
    process = subprocess.Popen(
        MAKE_SERVE,
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while status_of(port, "/healthz") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make serve did not start:\n" + log.read_text())
            time.sleep(0.3)
        yield {"base": f"http://127.0.0.1:{port}", "session": process.pid, "log": log}
    finally:
        stop_session(process)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def serving(name: str, **env: str) -> Iterator[Instance]:
    """One app server in a folder of its own, after emptying this suite's Redis database;
    stopped and cleaned up whatever happens."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    folder = Path(tempfile.mkdtemp(prefix=f"pmforum-{name}-"))
    environment = server_env(folder, **env)
    collect_static(environment)
    instance = Instance(name, environment, folder)
    try:
        yield instance.start()
    finally:
        instance.stop()
        shutil.rmtree(folder, ignore_errors=True)


class Instance:
    """One app server: `make serve-processes` (gunicorn + task worker) on its own port."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.port = free_port()
        self.env = {**env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.env.setdefault("SITE_URL", self.base)
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Instance:
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [shutil.which("make") or "/usr/bin/make", "--no-print-directory", "serve-processes"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log_path.read_text()}")
            if status_of(self.port, "/healthz") == 200:
                return self
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer in time:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        stop_session(self.process)


def stop_session(process: subprocess.Popen | None, timeout: float = 30) -> None:
    """SIGTERM to a process started in a session of its own and to all it started, then SIGKILL
    to what is still there after `timeout` seconds."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def status_of(port: int, path: str, timeout: float = 5) -> int | None:
    """The status of a GET on loopback, or None when nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def text(body: bytes) -> str:
    return body.decode(errors="replace")  # a compressed static file is not text


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def csrf_token(self) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.body)
        assert found, "no CSRF token on the page"
        return unescape(found.group(1))


class Browser:
    """A browser's cookie jar, used against any instance: as behind a load balancer."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def request(
        self,
        url: str,
        data: dict[str, str] | None = None,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
        prepared = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(prepared, timeout=REQUEST_TIMEOUT) as answer:
                return Answer(answer.status, dict(answer.headers), text(answer.read()))
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), text(error.read()))

    def get(self, url: str) -> Answer:
        return self.request(url)

    def post_file(
        self, url: str, fields: dict[str, str], file_field: str, filename: str, content: bytes
    ) -> Answer:
        """A multipart form post with one file, as a browser sends an upload."""
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
            for name, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request(url, body=body, headers={"Content-Type": content_type})

    def post(self, url: str, data: dict[str, str]) -> Answer:
        return self.request(url, data)

    def log_in(self, instance: Instance, username: str, password: str) -> None:
        form = self.get(f"{instance.base}/accounts/login/")
        answer = self.post(
            f"{instance.base}/accounts/login/",
            {"csrfmiddlewaretoken": form.csrf_token(), "login": username, "password": password},
        )
        assert answer.status == 302, answer.body[:2000]

    def add_session(self, session_key: str, csrf_secret: str) -> None:
        """Carry an existing session, as a browser that logged in earlier does."""
        for name, value in (("sessionid", session_key), ("csrftoken", csrf_secret)):
            self.cookies.set_cookie(
                http.cookiejar.Cookie(
                    0, name, value, None, False, "127.0.0.1", False, False, "/", True,
                    False, None, False, None, None, {},
                )
            )  # fmt: skip


def redis_relay_started() -> Relay:
    """A relay to this suite's Redis, open; the test cuts it (and cuts it again at the end)."""
    target = urllib.parse.urlsplit(REDIS_URL)
    relay = Relay((target.hostname or "127.0.0.1", target.port or 6379))
    relay.restore()
    return relay


def redis_url_through(relay: Relay) -> str:
    """This suite's Redis URL, reached through the relay."""
    return REDIS_URL.replace(urllib.parse.urlsplit(REDIS_URL).netloc, f"127.0.0.1:{relay.port}")


class Relay:
    """Forwards a loopback port to a service (PostgreSQL, Redis): cut() is the outage, restore()
    the recovery. Cutting drops every open connection and refuses new ones, as a restart or a
    network failure does."""

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
