"""For search engines: sitemap.xml (an index of paginated sections) and robots.txt.

Every address is absolute, built from settings.SITE_URL, whatever host the request came to.
Hidden threads are not listed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from forum.models import Forum, Thread
from forum.querysets import tags_with_thread_counts


class SiteSitemap(Sitemap):
    """Locations on SITE_URL's scheme and host rather than the request's."""

    limit = 10_000

    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path.rstrip("/")


class ThreadSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Thread.objects.visible().only("pk", "slug", "last_activity_at").order_by("pk")

    def lastmod(self, thread: Thread):
        return thread.last_activity_at


class ForumSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Forum.objects.order_by("position", "name")


class TagSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self) -> list:
        return [tag for tag in tags_with_thread_counts() if tag.thread_count]


class IndexPageSitemap(SiteSitemap):
    """The pages that lead to everything else: latest threads, forums, tags, members."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["forum:thread_list", "forum:forum_list", "forum:tag_list", "accounts:member_list"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {
    "pages": IndexPageSitemap,
    "threads": ThreadSitemap,
    "forums": ForumSitemap,
    "tags": TagSitemap,
}


@require_GET
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: one entry per page of each section."""
    locations = []
    for section, sitemap_class in SITEMAPS.items():
        url = settings.SITE_URL + reverse("search:sitemap_section", args=[section])
        pages = sitemap_class().paginator.num_pages
        locations.append(url)
        locations += [f"{url}?p={page}" for page in range(2, pages + 1)]
    response = render(
        request,
        "search/sitemap_index.xml",
        {"locations": locations},
        content_type="application/xml",
    )
    response["X-Robots-Tag"] = "noindex"
    return response


ROBOTS_DISALLOW = ("/accounts/", "/search/", "/posts/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('search:sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
