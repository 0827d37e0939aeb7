"""Tags: any name the ask form accepts gives a tag whose pages work."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.forms import TAG_MAX_LENGTH, clean_tag_names
from forum.models import Tag, Thread
from tests.factories import ForumFactory, UserFactory, make_moderator

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


def test_awkward_tag_names_each_get_a_distinct_working_page(client, settings):
    settings.FORUM_POST_RATE_LIMITS = [(100, 1)]  # one member asks several questions at once
    forum = ForumFactory(name="Project Management", slug="project-management")
    client.force_login(UserFactory())
    for start in range(0, len(AWKWARD_NAMES), 5):
        names = AWKWARD_NAMES[start : start + 5]
        response = ask(client, forum, ", ".join(names), title=f"Tagged oddly, batch {start}")
        assert response.status_code == 302

    tags = Tag.objects.filter(name__in=AWKWARD_NAMES)
    assert len(tags) == len(AWKWARD_NAMES)
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

    repair = import_module("forum.migrations.0005_repair_empty_tag_slugs")
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


# Changing a question's tags


def tag_index_counts(client: Client) -> dict[str, str]:
    import re

    html = client.get("/tags/").content.decode()
    found = re.findall(r'class="tag" href="[^"]+">([^<]+)</a>\s*<span[^>]*>(\d+) thread', html)
    return dict(found)


def test_author_changes_the_tags_of_their_question(client):
    asker = UserFactory(display_name="Asha Asker")
    forum = ForumFactory(name="Project Management", slug="project-management")
    client.force_login(asker)
    ask(client, forum, "Estimating, Information Technology", title="Which tags fit this one?")
    thread = Thread.objects.get()
    question = thread.posts.get(number=1)

    form = client.get(f"/posts/{question.pk}/edit/").content.decode()
    assert 'name="tags"' in form and 'value="Estimating, Information Technology"' in form

    response = client.post(
        f"/posts/{question.pk}/edit/",
        {"title": thread.title, "body": question.body, "tags": "Estimating, Risk, C#"},
    )

    assert response.status_code == 302
    assert sorted(t.name for t in thread.tags.all()) == ["C#", "Estimating", "Risk"]
    client.logout()
    assert thread.title in client.get("/tags/risk/").content.decode()
    assert thread.title in client.get("/tags/c-sharp/").content.decode()
    assert thread.title not in client.get("/tags/information-technology/").content.decode()
    counts = tag_index_counts(client)
    assert counts["Risk"] == "1" and counts["C#"] == "1"
    assert counts.get("Information Technology", "0") == "0"
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'href="/tags/risk/"' in page and 'href="/tags/information-technology/"' not in page
    history = client.get(f"/posts/{question.pk}/history/").content.decode()
    assert "Estimating, Information Technology" in history
    assert "C#, Estimating, Risk" in history
    assert_pages_work(client, thread)


def test_moderator_changes_the_tags_of_someone_elses_question(client):

    from tests.factories import make_thread

    moderator = UserFactory(display_name="Maria Moderator")
    make_moderator(moderator)
    thread = make_thread(title="Tagged wrongly by its asker", tags=("Estimating",))
    question = thread.posts.get(number=1)
    client.force_login(moderator)

    response = client.post(
        f"/posts/{question.pk}/edit/",
        {"title": thread.title, "body": question.body, "tags": "Risk"},
    )

    assert response.status_code == 302
    assert [t.name for t in thread.tags.all()] == ["Risk"]
    history = client.get(f"/posts/{question.pk}/history/").content.decode()
    assert "Maria Moderator" in history and "Risk" in history


def test_bad_tags_in_an_edit_get_an_error_next_to_the_field_and_keep_the_text(client):
    from tests.factories import make_thread

    asker = UserFactory()
    thread = make_thread(title="An edit with bad tags", author=asker, tags=("Estimating",))
    question = thread.posts.get(number=1)
    client.force_login(asker)

    response = client.post(
        f"/posts/{question.pk}/edit/",
        {"title": thread.title, "body": "New words kept", "tags": "a, b, c, d, e, f"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Please use at most 5 tags" in html and "New words kept</textarea>" in html
    assert [t.name for t in thread.tags.all()] == ["Estimating"]
    assert not question.revisions.exists()


def test_a_reply_has_no_tags_to_edit(client):
    from tests.factories import make_thread

    thread = make_thread(title="A thread with a reply", replies=1)
    reply = thread.posts.get(number=2)
    client.force_login(reply.author)
    assert 'name="tags"' not in client.get(f"/posts/{reply.pk}/edit/").content.decode()
    response = client.post(f"/posts/{reply.pk}/edit/", {"body": "Edited reply", "tags": "Risk"})
    assert response.status_code == 302
    assert [t.name for t in thread.tags.all()] == ["Estimating"]
