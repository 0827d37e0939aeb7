"""A server error reaches the error tracker (a fake Sentry on loopback); with no tracker
configured, reporting stays off."""

from __future__ import annotations

import gzip
import http.server
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.security.test_production_settings import production_env, run

FORCE_AN_ERROR = """
import django
django.setup()
from django.test import Client
from django.urls import clear_url_caches, path
import config.urls

def broken(request):
    raise RuntimeError("forced failure for the error-report test")

config.urls.urlpatterns.append(path("forced-error/", broken))
clear_url_caches()
response = Client(raise_request_exception=False).get(
    "/forced-error/", HTTP_HOST="127.0.0.1", HTTP_COOKIE="sessionid=private-cookie-value"
)
import sentry_sdk
print(response.status_code, sentry_sdk.get_client().is_active())
sentry_sdk.flush(timeout=10)
"""


@contextmanager
def fake_sentry() -> Iterator[tuple[int, list[bytes]]]:
    received: list[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], received
    finally:
        server.shutdown()
        server.server_close()


def force_an_error(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = production_env(
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="false",
        VAR_DIR=str(tmp_path),
        RELEASE_ID="release-under-test",
        **env,
    )
    return run(["-c", FORCE_AN_ERROR], environment)


def test_a_server_error_is_reported_with_the_release_and_without_personal_data(tmp_path):
    with fake_sentry() as (port, received):
        result = force_an_error(tmp_path, SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42")
    assert result.stdout.split() == ["500", "True"], result.stderr
    reports = b"\n".join(received).decode()
    assert "forced failure for the error-report test" in reports
    assert "release-under-test" in reports
    assert "private-cookie-value" not in reports
    assert '"ip_address"' not in reports


def test_without_a_dsn_error_reporting_stays_off(tmp_path):
    result = force_an_error(tmp_path, SENTRY_DSN="")
    assert result.stdout.split() == ["500", "False"], result.stderr
