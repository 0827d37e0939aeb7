"""Uploads on S3-compatible object storage (avatars, images in posts): a real S3 API server on
loopback, real uploads."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from forum.images import post_images_sweep
from forum.models import PostImage
from tests.accounts.helpers import PASSWORD, image_file
from tests.factories import UserFactory, make_thread
from tests.ops.object_storage import s3_server
from tests.security.test_production_settings import production_env, run

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        yield server


@pytest.fixture
def on_object_storage(settings, s3):
    """A public bucket, whose files the pages link to by plain URLs."""
    s3.allow_public_reads()
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage_setting(signed=False)}
    yield s3
    s3.client().delete_bucket_policy(Bucket=s3.bucket)


def avatar_src(client, member) -> str:
    page = client.get(f"/members/{member.username}/").content.decode()
    return unescape(re.search(r'<img class="avatar" src="([^"]+)"', page).group(1))


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (loopback)
            return answer.status if answer.read(12)[8:12] == b"WEBP" else -1
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def priya(client):
    member = UserFactory(username="priya_storage", display_name="Priya Raman")
    member.set_password(PASSWORD)
    member.save()
    client.force_login(member)
    return member


def upload_avatar(client) -> None:
    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "Priya Raman",
            "avatar": SimpleUploadedFile("me.png", image_file(), content_type="image/png"),
        },
    )
    assert response.status_code == 302


def test_an_uploaded_avatar_is_kept_in_the_bucket_and_shown_from_it(
    client, priya, on_object_storage
):
    upload_avatar(client)
    priya.refresh_from_db()
    key = f"media/{priya.avatar.name}"
    assert key in on_object_storage.objects()

    src = avatar_src(client, priya)
    assert src == f"{on_object_storage.endpoint}/{on_object_storage.bucket}/{key}"
    assert fetch(src) == 200


def test_a_private_bucket_is_served_by_signed_urls_that_expire(client, priya, settings, s3):
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage_setting(signed=True)}
    upload_avatar(client)
    src = avatar_src(client, priya)

    assert "X-Amz-Signature=" in src and "X-Amz-Expires=3600" in src
    assert fetch(src) == 200
    assert fetch(src.split("?")[0]) == 403  # the bucket itself is not public


def test_deleting_the_account_deletes_its_avatar_from_the_bucket(
    client, priya, on_object_storage, django_capture_on_commit_callbacks
):
    upload_avatar(client)
    key = f"media/{User.objects.get(pk=priya.pk).avatar.name}"
    assert key in on_object_storage.objects()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/delete/", {"password": PASSWORD})

    assert not User.objects.filter(pk=priya.pk).exists()
    assert key not in on_object_storage.objects()


def test_the_content_security_policy_lets_pages_show_images_from_the_storage(s3):
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    stored = run(["-c", probe], production_env(**s3.env()))
    assert s3.endpoint in stored.stdout, stored.stderr
    local = run(["-c", probe], production_env())
    assert "127.0.0.1" not in local.stdout and "'self'" in local.stdout


def fetched_png(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (loopback)
        return answer.status == 200 and answer.read(8) == b"\x89PNG\r\n\x1a\n"


def test_a_post_image_is_kept_in_the_bucket_shown_through_the_site_and_swept_from_it(
    client, priya, on_object_storage, django_capture_on_commit_callbacks
):
    def upload_image(colour) -> dict:
        response = client.post(
            "/posts/images/",
            {
                "image": SimpleUploadedFile("plan.png", image_file(colour=colour)),
                "image_alt": "The plan",
            },
        )
        assert response.status_code == 201
        return response.json()

    posted, unposted = upload_image((200, 0, 0)), upload_image((0, 0, 200))
    thread = make_thread(title="A question with a chart in the bucket")
    reply = client.post(f"/threads/{thread.pk}/reply/", {"body": posted["markdown"]})
    assert reply.status_code == 302
    keys = {f"media/{image.file.name}" for image in PostImage.objects.all()}
    assert len(keys) == 2 and keys <= on_object_storage.objects()

    # Posts name the site's address; the site sends the browser on to the bucket.
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'<img src="{posted["url"]}"' in page
    redirect = client.get(posted["url"])
    assert redirect.status_code == 302
    assert redirect["Location"].startswith(
        f"{on_object_storage.endpoint}/{on_object_storage.bucket}/"
    )
    assert fetched_png(redirect["Location"])

    PostImage.objects.update(created_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert post_images_sweep() == 1
    unposted_key = f"media/post-images/{unposted['url'].rsplit('/', 1)[1]}"
    assert unposted_key not in on_object_storage.objects()
    assert keys - {unposted_key} <= on_object_storage.objects()


def test_post_images_in_a_private_bucket_are_reached_by_fresh_signed_urls(
    client, priya, settings, s3
):
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage_setting(signed=True)}
    answer = client.post(
        "/posts/images/",
        {"image": SimpleUploadedFile("plan.png", image_file()), "image_alt": "The plan"},
    ).json()

    # The Markdown holds the site's address, which never expires; the redirect is signed.
    assert "X-Amz" not in answer["markdown"]
    location = client.get(answer["url"])["Location"]
    assert "X-Amz-Signature=" in location and fetched_png(location)
    assert fetch(location.split("?")[0]) == 403
