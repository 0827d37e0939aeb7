"""Many members replying to one thread at the same instant, from separate processes."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

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


def all_at_once(count: int, send) -> list:
    """send(n) from `count` threads at the same moment; their answers in order."""
    start = threading.Barrier(count)
    answers = [None] * count

    def run(n: int) -> None:
        start.wait()
        try:
            answers[n] = send(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the in-memory SQLite test database locks whole tables between threads",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_text", [False, True])
def test_a_burst_of_simultaneous_replies_from_one_member_lands_one_post(same_text):
    thread = make_thread(title="One member, many submit buttons")
    member = UserFactory()
    browsers = []
    for _ in range(10):
        browser = Client()
        browser.force_login(member)
        browsers.append(browser)

    def send(n: int):
        body = "Same text every time" if same_text else f"Reply number {n}"
        return browsers[n].post(f"/threads/{thread.pk}/reply/", {"body": body})

    answers = all_at_once(10, send)

    assert thread.posts.filter(number__gt=1).count() == 1
    statuses = sorted(a.status_code for a in answers)
    # Identical texts all land on the one post; different ones are told to wait.
    assert statuses == ([302] * 10 if same_text else [302] + [429] * 9)
