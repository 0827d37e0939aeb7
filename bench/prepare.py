"""Find the benchmark's pages and log its members in; prints one JSON object.

Run by bench/run.py with the server's environment (same database, same Redis), so the sessions
it creates are the ones the server reads:

    python bench/prepare.py --members 20 --threads 1000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402

from accounts.models import User  # noqa: E402
from forum.management.commands.seed_bench import searchable_words  # noqa: E402
from forum.models import Tag, Thread  # noqa: E402

HOT_SLUG = "hot-benchmark-thread"


def member_cookies(count: int) -> list[dict]:
    """A logged-in session and a CSRF secret for each of the first `count` bench members."""
    engine = import_module(settings.SESSION_ENGINE)
    members = list(User.objects.filter(username__startswith="bench_").order_by("pk")[:count])
    cookies = []
    for user in members:
        # Members post once an address of theirs is confirmed.
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        csrf = _get_new_csrf_string()
        header = (
            f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}"
        )
        cookies.append({"username": user.username, "cookie": header, "csrf": csrf})
    return cookies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1000)
    parser.add_argument("--cold-threads", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    frequent, rare = searchable_words()
    hot = Thread.objects.get(slug=HOT_SLUG)
    ordinary = list(
        Thread.objects.filter(slug__startswith="bench-thread-", is_hidden=False).values_list(
            "pk", "slug"
        )
    )
    # The threads read in turn, then threads nobody opens before the cold scenario reads them.
    sample = rng.sample(ordinary, min(args.threads + args.cold_threads, len(ordinary)))
    visited, unvisited = sample[: args.threads], sample[args.threads :]
    tags = list(Tag.objects.filter(tagged_threads__isnull=False).distinct().order_by("slug"))
    tag = next((t for t in tags if t.slug == "estimating"), tags[0])
    print(
        json.dumps(
            {
                "hot": {"id": hot.pk, "path": hot.get_absolute_url(), "posts": hot.last_number},
                "threads": [
                    {"id": pk, "path": f"/threads/{pk}/{slug}/", "reply": f"/threads/{pk}/reply/"}
                    for pk, slug in visited
                ],
                "unvisited": [
                    {"id": pk, "path": f"/threads/{pk}/{slug}/"} for pk, slug in unvisited
                ],
                "tag_path": tag.get_absolute_url(),
                "tag_paths": [t.get_absolute_url() for t in tags],
                "members": member_cookies(args.members),
                "frequent_words": frequent,
                "rare_words": rare,
            }
        )
    )


if __name__ == "__main__":
    main()
