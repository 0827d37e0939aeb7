"""The benchmark's floor: the least a Django page of posts can cost on this stack.

Served only when BENCH_FLOOR is set (config/urls.py), through the same gunicorn, settings and
middleware as every page: one indexed query for 20 posts with their authors, rendered by a tiny
template. bench/run.py prints each real page's throughput as a ratio to this one.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.views.decorators.http import require_GET

from forum.models import Post

POSTS = 20

TEMPLATE = engines["django"].from_string(
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>
<body><main>
{% for post in posts %}<article id="post-{{ post.pk }}">
<h2>{{ post.author.display_name }}</h2><p>{{ post.created_at|date:"d M Y H:i" }}</p>
<div>{{ post.body_html|safe }}</div></article>
{% endfor %}</main></body></html>"""
)


@require_GET
def floor(request: HttpRequest, thread_id: int) -> HttpResponse:
    posts = (
        Post.objects.filter(thread_id=thread_id, number__range=(2, POSTS + 1))
        .select_related("author")
        .order_by("number")
    )
    return HttpResponse(TEMPLATE.render({"posts": posts}))
