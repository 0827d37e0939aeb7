from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Finding things: full-text search, similar questions, Atom feeds, sitemap and robots.txt."""

    name = "search"
    verbose_name = "Search"
