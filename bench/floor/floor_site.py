"""The benchmark's floor: the least Django can do to serve a page of a thread's posts.

A project of its own, outside PM Forum's stack: no middleware, no sessions, no apps, gunicorn
sync workers. One request runs one indexed range query for 20 posts with their authors'
names (forum_post by (thread_id, number), the same rows a thread's first page shows) and
renders them with a template compiled once. bench/run.py serves it beside the forum, on the
same database, and prints each page's throughput as a ratio to this one's over the same
threads.

    DATABASE_URL=postgres://... gunicorn --chdir bench/floor floor_site:application
"""

from __future__ import annotations

import os

import dj_database_url
from django.conf import settings

POSTS = 20

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-only-serves-public-rows",  # signs nothing: no sessions, no forms
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    },
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.cached.Loader",
                        [
                            (
                                "django.template.loaders.locmem.Loader",
                                {
                                    "posts.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Posts</title></head>
<body><main>
{% for post in posts %}<article id="post-{{ post.id }}">
<h2>{{ post.author }}</h2><p>{{ post.created_at|date:"d M Y H:i" }}</p>
<div>{{ post.body_html|safe }}</div></article>
{% endfor %}</main></body></html>"""
                                },
                            )
                        ],
                    )
                ]
            },
        }
    ],
    USE_TZ=True,
)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.urls import path  # noqa: E402

QUERY = """
SELECT post.id, post.created_at, post.body_html, member.display_name
FROM forum_post post JOIN accounts_user member ON member.id = post.author_id
WHERE post.thread_id = %s AND post.number BETWEEN 1 AND %s
ORDER BY post.number
"""


def posts_page(request: HttpRequest, thread_id: int) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(QUERY, [thread_id, POSTS])
        posts = [
            {"id": row[0], "created_at": row[1], "body_html": row[2], "author": row[3]}
            for row in cursor.fetchall()
        ]
    return HttpResponse(get_template("posts.html").render({"posts": posts}))


urlpatterns = [path("floor/<int:thread_id>/", posts_page)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
