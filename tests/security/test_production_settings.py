"""The production configuration, run as an operator would: fresh processes, real environment."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str | None) -> dict[str, str]:
    """The environment `make serve` would see: nothing from the test run leaks in."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "forum.example.com",
        "SITE_URL": "https://forum.example.com",
        "DATABASE_URL": "sqlite://:memory:",
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checklist_does_fail_on_a_weak_configuration():
    # The same command with HTTPS switched off must complain, or the test above proves nothing.
    env = production_env(HTTPS="false")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "secret_key",
    [
        None,
        "",
        "short-key",
        "dev-only-insecure-key-do-not-use-in-production",
        "django-insecure-" + "k" * 50,
        "ab" * 30,
    ],
    ids=["missing", "empty", "short", "development-key", "django-insecure", "few-characters"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    result = run(["manage.py", "check"], production_env(SECRET_KEY=secret_key))
    assert result.returncode != 0
    assert "Set SECRET_KEY to at least 50 random characters when DEBUG is off" in result.stderr


PROBE = r"""
import json
import django
django.setup()
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import override_settings

with connection.schema_editor() as editor:
    editor.create_model(Session)

client = Client(HTTP_HOST="forum.example.com")
plain = client.get("/healthz")
secure = client.get("/healthz", secure=True)

def remember(request):
    request.session["seen"] = True
    return HttpResponse("ok")

request = RequestFactory(HTTP_HOST="forum.example.com").get("/", secure=True)
session_cookie = SessionMiddleware(remember)(request).cookies[settings.SESSION_COOKIE_NAME]

# The login page renders templates; collectstatic's manifest does not exist in a test run,
# so only the static file storage is swapped. Every security setting stays as production set it.
simple_static = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=simple_static):
    login = client.get("/accounts/login/", secure=True)
csrf_cookie = login.cookies[settings.CSRF_COOKIE_NAME]

print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "hsts": secure.get("Strict-Transport-Security"),
    "secure_status": secure.status_code,
    "csp": secure.get("Content-Security-Policy"),
    "session_cookie": {"secure": session_cookie["secure"], "httponly": session_cookie["httponly"],
                       "samesite": session_cookie["samesite"]},
    "login_status": login.status_code,
    "csrf_cookie": {"secure": csrf_cookie["secure"], "httponly": csrf_cookie["httponly"],
                    "samesite": csrf_cookie["samesite"]},
}))
"""


@pytest.fixture(scope="module")
def production_probe() -> dict:
    result = run(["-c", PROBE], production_env())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_plain_http_to_https(production_probe):
    assert production_probe["plain_status"] == 301
    assert production_probe["plain_location"] == "https://forum.example.com/healthz"


def test_production_sends_hsts_for_a_year_with_subdomains(production_probe):
    assert production_probe["secure_status"] == 200
    assert production_probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in production_probe["csp"]


def test_production_cookies_are_secure_httponly_and_samesite_lax(production_probe):
    assert production_probe["login_status"] == 200
    for name in ("session_cookie", "csrf_cookie"):
        assert production_probe[name] == {"secure": True, "httponly": True, "samesite": "Lax"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HTTPS", "ture"),
        ("DEBUG", "nope"),
        ("EMAIL_USE_TLS", "maybe"),
        ("CONN_MAX_AGE", "sixty"),
        ("REDIS_TIMEOUT", "half"),
        ("DATABASE_URL", "postgress://db.example.com/forum"),
        ("DATABASE_URL", "postgres:///no-host"),
        ("REDIS_URL", "127.0.0.1:6379"),
        ("SITE_URL", "forum.example.com"),
        ("DELIVERY_RETRY_DELAYS", "60,five"),
    ],
)
def test_a_malformed_setting_stops_the_start_with_its_name(name, value):
    env = production_env(**{name: value, "EMAIL_HOST": "smtp.example.com"})
    result = run(["-m", "config.preflight"], env)
    assert result.returncode == 1
    assert f"cannot start: {name}={value!r}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["true", "True", "yes", "on", "1", "false", "No", "OFF", "0"])
def test_every_documented_yes_no_word_is_accepted(value):
    result = run(["-m", "config.preflight"], production_env(HTTPS=value))
    assert result.returncode == 0, result.stderr
