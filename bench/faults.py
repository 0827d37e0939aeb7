"""Fault run: a task worker killed (SIGKILL) during the fan-out of a reply, then started again.

For each kill point (a share of the mails already accepted when the worker dies) one reply goes
to `--subscribers` members; a real `manage.py db_worker` and `manage.py run_scheduler` do the
work, a local SMTP server counts what it accepts. Prints, per kill point: subscribers, mails
expected, mails accepted, lost, duplicated, and the seconds from the kill until every mail
was done.

Usage (a scratch PostgreSQL database, created and migrated by this script; Redis database 6):
    .venv/bin/python bench/faults.py --subscribers 2000
    .venv/bin/python bench/faults.py --database-url postgres://postgres@127.0.0.1:5432/x

Recovery settings are shortened (tests/faults/processes.py: a 1 s sweep, a 4 s lease, a worker
silent for 5 s is dead); production waits minutes, not seconds.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/6")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def one_run(share, *, running, mail_server, forum, asker, replier, subscribers, prefix):
    """One reply, the worker killed once `share` of its mails went out; the figures' line."""
    from forum.services import post_reply, thread_create
    from notifications.models import DeliveryStatus, EmailDelivery, Subscription
    from tests.faults.processes import wait_for

    thread = thread_create(author=asker, forum=forum, title=f"Fault run {prefix}{share}", body="Q")
    Subscription.objects.filter(thread=thread).delete()  # the asker's own
    Subscription.objects.bulk_create(
        [Subscription(user=u, thread=thread) for u in subscribers], batch_size=5000
    )
    expected = {u.email for u in subscribers}
    before = mail_server.counts()
    post_reply(author=replier, thread=thread, body="A reply for everyone")

    def logs() -> str:
        return running["worker"].log()

    wait_for(
        lambda: mail_server.total() - before.total() >= share * len(expected), 600, "mails", logs
    )
    running["worker"].kill()
    killed = time.monotonic()
    running["worker"].start()
    pending = EmailDelivery.objects.filter(post__thread=thread, status=DeliveryStatus.PENDING)
    wait_for(lambda: not pending.exists(), 600, "every delivery done", logs)
    finished = time.monotonic() - killed
    counts = mail_server.counts() - before
    received = {address: counts[address] for address in expected if counts[address]}
    return (
        f"{share:>8.0%} {len(subscribers):>11} {len(expected):>8} {sum(received.values()):>6} "
        f"{len(expected) - len(received):>5} {sum(c - 1 for c in received.values()):>10} "
        f"{finished:>14.1f}s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--kill-at", default="0.05,0.5,0.9", help="shares of the mails")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/pmforum_bench_faults"
    )
    args = parser.parse_args()
    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # This process enqueues into the database queue, as a web server does.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    from accounts.models import User
    from forum.models import Forum
    from tests.faults.processes import background, wait_until_beating
    from tests.faults.smtp import MailServer

    forum, _ = Forum.objects.get_or_create(slug="bench-faults", defaults={"name": "Faults"})
    prefix = f"flt{int(time.time())}_"
    users = User.objects.bulk_create(
        [
            User(username=f"{prefix}{n}", email=f"{prefix}{n}@bench.example", password="!")
            for n in range(args.subscribers + 2)
        ],
        batch_size=2000,
    )
    mail_server = MailServer()
    mail_server.controller.start()
    print(f"{'kill at':>8} {'subscribers':>11} {'expected':>8} {'sent':>6} {'lost':>5} "
          f"{'duplicated':>10} {'done after kill':>15}")  # fmt: skip
    try:
        with background(mail_server, "worker", "scheduler", DIGEST_HOUR="24") as running:
            wait_until_beating(running)
            for share in (float(s) for s in args.kill_at.split(",")):
                line = one_run(
                    share,
                    running=running,
                    mail_server=mail_server,
                    forum=forum,
                    asker=users[0],
                    replier=users[1],
                    subscribers=users[2:],
                    prefix=prefix,
                )
                print(line, flush=True)
    finally:
        mail_server.controller.stop()


if __name__ == "__main__":
    main()
