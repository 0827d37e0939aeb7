"""Do sign-up and log-in take as long for a known e-mail address as for an unknown one?

    .venv/bin/python bench/account_timing.py [--tries 15] [--database-url postgres://...]

Runs the production settings (the real password hasher) in-process with Django's test client,
against a scratch SQLite database made for the run unless --database-url names another (it is
migrated and gets one member and the members the run joins). Mail stays in memory. The paths
alternate, so a machine whose speed drifts during the run does not tilt one side; the cache
(and with it allauth's rate limits) is emptied before every try. Prints the median time of
each path and the known/unknown ratio, which should be close to 1.

Not part of the test suite: the figures depend on the machine. The tests count the work
instead (tests/accounts/test_enumeration_work.py).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "Analytical-Engine-1843"
KNOWN_EMAIL = "known.member@example.com"


def configure(database_url: str | None) -> None:
    if not database_url:
        database_url = f"sqlite:///{tempfile.mkdtemp(prefix='account-timing-')}/db.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.pop("REDIS_URL", None)
    # DEBUG serves static files without a collected manifest and runs on plain HTTP; the
    # password hasher, the part measured here, is the production one either way.
    os.environ["DEBUG"] = "true"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=9, help="timed tries of each path")
    parser.add_argument("--database-url", help="default: a scratch SQLite file")
    args = parser.parse_args()
    configure(args.database_url)

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.core import mail
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User

    setup_test_environment()  # mail to the in-memory outbox, as in the tests
    call_command("migrate", verbosity=0)
    run = secrets.token_hex(3)
    known = User.objects.filter(email=KNOWN_EMAIL).first()
    if known is None:
        known = User.objects.create_user(f"known_{run}", KNOWN_EMAIL, PASSWORD)
        EmailAddress.objects.create(user=known, email=KNOWN_EMAIL, verified=True, primary=True)
    client = Client()

    def sign_up(email: str, number: int) -> None:
        username = f"t{run}_{number}"
        data = {"username": username, "email": email, "password1": PASSWORD}
        response = client.post("/accounts/signup/", {**data, "password2": PASSWORD})
        assert response.status_code == 302, response.status_code

    def log_in(login: str, number: int) -> None:
        response = client.post("/accounts/login/", {"login": login, "password": "wrong-pw-1"})
        assert response.status_code == 200, response.status_code

    paths = {
        "sign-up, known address": lambda n: sign_up(KNOWN_EMAIL, n),
        "sign-up, new address": lambda n: sign_up(f"new_{run}_{n}@example.com", n),
        "log-in by address, known": lambda n: log_in(KNOWN_EMAIL, n),
        "log-in by address, unknown": lambda n: log_in(f"nobody_{run}@example.com", n),
        "log-in by username, known": lambda n: log_in(known.username, n),
        "log-in by username, unknown": lambda n: log_in(f"nobody_{run}", n),
    }
    times: dict[str, list[float]] = {name: [] for name in paths}
    for number in range(args.tries + 1):  # the first round warms up and is not counted
        for name, path in paths.items():
            cache.clear()
            mail.outbox = []
            started = time.perf_counter()
            path(number)
            if number:
                times[name].append(time.perf_counter() - started)

    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"median of {args.tries} tries, {django.db.connection.vendor}")
    for name, median in medians.items():
        print(f"  {name:30} {median * 1000:8.1f} ms")
    for known_path, unknown_path in zip(list(medians)[::2], list(medians)[1::2], strict=True):
        ratio = medians[known_path] / medians[unknown_path]
        print(f"  {known_path} / {unknown_path.split(', ')[-1]}: {ratio:.2f}")


if __name__ == "__main__":
    main()
