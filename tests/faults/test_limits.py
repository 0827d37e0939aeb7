"""Limits that hold on real app servers: bursts of simultaneous requests, Redis cut away, and a
stranger guessing a member's password from another address.

The servers run the production configuration (gunicorn with several processes and threads)
on PostgreSQL, and reach Redis through a relay the test can cut.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from forum.models import Post
from tests.factories import UserFactory, make_thread
from tests.scaleout.servers import (
    Answer,
    Browser,
    Instance,
    needs_postgres_and_redis,
    postgres_url,
    redis_url_through,
    serving,
)

pytestmark = needs_postgres_and_redis("limits are tested on real app servers")

PASSWORD = "correct-horse-battery"
WRONG_ANSWER = "The username and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def server(transactional_db, redis_relay):
    with serving(
        "limits",
        DATABASE_URL=postgres_url(),
        REDIS_URL=redis_url_through(redis_relay),
        REDIS_RETRY_SECONDS="1",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="4",
        # One proxy in front: the client's address is the last one in X-Forwarded-For.
        TRUSTED_PROXY_COUNT="1",
    ) as instance:
        yield instance


def member_with_password(**fields):
    user = UserFactory(**fields)
    # The servers' own hasher, with few iterations: the test is about limits, not hashing.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "limitssalt", iterations=1000)
    user.save(update_fields=["password"])
    return user


def from_address(address: str) -> Browser:
    """A browser whose requests reach the site from `address`, as the proxy reports it."""
    browser = Browser()
    browser.opener.addheaders.append(("X-Forwarded-For", address))
    return browser


def all_at_once(requests) -> list[Answer]:
    """Send every request at the same moment, each from its own thread."""
    start = threading.Barrier(len(requests))
    answers: list[Answer | None] = [None] * len(requests)

    def send(index: int, request) -> None:
        start.wait()
        answers[index] = request()

    threads = [threading.Thread(target=send, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def reply_sender(member: Browser, server: Instance, thread_id: int, token: str, body: str):
    url = f"{server.base}/threads/{thread_id}/reply/"
    return lambda: member.post(url, {"csrfmiddlewaretoken": token, "body": body})


def logged_in_member(server: Instance, address: str = "198.51.100.20") -> tuple[Browser, str]:
    user = member_with_password()
    member = from_address(address)
    member.log_in(server, user.username, PASSWORD)
    return member, member.get(f"{server.base}/").csrf_token()


def log_in_answer(browser: Browser, server: Instance, login: str, password: str) -> Answer:
    form = browser.get(f"{server.base}/accounts/login/")
    return browser.post(
        f"{server.base}/accounts/login/",
        {"csrfmiddlewaretoken": form.csrf_token(), "login": login, "password": password},
    )


def test_twenty_simultaneous_replies_land_one_and_refuse_the_rest_with_their_text(server):
    thread = make_thread(title="Everyone in the team answers at once")
    member, token = logged_in_member(server)
    bodies = [f"Burst reply number {n} about the estimate" for n in range(20)]

    answers = all_at_once([reply_sender(member, server, thread.pk, token, b) for b in bodies])

    assert Counter(a.status for a in answers) == {302: 1, 429: 19}
    for body, answer in zip(bodies, answers, strict=True):
        if answer.status == 429:
            assert int(answer.headers["Retry-After"]) > 0
            assert f"{body}</textarea>" in answer.body
    assert Post.objects.filter(thread=thread).count() == 2


def test_ten_identical_simultaneous_submissions_make_one_post(server):
    thread = make_thread(title="The reply button clicked ten times")
    member, token = logged_in_member(server)
    body = "We bill change requests at the agreed day rate."

    answers = all_at_once([reply_sender(member, server, thread.pk, token, body)] * 10)

    assert Post.objects.filter(thread=thread, body=body).count() == 1
    post = Post.objects.get(thread=thread, body=body)
    # Every submission lands on the one post made.
    assert [a.status for a in answers] == [302] * 10
    assert all(a.headers["Location"].endswith(f"#post-{post.pk}") for a in answers)


def test_with_redis_cut_the_limits_still_refuse(server, redis_relay):
    thread = make_thread(title="Posting while the cache is away")
    owner = member_with_password()
    member, token = logged_in_member(server)

    redis_relay.cut()
    first = reply_sender(member, server, thread.pk, token, "First reply without Redis")()
    second = reply_sender(member, server, thread.pk, token, "Second reply, too soon")()
    stranger = from_address("203.0.113.9")
    guesses = [log_in_answer(stranger, server, owner.username, f"guess-{n}") for n in range(6)]

    assert first.status == 302
    assert second.status == 429 and "Second reply, too soon</textarea>" in second.body
    assert [WRONG_ANSWER in g.body for g in guesses] == [True] * 5 + [False]
    assert TOO_MANY in guesses[5].body
    # Even the right password waits, from the address that guessed.
    assert TOO_MANY in log_in_answer(stranger, server, owner.username, PASSWORD).body


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out(server):
    owner = member_with_password()
    stranger = from_address("203.0.113.66")
    guesses = [log_in_answer(stranger, server, owner.username, f"guess-{n}") for n in range(6)]
    assert TOO_MANY in guesses[5].body

    at_home = from_address("198.51.100.5")
    answer = log_in_answer(at_home, server, owner.username, PASSWORD)

    assert answer.status == 302, answer.body[:2000]
    assert "Log out" in at_home.get(f"{server.base}/").body
