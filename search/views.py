"""The search page and the similar-questions list shown while a question's title is typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from forum.cache_keys import thread_list_version
from forum.excerpts import post_text
from forum.experience import SIDE_FILTER_LABELS, side_or_none
from forum.facts import FACT_NAMES, FactCounts, chosen_facts
from forum.fragments import digest
from forum.models import Forum, Post, ProjectContext, Tag
from forum.pagination import page_links, requested_page
from forum.querysets import tags_with_thread_counts
from search.backends import Filters, search_fact_rows, search_posts, similar_threads
from search.highlight import marked, marked_snippet
from search.query import parse_query, title_words

RESULTS_PER_PAGE = 20
SIMILAR_LIMIT = 5
STATUSES = {"answered": _("Answered"), "unanswered": _("Not answered yet")}
FACT_ROWS_SECONDS = 60


@dataclass(frozen=True)
class Result:
    post: Post
    title: SafeString
    snippet: SafeString

    @property
    def is_accepted(self) -> bool:
        return self.post.thread.accepted_post_id == self.post.pk


@dataclass(frozen=True)
class FilterChoices:
    """The filters asked for, each kept only when it names something that exists."""

    tag: Tag | None = None
    forum: Forum | None = None
    context: str | None = None
    status: str | None = None
    side: str | None = None
    facts: Mapping[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return any((self.tag, self.forum, self.context, self.status, self.side, self.facts))

    def as_parameters(self, query: str) -> dict[str, str | None]:
        """The search and its filters as they go into links to other pages of results."""
        return {
            "q": query,
            "tag": self.tag.slug if self.tag else None,
            "forum": self.forum.slug if self.forum else None,
            "context": self.context,
            "status": self.status,
            "side": self.side,
            **{name: self.facts.get(name) for name in FACT_NAMES},
        }

    def for_backend(self) -> Filters:
        return Filters(
            tag_id=self.tag.pk if self.tag else None,
            forum_id=self.forum.pk if self.forum else None,
            context=self.context,
            answered=None if self.status is None else self.status == "answered",
            side=self.side,
            facts=self.facts,
        )


def _filters_from(request: HttpRequest, forums: list[Forum], tags: list[Tag]) -> FilterChoices:
    """Whitelisted GET parameters: an unknown value is as if the filter were not there."""
    get = request.GET
    return FilterChoices(
        tag=next((t for t in tags if t.slug == get.get("tag")), None),
        forum=next((f for f in forums if f.slug == get.get("forum")), None),
        context=get.get("context") if get.get("context") in ProjectContext.values else None,
        status=get.get("status") if get.get("status") in STATUSES else None,
        side=side_or_none(get.get("side")),
        facts=chosen_facts(get),
    )


def _results(hits) -> list[Result]:
    """The posts behind the hits, in the hits' order, with their thread, forum and author."""
    posts = (
        Post.objects.filter(
            pk__in=[hit.post_id for hit in hits],
            is_hidden=False,
            is_deleted=False,
            thread__is_hidden=False,
        )
        .select_related("thread__forum", "author")
        .in_bulk()
    )
    results = []
    for hit in hits:
        post = posts.get(hit.post_id)
        if post is None:  # hidden or deleted since the index last saw it
            continue
        results.append(
            Result(
                post=post,
                title=marked(hit.title or post.thread.title),
                snippet=marked_snippet(post_text(post.body_html), hit.snippet),
            )
        )
    return results


def _fact_rows(text, filters: Filters) -> list:
    """The search's fact rows (search_fact_rows), kept while the thread lists stay as they
    are: changing a fact or the page of results reuses them. Briefly, since posts reach the
    index a moment after the thread lists move."""
    found = (text.text, filters.without_sides_and_facts())
    key = f"search:fact-rows:{thread_list_version()}:{digest(repr(found))}"
    return cache.get_or_set(key, lambda: search_fact_rows(text, filters), FACT_ROWS_SECONDS)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Posts matching ?q=, best first, 20 a page; without a query, how to search."""
    text = parse_query(request.GET.get("q", ""))
    forums = list(Forum.objects.order_by("position", "name"))
    tags = [tag for tag in tags_with_thread_counts() if tag.thread_count]
    chosen = _filters_from(request, forums, tags)
    context = {
        "search_query": text.text,
        "query_shortened": text.shortened,
        "nothing_to_find": bool(text.text) and text.is_empty,
        "chosen": chosen,
        "forums": forums,
        "tags": tags,
        "contexts": ProjectContext.choices,
        "statuses": STATUSES,
        "sides": SIDE_FILTER_LABELS,
        "fact_choices": FactCounts([], chosen.facts, chosen.side).choices(),
        "facts_counted": False,
        "results": None,
    }
    if not text.is_empty:
        number = requested_page(request)
        page = search_posts(
            text,
            chosen.for_backend(),
            offset=(number - 1) * RESULTS_PER_PAGE,
            limit=RESULTS_PER_PAGE,
        )
        num_pages = -(-page.total // RESULTS_PER_PAGE)
        if number > 1 and (not page.hits or number > num_pages):
            raise Http404("No such page.")
        rows = _fact_rows(text, chosen.for_backend())
        context.update(
            fact_choices=FactCounts(rows, chosen.facts, chosen.side).choices(),
            facts_counted=True,
            results=_results(page.hits),
            total=page.total,
            limited=page.limited,
            pagination=page_links(number, num_pages, chosen.as_parameters(text.text)),
        )
    return render(request, "search/search.html", context)


@require_GET
@cache_control(max_age=60)
def similar(request: HttpRequest) -> HttpResponse:
    """Up to five existing questions like the title being typed, as an HTML fragment."""
    words = title_words(request.GET.get("title", ""))
    # The facts chosen so far on the ask form lift the questions that share them.
    threads = similar_threads(words, limit=SIMILAR_LIMIT, facts=chosen_facts(request.GET))
    # Without the request: no context processors, so no session or member queries per keystroke.
    response = HttpResponse(render_to_string("search/_similar.html", {"threads": threads}))
    response["X-Robots-Tag"] = "noindex"
    return response
