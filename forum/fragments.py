"""Cached fragments: parts of pages that read the same for every viewer, stored rendered.

A thread-list row costs more to render than the query that fetched it. Rows are the same for
everyone, so they are rendered once and kept in the shared cache, under a key made from
everything the row can show:

- the fingerprint of the objects the fragment is given: every field value of each object and
  of the related objects already loaded with it (select_related, prefetch_related, to_attr
  lists), so any edit to a thread, its author, its last post or its tags makes a new key;
- the version of the templates (a digest of their source), so a deploy never serves a
  fragment from the templates it replaced.

Nothing is ever invalidated: a changed object simply has another key, and old fragments
expire. Two rules keep this exact:

- a fragment is rendered with only its object in the context (no `user`, no `request`), so
  nothing personal can be cached; and it must not query the database (under DEBUG, a query
  while rendering one raises);
- the active language is part of every key (`rendering_language`), so a page in one language
  never shows a fragment rendered in another;
- relative times ("5 minutes ago") are not frozen into the cache: `time_ago` leaves a marker
  inside a fragment and the marker is turned into the current wording each time it is served.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import datetime
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest
from django.template import Context, engines
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Set in a fragment's context: `time_ago` then writes a marker instead of the wording.
DEFER_TIMES = "_fragment_defers_times"
# NUL cannot occur in stored text (PostgreSQL refuses it, forms reject it), so no member's
# words can imitate a marker.
_TIME_MARK = re.compile("\x00time:([^\x00]+)\x00")
TIMEOUT = 24 * 3600
# How far fingerprints follow loaded relations: a row's thread, its last post, that post's
# author.
MAX_DEPTH = 3


def time_marker(moment: datetime) -> SafeString:
    return mark_safe(f"\x00time:{moment.isoformat()}\x00")  # noqa: S308 (an ISO date)


def fill_times(html: str) -> SafeString:
    """Turn time markers into the current relative wording."""
    if "\x00" not in html:
        return mark_safe(html)  # noqa: S308 (rendered, escaped template output)
    from forum.templatetags.forum_tags import relative_time

    language = get_language()  # once for all the page's times
    return mark_safe(  # noqa: S308 (rendered template output and time_ago's own markup)
        _TIME_MARK.sub(
            lambda found: relative_time(datetime.fromisoformat(found[1]), language), html
        )
    )


_NOT_LOADED = "<not loaded>"


def fingerprint(value, depth: int = 0):
    """Everything an object (and what was loaded with it) can show, as a hashable tuple."""
    if isinstance(value, Model):
        # The loaded values themselves (no descriptors: a deferred field is not fetched here;
        # a fragment that needs it would query while rendering, which DEBUG refuses).
        loaded = value.__dict__
        parts = [value._meta.label]
        parts += [loaded.get(field.attname, _NOT_LOADED) for field in value._meta.concrete_fields]
        if depth < MAX_DEPTH:
            for name, related in sorted(value._state.fields_cache.items()):
                parts.append((name, fingerprint(related, depth + 1)))
            prefetched = getattr(value, "_prefetched_objects_cache", {})
            for name, objects in sorted(prefetched.items()):
                parts.append((name, tuple(fingerprint(o, depth + 1) for o in objects)))
            for name, objects in sorted(value.__dict__.items()):
                if isinstance(objects, list) and not name.startswith("_"):
                    parts.append((name, tuple(fingerprint(o, depth + 1) for o in objects)))
        return tuple(parts)
    if isinstance(value, list | tuple):
        return tuple(fingerprint(item, depth) for item in value)
    return value


def digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


@memoize
def templates_version() -> str:
    """A digest of every project template, the template-tag modules, the modules whose
    objects are cached rendered or pickled (post renderer, shared thread pages) and the
    compiled translation catalogues, so a deploy that changes a translation is seen at once."""
    hasher = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    roots = [Path(d) for config in settings.TEMPLATES for d in config.get("DIRS", [])]
    roots += [
        base / "forum" / "templatetags",
        base / "forum" / "markup.py",
        base / "forum" / "post_rendering.py",
        base / "forum" / "thread_pages.py",
    ]
    roots += [Path(d) for d in settings.LOCALE_PATHS]
    for root in roots:
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in paths:
            if path.is_file() and path.suffix in {".html", ".txt", ".py", ".mo"}:
                hasher.update(str(path.relative_to(root.parent)).encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()


def rendering_language() -> str:
    """The language being rendered in: part of the key of everything kept rendered (pages,
    fragments, post frames), since the same object reads differently in each language."""
    return get_language() or settings.LANGUAGE_CODE


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError(
        "A cached fragment must not query the database: load what it shows before rendering "
        f"(select_related / prefetch_related). Query: {sql[:200]}"
    )


@contextmanager
def _no_queries() -> Iterator[None]:
    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(_refuse_queries))
        yield


def render_fragment(template_name: str, values: dict, parent: Context | None = None) -> str:
    """Render a template for the cache: with only `values` in its context (nothing personal),
    relative times left as markers, and (under DEBUG) no database query allowed."""
    template = engines["django"].engine.get_template(template_name)
    options = {}
    if parent is not None:
        options = {"use_l10n": parent.use_l10n, "use_tz": parent.use_tz}
    context = Context({**values, DEFER_TIMES: True}, autoescape=True, **options)
    with _no_queries() if settings.DEBUG else ExitStack():
        return str(template.render(context))


def cached_renderings(keys: Sequence[str], render: Callable[[int], str]) -> list[str]:
    """The cached rendering under each key; a missing one is `render(index)`, then stored.
    One round trip to the cache to read them all and one to store what was missing."""
    found = cache.get_many(keys)
    missing = {}
    for index, key in enumerate(keys):
        if key not in found:
            found[key] = missing[key] = render(index)
    if missing:
        cache.set_many(missing, TIMEOUT)
    return [found[key] for key in keys]


def render_each(template_name: str, items: Iterable, name: str, parent: Context) -> SafeString:
    """Render `template_name` once per item (as `name`), each from the cache when it can be."""
    items = list(items)
    if not items:
        return mark_safe("")
    prefix = f"fragment:{templates_version()}:{rendering_language()}:{template_name}:"
    keys = [prefix + digest(fingerprint(item)) for item in items]
    parts = cached_renderings(
        keys, lambda index: render_fragment(template_name, {name: items[index]}, parent)
    )
    html = "".join(parts)
    # Inside a fragment that is itself cached, the times stay markers for the outer one.
    return mark_safe(html) if parent.get(DEFER_TIMES) else fill_times(html)  # noqa: S308


def shared_value(request: HttpRequest, name: str, compute: Callable[[], object]):
    """Something a page shows that is the same for every reader (a thread list's rendered
    body, a page of posts), computed once per page version for members and visitors alike.

    It lives under the version of the whole-page cache (config/page_cache.py), which every
    write made through the site moves, and the version is read before computing, so a value
    computed while a write commits is filed under the old version and never served after it.
    Like cached pages it is kept only when PAGE_CACHE_SECONDS > 0 (a cache every process
    shares) and only for addresses with the parameters those pages read; otherwise it is
    computed each time.
    """
    from config.db_router import reads_from_primary
    from config.page_cache import known_parameters_only
    from forum.cache_keys import page_cache_version

    if settings.PAGE_CACHE_SECONDS <= 0 or not known_parameters_only(request):
        return compute()
    address = digest(request.get_full_path())
    version = f"{page_cache_version()}:{templates_version()}:{rendering_language()}"
    key = f"shared:{version}:{name}:{address}"
    value = cache.get(key)
    if value is None:
        # A replica that lags must not put old content under the new version.
        with reads_from_primary():
            value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def shared_block(request: HttpRequest, name: str, render: Callable[[], str]) -> SafeString:
    """A rendered block that is the same for every reader (shared_value); `render` gives a
    fragment (render_fragment), whose relative times are worded afresh at each serve."""
    return fill_times(shared_value(request, name, render))
