"""The header's unread count and the notifications page agree, wherever the worker runs.

The worker is another process: it shares the database with the web process but, without Redis,
not the cache. These tests run the worker with a cache of its own, as `make run` does.
"""

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.factories import UserFactory, make_thread

HEADER_BADGE = re.compile(r'class="badge badge--count">(\d+)<span class="visually-hidden"> unread')

# What a worker process on another machine, or beside `runserver` without Redis, has: a cache
# the web process never sees.
WORKERS_OWN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "the-worker-process",
    }
}


def header_count(html: str) -> int:
    found = HEADER_BADGE.search(html)
    return int(found[1]) if found else 0


def run_worker_in_its_own_process_cache() -> None:
    with override_settings(CACHES=WORKERS_OWN_CACHE):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_header_count_and_notifications_page_agree_after_a_worker_in_another_process(
    database_task_queue,
):
    thread = make_thread(title="Counting notices across processes")
    run_worker_in_its_own_process_cache()  # the question's own task
    watcher = logged_in(UserFactory())
    watcher.post(f"/threads/{thread.pk}/subscribe/")
    assert header_count(watcher.get("/").content.decode()) == 0  # nothing unread yet

    for n in range(3):
        replier = logged_in(UserFactory())
        response = replier.post(
            f"/threads/{thread.pk}/reply/", {"body": f"Advice number {n} for the watcher."}
        )
        assert response.status_code == 302
    run_worker_in_its_own_process_cache()

    listing = watcher.get("/notifications/").content.decode()
    assert listing.count("badge--new") == 3
    assert header_count(listing) == 3
    assert "Mark all as read" in listing
    assert header_count(watcher.get("/").content.decode()) == 3

    response = watcher.post("/notifications/read/", follow=True)
    listing = response.content.decode()
    assert "badge--new" not in listing and header_count(listing) == 0
    assert "Mark all as read" not in listing


@pytest.mark.django_db(transaction=True)
def test_reading_the_thread_clears_the_count_on_that_very_page(database_task_queue):
    thread = make_thread(title="Reading clears the count at once")
    run_worker_in_its_own_process_cache()
    watcher = logged_in(UserFactory())
    watcher.post(f"/threads/{thread.pk}/subscribe/")
    logged_in(UserFactory()).post(f"/threads/{thread.pk}/reply/", {"body": "One new reply."})
    run_worker_in_its_own_process_cache()
    assert header_count(watcher.get("/").content.decode()) == 1

    html = watcher.get(thread.get_absolute_url(), follow=True).content.decode()

    assert "One new reply." in html
    assert header_count(html) == 0
    listing = watcher.get("/notifications/").content.decode()
    assert "badge--new" not in listing and "Mark all as read" not in listing
