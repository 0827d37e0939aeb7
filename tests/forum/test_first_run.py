"""A new site, migrated and nothing more, takes questions from its first member."""

import re

import pytest
from django.core.management import call_command

from forum.models import Forum, Tag, Thread
from tests.factories import ForumFactory, UserFactory

pytestmark = pytest.mark.django_db


def forum_options(html: str) -> list[str]:
    select = re.search(r'<select name="forum".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>[^<]*</option>", select)


def test_new_member_of_a_fresh_site_asks_in_the_first_forum(client):
    client.force_login(UserFactory())

    form = client.get("/threads/new/").content.decode()
    forum = Forum.objects.get(slug="project-management")
    response = client.post(
        "/threads/new/",
        {
            "title": "How do I estimate my very first project?",
            "body": "Nobody here has estimated one before.",
            "forum": forum.pk,
            "tags": "Estimating",
            "context": "internal",
        },
    )

    assert forum_options(form) == [
        f'<option value="{forum.pk}" selected>Project Management</option>'
    ]
    assert '<option value="Information Technology">' in form
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.forum == forum and [t.slug for t in thread.tags.all()] == ["estimating"]
    client.logout()
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert thread.title in client.get("/forums/project-management/").content.decode()
    tags = client.get("/tags/").content.decode()
    assert "Estimating" in tags and "Information Technology" in tags


def test_with_several_forums_none_is_preselected(member_client):
    ForumFactory(name="Agile and Delivery", slug="agile-and-delivery")
    options = forum_options(member_client.get("/threads/new/").content.decode())
    assert len(options) == 2 and not any(" selected" in option for option in options)


def test_demo_content_loads_beside_the_first_forum_and_tags_without_repeating_them():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)

    assert Forum.objects.filter(name="Project Management").count() == 1
    assert Tag.objects.filter(name__iexact="Estimating").count() == 1
    assert Tag.objects.filter(name__iexact="Information Technology").count() == 1
    assert Forum.objects.get(slug="project-management").threads.exists()


def test_admin_tells_the_first_operator_where_to_add_forums_and_tags(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    index = client.get("/admin/").content.decode()
    forums = client.get("/admin/forum/forum/").content.decode()
    tags = client.get("/admin/forum/tag/").content.decode()

    assert 'href="/admin/forum/forum/"' in index and "Setting up the site?" in index
    assert "add a forum for each area your members work in" in forums
    assert "Project Management" in forums
    assert "Information Technology" in tags and "Members add tags as they ask" in tags
