"""sitemap.xml (an index of paginated sections) and robots.txt, as a crawler reads them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from forum.models import Thread
from search.sitemaps import ThreadSitemap
from tests.factories import ForumFactory, make_thread

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own sitemap, in a test)


def locations(root: ET.Element) -> list[str]:
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def section(client, name: str, page: int = 1) -> list[str]:
    """The locations of a section page, fetched the way the index names it."""
    url = f"/sitemap-{name}.xml" + (f"?p={page}" if page > 1 else "")
    return locations(xml(client, url))


def test_the_index_lists_every_section_on_site_url(client):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    assert locations(root) == [
        f"{settings.SITE_URL}/sitemap-pages.xml",
        f"{settings.SITE_URL}/sitemap-threads.xml",
        f"{settings.SITE_URL}/sitemap-forums.xml",
        f"{settings.SITE_URL}/sitemap-tags.xml",
    ]


def test_threads_are_listed_with_their_last_activity_and_hidden_ones_are_not(client):
    shown = make_thread(title="A thread for crawlers", replies=1)
    hidden = make_thread(title="A thread a moderator hid")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    root = xml(client, "/sitemap-threads.xml")
    urls = root.findall(f"{SITEMAP}url")

    assert locations(root) == [settings.SITE_URL + shown.get_absolute_url()]
    shown.refresh_from_db()
    assert urls[0].findtext(f"{SITEMAP}lastmod") == shown.last_activity_at.isoformat()


def test_forums_and_tags_with_visible_threads_are_listed(client):
    finance = ForumFactory(name="Finance", slug="finance")
    make_thread(title="Tagged and visible", tags=("Estimating",), forum=finance)
    hidden = make_thread(title="Only in a hidden thread", tags=("Secret Tag",))
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    assert f"{settings.SITE_URL}/forums/finance/" in section(client, "forums")
    assert section(client, "tags") == [f"{settings.SITE_URL}/tags/estimating/"]


def test_the_index_pages_are_listed(client):
    assert section(client, "pages") == [
        f"{settings.SITE_URL}/",
        f"{settings.SITE_URL}/forums/",
        f"{settings.SITE_URL}/tags/",
        f"{settings.SITE_URL}/members/",
    ]


def test_a_tag_with_letters_beyond_ascii_is_listed_url_escaped(client):
    make_thread(title="Tagged with accents", tags=("Café", "Estimating"))
    listed = section(client, "tags")
    assert listed == [
        f"{settings.SITE_URL}/tags/caf%C3%A9/",
        f"{settings.SITE_URL}/tags/estimating/",
    ]
    assert client.get(listed[0].removeprefix(settings.SITE_URL)).status_code == 200


def test_a_large_forum_is_split_into_pages_named_by_the_index(client, monkeypatch):
    monkeypatch.setattr(ThreadSitemap, "limit", 2)
    forum = ForumFactory()
    threads = [make_thread(title=f"Thread number {n} here", forum=forum) for n in range(5)]

    index = locations(xml(client, "/sitemap.xml"))
    thread_pages = [url for url in index if "/sitemap-threads.xml" in url]

    assert thread_pages == [
        f"{settings.SITE_URL}/sitemap-threads.xml",
        f"{settings.SITE_URL}/sitemap-threads.xml?p=2",
        f"{settings.SITE_URL}/sitemap-threads.xml?p=3",
    ]
    listed = [url for page in (1, 2, 3) for url in section(client, "threads", page)]
    assert listed == [settings.SITE_URL + t.get_absolute_url() for t in threads]
    assert client.get("/sitemap-threads.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemaps_use_site_url_whatever_the_host(client, settings):
    settings.SITE_URL = "https://pm.example.org"
    settings.ALLOWED_HOSTS = ["other.example"]
    make_thread(title="Absolute locations please")
    for url in ("/sitemap.xml", "/sitemap-threads.xml", "/sitemap-forums.xml"):
        found = locations(xml(client.__class__(HTTP_HOST="other.example"), url))
        assert found and all(u.startswith("https://pm.example.org/") for u in found), url


def test_robots_txt_allows_all_but_private_and_endless_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    for path in ("/accounts/", "/search/", "/posts/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
