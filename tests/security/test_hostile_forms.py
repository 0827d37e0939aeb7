"""The hostile corpus typed into the forms members use (the ask form and the profile form),
as a member would send it: each input is answered without a server error, and afterwards
every page that lists what members wrote answers 200 and shows it inert.

tests/security/test_hostile_pages.py stores every input through the services, past what
the forms refuse; this module walks the URLs, so it holds what the forms let through.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from accounts.models import User
from forum.models import Forum, Tag, Thread
from tests.factories import UserFactory
from tests.security.corpus import HOSTILE_INPUTS
from tests.security.test_hostile_pages import (
    page_urls,
    problems_on,
    sitemap_locations,
    xml_problems_on,
)

FALLBACK_TAG = "Estimating"


@dataclass
class Typed:
    statuses: dict[str, list[int]]  # form -> the status of each answer
    members: list[User]
    tags: list[Tag]
    threads: list[Thread]


def ask(client: Client, forum: Forum, text: str, tags: str):
    return client.post(
        "/threads/new/",
        {
            "title": f"Question: {text}"[:150],
            "body": text,
            "forum": forum.pk,
            "tags": tags,
            "context": "general",
        },
    )


@pytest.fixture(scope="module")
def typed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        forum, _ = Forum.objects.get_or_create(
            slug="project-management", defaults={"name": "Project Management"}
        )
        statuses = {"profile": [], "ask": []}
        members = []
        for n, text in enumerate(HOSTILE_INPUTS):
            member = UserFactory(username=f"typist{n}")
            members.append(member)
            client = Client()
            client.force_login(member)
            profile = client.post(
                "/accounts/profile/",
                {"display_name": text[:80], "headline": text[:120], "location": text[:80]},
            )
            asked = ask(client, forum, text, tags=text[:40])
            if asked.status_code == 200:
                # The tag refused, say: the title and body still go in, with a plain tag.
                asked = ask(client, forum, text, tags=FALLBACK_TAG)
            statuses["profile"].append(profile.status_code)
            statuses["ask"].append(asked.status_code)
        cache.clear()
        yield Typed(
            statuses=statuses,
            members=members,
            tags=list(Tag.objects.all()),
            threads=list(Thread.objects.filter(author__in=members)),
        )
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_hostile_input_typed_into_a_form_gets_an_answer_not_a_server_error(typed):
    for form, statuses in typed.statuses.items():
        assert set(statuses) <= {200, 302}, form
    # Most inputs make a question: the lists below are not checking an empty site.
    assert len(typed.threads) > len(HOSTILE_INPUTS) // 2


@pytest.mark.django_db
def test_pages_listing_what_was_typed_answer_and_are_inert(client, typed):
    urls = page_urls("/", len(typed.threads)) + page_urls("/forums/project-management/", 1)
    urls += ["/tags/"] + [tag.get_absolute_url() for tag in typed.tags]
    urls += [member.get_absolute_url() for member in typed.members]
    urls += [thread.get_absolute_url() for thread in typed.threads]
    urls += ["/search/?" + urlencode({"q": word}) for word in ("script", "alert", "question")]
    assert problems_on(client, urls) == {}


@pytest.mark.django_db
def test_sitemaps_and_feeds_of_what_was_typed_are_well_formed(client, typed):
    sections = [urlsplit(loc).path for loc in sitemap_locations(client, "/sitemap.xml")]
    urls = ["/sitemap.xml", *sections, "/feeds/latest/"]
    urls += [f"/feeds/tags/{tag.slug}/" for tag in typed.tags]
    urls += [f"/feeds/threads/{thread.pk}/" for thread in typed.threads]
    assert xml_problems_on(client, urls) == {}
