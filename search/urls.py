"""Routes of the search app. The search page itself keeps its name, forum:search (forum/urls.py),
which the header's search box and the error pages link to."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from search import feeds, sitemaps, views

app_name = "search"

urlpatterns = [
    path("search/similar/", views.similar, name="similar"),
    path("feeds/latest/", feeds.LatestThreadsFeed(), name="feed_latest"),
    # As /tags/<str:slug>/: tag slugs keep non-ASCII letters.
    path("feeds/tags/<str:slug>/", feeds.TagThreadsFeed(), name="feed_tag"),
    path("feeds/threads/<int:thread_id>/", feeds.ThreadRepliesFeed(), name="feed_thread"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "search/sitemap.xml"},
        name="sitemap_section",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
