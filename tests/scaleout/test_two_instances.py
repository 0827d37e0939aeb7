"""Two app servers sharing one PostgreSQL database and one Redis behave as one site.

Runs only when the suite runs on PostgreSQL (DATABASE_URL) and Redis answers
(SCALEOUT_REDIS_URL, default redis://127.0.0.1:6379/5, a database of its own: it is emptied).
Each server is `make serve-processes`: gunicorn with the production settings plus the worker.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.middleware.csrf import _get_new_csrf_string
from django.test.utils import override_settings

from forum.models import Post
from tests.factories import UserFactory, make_thread
from tests.scaleout.servers import (
    REDIS_URL,
    Browser,
    Instance,
    collect_static,
    needs_postgres_and_redis,
    postgres_url,
    server_env,
)

pytestmark = needs_postgres_and_redis("several app servers share a PostgreSQL database")

PASSWORD = "correct-horse-battery"
MEMBERS_REPLYING = 8


@pytest.fixture(scope="module")
def workdir():
    folder = Path(tempfile.mkdtemp(prefix="pmforum-scaleout-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def site(transactional_db, workdir):
    """Instances A and B on two ports, one database, one Redis; stopped whatever happens."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # this suite's own Redis database
    env = server_env(workdir, DATABASE_URL=postgres_url(), REDIS_URL=REDIS_URL)
    if not (workdir / "static" / "staticfiles.json").exists():
        collect_static(env)
    instances = [Instance("a", env, workdir), Instance("b", env, workdir)]
    try:
        for instance in instances:
            instance.start()
        yield instances
    finally:
        for instance in instances:
            instance.stop()


def server_key(site) -> str:
    return site[0].env["SECRET_KEY"]


def member_with_password(site, **fields):
    """A member whose password the servers can check (they hash as production does)."""
    user = UserFactory(**fields)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt")
    user.save(update_fields=["password"])
    return user


def logged_in(site, user) -> Browser:
    """A browser holding a session made the way a log-in on the servers makes one."""
    with override_settings(SECRET_KEY=server_key(site)):
        store = import_module("django.contrib.sessions.backends.db").SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
    browser = Browser()
    browser.add_session(store.session_key, _get_new_csrf_string())
    return browser


def test_a_session_from_one_server_is_valid_on_the_other(site):
    a, b = site
    member_with_password(site, username="scaleout_amara", display_name="Amara Scaleout")
    browser = Browser()
    browser.log_in(a, "scaleout_amara", PASSWORD)

    page = browser.get(f"{b.base}/notifications/")
    assert page.status == 200
    assert "Amara Scaleout" in page.body
    assert "Log out" in page.body
    # And the other way round, on a page that needs the member.
    assert browser.get(f"{a.base}/accounts/profile/").status == 200


def test_a_reply_posted_on_one_server_shows_at_once_on_the_other(site):
    a, b = site
    thread = make_thread(title="Where do you keep the risk register?")
    url = thread.get_absolute_url()
    visitor = Browser()
    # B has the page in its cache for visitors before the reply is posted.
    visitor.get(f"{b.base}{url}")
    assert visitor.get(f"{b.base}{url}").headers.get("X-Page-Cache") == "hit"

    poster = logged_in(site, UserFactory(display_name="Rui Poster"))
    form = poster.get(f"{a.base}{url}")
    answer = poster.post(
        f"{a.base}/threads/{thread.pk}/reply/",
        {"csrfmiddlewaretoken": form.csrf_token(), "body": "A shared drive, versioned weekly."},
    )
    assert answer.status == 302

    assert "A shared drive, versioned weekly." in visitor.get(f"{b.base}{url}").body
    assert "A shared drive, versioned weekly." in poster.get(f"{b.base}{url}").body


def test_posting_limits_count_across_both_servers(site):
    a, b = site
    thread = make_thread(title="How often do you report status?")
    member = logged_in(site, UserFactory())
    url = thread.get_absolute_url()

    first = member.post(
        f"{a.base}/threads/{thread.pk}/reply/",
        {"csrfmiddlewaretoken": member.get(f"{a.base}{url}").csrf_token(), "body": "Weekly."},
    )
    assert first.status == 302
    second = member.post(
        f"{b.base}/threads/{thread.pk}/reply/",
        {"csrfmiddlewaretoken": member.get(f"{b.base}{url}").csrf_token(), "body": "Daily."},
    )
    assert second.status == 429
    assert int(second.headers["Retry-After"]) > 0
    assert list(thread.posts.values_list("body", flat=True).order_by("number")) == [
        thread.posts.get(number=1).body,
        "Weekly.",
    ]


def test_members_replying_at_the_same_instant_on_both_servers_get_dense_numbers(site):
    a, b = site
    thread = make_thread(title="Everyone answers this one at once")
    url = thread.get_absolute_url()
    members = [logged_in(site, UserFactory()) for _ in range(MEMBERS_REPLYING)]
    servers = [a if n % 2 else b for n in range(MEMBERS_REPLYING)]
    tokens = [m.get(f"{s.base}{url}").csrf_token() for m, s in zip(members, servers, strict=True)]
    start = threading.Barrier(MEMBERS_REPLYING)

    def reply(n: int) -> int:
        start.wait(timeout=30)
        return (
            members[n]
            .post(
                f"{servers[n].base}/threads/{thread.pk}/reply/",
                {"csrfmiddlewaretoken": tokens[n], "body": f"Answer from member {n}."},
            )
            .status
        )

    with ThreadPoolExecutor(MEMBERS_REPLYING) as pool:
        statuses = list(pool.map(reply, range(MEMBERS_REPLYING)))

    assert statuses == [302] * MEMBERS_REPLYING
    thread.refresh_from_db()
    numbers = list(Post.objects.filter(thread=thread).order_by("number").values_list("number"))
    assert [n for (n,) in numbers] == list(range(1, MEMBERS_REPLYING + 2))
    assert thread.last_number == MEMBERS_REPLYING + 1
    assert thread.reply_count == MEMBERS_REPLYING
