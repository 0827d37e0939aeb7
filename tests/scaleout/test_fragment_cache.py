"""Thread-list rows come from the fragment cache, and never show anything out of date."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.template import Context
from django.test import Client
from django.utils import timezone

from forum.fragments import render_each
from forum.models import Thread
from tests.factories import make_thread

pytestmark = pytest.mark.django_db

ROW = "forum/_thread_row.html"


def rendered_templates(response) -> list[str]:
    return [t.name for t in response.templates]


def test_rows_are_rendered_once_then_served_from_the_cache():
    make_thread(title="A row worth caching", tags=("Estimating", "Risk"))
    visitor = Client()
    first = visitor.get("/")
    second = visitor.get("/")

    assert ROW in rendered_templates(first)
    assert ROW not in rendered_templates(second)
    assert first.content == second.content
    assert "A row worth caching" in second.content.decode()


def test_a_renamed_thread_a_renamed_author_and_new_tags_show_at_once():
    thread = make_thread(title="Before the edit", tags=("Estimating",))
    visitor = Client()
    visitor.get("/")

    Thread.objects.filter(pk=thread.pk).update(title="After the edit")
    thread.author.display_name = "Renamed Asker"
    thread.author.save()
    thread.tags.set(["Contracts"])

    html = visitor.get("/").content.decode()
    assert "After the edit" in html and "Before the edit" not in html
    assert "Renamed Asker" in html
    assert 'href="/tags/contracts/"' in html and 'href="/tags/estimating/"' not in html


def test_a_cached_row_tells_the_time_as_of_each_view():
    make_thread(title="Time moves on")
    visitor = Client()
    assert "just now" in visitor.get("/").content.decode()

    later = timezone.now() + timedelta(hours=3, minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = visitor.get("/")

    assert ROW not in rendered_templates(response)
    assert "3\xa0hours ago" in response.content.decode()
    assert "just now" not in response.content.decode()


def test_a_fragment_sees_only_its_object_never_the_viewer(settings, member):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"probe.html": "[{{ thread.title }}|{{ user.username }}|{{ request }}]"},
                    )
                ]
            },
        }
    ]
    thread = make_thread(title="Nothing personal in here")

    html = render_each("probe.html", [thread], "thread", Context({"user": member, "request": 1}))

    assert html == "[Nothing personal in here||]"


def test_a_fragment_that_would_query_the_database_fails_loudly(settings):
    settings.DEBUG = True
    make_thread(title="Loaded without its relations")
    threads = list(Thread.objects.all())  # no select_related: the row would query

    with pytest.raises(RuntimeError, match="must not query the database"):
        render_each(ROW, threads, "thread", Context())
