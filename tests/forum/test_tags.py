"""Tags: any name the ask form accepts gives a tag whose pages work."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.forms import TAG_MAX_LENGTH, clean_tag_names
from forum.models import Tag, Thread
from tests.factories import ForumFactory, UserFactory

pytestmark = pytest.mark.django_db

# Names whose plain slug would be empty ("_", "-", "...") or the same as another's ("C#", "C++").
AWKWARD_NAMES = ["_", "_-_", "_...", "C#", "C++", "C", "Планирование", "見積もり", "R&D", "a/b"]


def ask(client: Client, forum, tags: str, title: str = "How do I plan a tricky migration?"):
    return client.post(
        "/threads/new/",
        {
            "title": title,
            "body": f"We have a client waiting for an answer about {title}.",
            "forum": forum.pk,
            "tags": tags,
            "context": "client",
        },
    )


def pages_listing(thread: Thread) -> list[str]:
    """Every page that shows the thread's tags or links to their pages."""
    urls = ["/", thread.forum.get_absolute_url(), "/tags/", "/sitemap-tags.xml"]
    urls.append(thread.get_absolute_url())
    for tag in thread.tags.all():
        urls += [tag.get_absolute_url(), f"/feeds/tags/{quote(tag.slug)}/"]
    return urls


def assert_pages_work(client: Client, thread: Thread) -> None:
    for url in pages_listing(thread):
        cache.clear()  # each page rendered afresh, not from the visitors' page cache
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def test_question_tagged_underscore_leaves_every_listing_page_working(client):
    forum = ForumFactory(name="Project Management", slug="project-management")
    client.force_login(UserFactory())

    response = ask(client, forum, "_")

    thread = Thread.objects.get()
    assert response.status_code == 302
    tag = thread.tags.get()
    assert tag.name == "_" and tag.slug
    client.logout()
    assert_pages_work(client, thread)
    tag_page = client.get(tag.get_absolute_url()).content.decode()
    assert thread.title in tag_page


def test_awkward_tag_names_each_get_a_distinct_working_page(client):
    forum = ForumFactory(name="Project Management", slug="project-management")
    client.force_login(UserFactory())
    for start in range(0, len(AWKWARD_NAMES), 5):
        names = AWKWARD_NAMES[start : start + 5]
        response = ask(client, forum, ", ".join(names), title=f"Tagged oddly, batch {start}")
        assert response.status_code == 302

    tags = Tag.objects.all()
    assert sorted(t.name for t in tags) == sorted(AWKWARD_NAMES)
    assert all(tags.values_list("slug", flat=True))
    assert len({t.slug for t in tags}) == len(AWKWARD_NAMES)
    assert Tag.objects.get(name="C#").slug == "c-sharp"
    assert Tag.objects.get(name="C++").slug == "c-plus-plus"
    assert Tag.objects.get(name="見積もり").slug == "見積もり"
    client.logout()
    for thread in Thread.objects.all():
        assert_pages_work(client, thread)
    tag_index = client.get("/tags/").content.decode()
    for tag in tags:
        assert f'href="{tag.get_absolute_url()}"' in tag_index


def test_tag_of_punctuation_alone_is_refused_next_to_the_field(client):
    forum = ForumFactory(name="Project Management", slug="project-management")
    client.force_login(UserFactory())
    for name in ("-", "...", "#"):
        response = ask(client, forum, name)
        assert response.status_code == 200
        assert "has characters a tag cannot have" in response.content.decode()
    assert not Thread.objects.exists()


# Names the ask form accepts: a word character, then what tags may contain. Half the
# characters are punctuation, so names whose slug would be empty come up often.
word_character = st.characters(categories=["L", "N", "Pc"])
tag_names = st.builds(
    "".join,
    st.lists(st.sampled_from("_ .&+/#-") | word_character, min_size=0, max_size=TAG_MAX_LENGTH - 1),
).flatmap(lambda rest: (st.just("_") | word_character).map(lambda first: first + rest))


def accepted(name: str) -> bool:
    try:
        return clean_tag_names(name) == [name]
    except Exception:
        return False


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=tag_names.filter(accepted))
def test_any_accepted_tag_name_gives_working_pages(name, client, django_db_blocker):
    forum = ForumFactory(name="Project Management", slug="project-management")
    client.force_login(UserFactory())

    response = ask(client, forum, name, title=f"A question tagged {len(name)} characters")

    assert response.status_code == 302, response.content.decode()[:500]
    thread = Thread.objects.order_by("-pk").first()
    client.logout()
    assert_pages_work(client, thread)


def test_data_migration_gives_tags_saved_with_an_empty_slug_a_working_page(client):
    from importlib import import_module

    from django.apps import apps

    repair = import_module("forum.migrations.0004_repair_empty_tag_slugs")
    forum = ForumFactory(name="Project Management", slug="project-management")
    client.force_login(UserFactory())
    ask(client, forum, "_, Estimating")
    Tag.objects.filter(name="_").update(slug="")  # as it was saved before
    Tag.objects.create(name="Tag", slug="tag")

    repair.repair_empty_slugs(apps, None)

    assert Tag.objects.get(name="_").slug == "tag_1"
    client.logout()
    for thread in Thread.objects.all():
        assert_pages_work(client, thread)
