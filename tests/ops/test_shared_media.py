"""Two app servers with separate local disks share avatars through object storage.

Real `make serve-processes` instances on PostgreSQL and Redis (skipped elsewhere), and a real S3
API server on loopback. Without object storage an avatar uploaded through one server would be
missing on the other.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import urllib.request
from html import unescape
from pathlib import Path

import pytest

from tests.accounts.helpers import image_file
from tests.ops.object_storage import s3_server
from tests.scaleout.servers import (
    REDIS_URL,
    Instance,
    collect_static,
    needs_postgres_and_redis,
    postgres_url,
    server_env,
)
from tests.scaleout.test_two_instances import logged_in, member_with_password

pytestmark = needs_postgres_and_redis("two app servers share a PostgreSQL database")


@pytest.fixture
def two_servers_on_object_storage(transactional_db):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    folders = [Path(tempfile.mkdtemp(prefix=f"pmforum-media-{name}-")) for name in "ab"]
    secret = secrets.token_urlsafe(50)
    with s3_server() as s3:
        s3.allow_public_reads()
        instances = []
        try:
            for name, folder in zip("ab", folders, strict=True):
                env = server_env(
                    folder,
                    DATABASE_URL=postgres_url(),
                    REDIS_URL=REDIS_URL,
                    SECRET_KEY=secret,
                    **s3.env(),
                )
                collect_static(env)
                instances.append(Instance(name, env, folder).start())
            yield s3, instances, folders
        finally:
            for instance in instances:
                instance.stop()
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)


def test_an_avatar_uploaded_through_one_server_shows_through_the_other(
    two_servers_on_object_storage,
):
    s3, (a, b), folders = two_servers_on_object_storage
    member = member_with_password(None, username="ines_media", display_name="Ines Duarte")
    browser = logged_in([a], member)
    form = browser.get(f"{a.base}/accounts/profile/")
    answer = browser.post_file(
        f"{a.base}/accounts/profile/",
        {"csrfmiddlewaretoken": form.csrf_token(), "display_name": "Ines Duarte"},
        "avatar",
        "me.png",
        image_file(),
    )
    assert answer.status == 302, answer.body[:2000]

    page = browser.get(f"{b.base}/members/ines_media/")
    src = unescape(re.search(r'<img class="avatar" src="([^"]+)"', page.body).group(1))
    assert src.startswith(f"{s3.endpoint}/{s3.bucket}/media/avatars/")
    assert s3.endpoint in page.headers["Content-Security-Policy"]
    with urllib.request.urlopen(src, timeout=10) as image:  # noqa: S310 (loopback)
        assert image.read(12)[8:12] == b"WEBP"
    # Neither server kept the file on its own disk.
    assert [path for folder in folders for path in folder.rglob("*.webp")] == []
