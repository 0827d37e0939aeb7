"""Many members replying to one thread at the same instant, from separate processes."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import UserFactory, make_thread

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 8
REPLIES_EACH = 5

REPLY_SCRIPT = """
import sys, time
import django
django.setup()
from accounts.models import User
from forum.models import Thread
from forum.services import post_reply

user = User.objects.get(pk=int(sys.argv[1]))
thread = Thread.objects.get(pk=int(sys.argv[2]))
time.sleep(max(0.0, float(sys.argv[3]) - time.time()))
for n in range(int(sys.argv[4])):
    post_reply(author=user, thread=thread, body=f"Reply {n} from {user.username}")
"""


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locking across processes is a PostgreSQL test",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_replies_from_many_processes_get_dense_unique_numbers():
    thread = make_thread(title="Everyone replies at once to this")
    members = [UserFactory() for _ in range(WORKERS)]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
    }
    start_at = time.time() + 3  # every process starts replying at the same moment
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                REPLY_SCRIPT,
                str(m.pk),
                str(thread.pk),
                str(start_at),
                str(REPLIES_EACH),
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for m in members
    ]
    for process in processes:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors

    thread.refresh_from_db()
    numbers = sorted(thread.posts.values_list("number", flat=True))
    expected = WORKERS * REPLIES_EACH + 1
    assert numbers == list(range(1, expected + 1))
    assert thread.last_number == expected
    assert thread.reply_count == expected - 1
    assert thread.last_post.number == expected
