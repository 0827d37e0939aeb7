"""How long the worker takes to deliver one reply to many subscribers.

Usage (a scratch PostgreSQL database; it is migrated and filled by this script):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmforum_bench \
        .venv/bin/python bench/notify_fanout.py --subscribers 10000

Mail goes to files in a temporary folder, as `make run` writes it, so the time includes
rendering and writing every message.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
mail_dir = tempfile.mkdtemp(prefix="pmforum-bench-mail-")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.EMAIL_FILE_PATH = mail_dir

from accounts.models import User  # noqa: E402
from forum.models import Forum  # noqa: E402
from forum.services import post_reply, thread_create  # noqa: E402
from notifications.models import Subscription  # noqa: E402
from notifications.tasks import notify_reply  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    forum, _ = Forum.objects.get_or_create(slug="bench-fanout", defaults={"name": "Fan-out"})
    prefix = f"fan{int(time.time())}_"
    users = User.objects.bulk_create(
        [
            User(username=f"{prefix}{n}", email=f"{prefix}{n}@bench.example", password="!")
            for n in range(args.subscribers + 1)
        ],
        batch_size=2000,
    )
    asker, subscribers = users[0], users[1:]
    timings = []
    for run in range(args.runs):
        thread = thread_create(
            author=asker, forum=forum, title=f"Fan-out benchmark thread {prefix}{run}", body="Q"
        )
        Subscription.objects.bulk_create(
            [Subscription(user=u, thread=thread) for u in subscribers], batch_size=5000
        )
        replier = User.objects.create(username=f"{prefix}replier{run}", email="r@bench.example")
        post = post_reply(author=replier, thread=thread, body="A reply for everyone " * 20)
        started = time.perf_counter()
        sent = notify_reply.call(post.pk)
        timings.append(time.perf_counter() - started)
        print(f"run {run + 1}: {sent} mails and {args.subscribers} notices in {timings[-1]:.2f} s")
    print(
        f"median {statistics.median(timings):.2f} s for one reply to {args.subscribers} "
        f"subscribers ({args.subscribers / statistics.median(timings):.0f} mails/s); "
        f"mail files in {mail_dir}"
    )


if __name__ == "__main__":
    main()
