"""Avatar uploads through the profile page: what is accepted, what is refused, what is stored."""

import io
import os
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from tests.accounts.helpers import image_file
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(client):
    member = UserFactory(username="priya", display_name="Priya Raman", headline="")
    client.force_login(member)
    return member


def upload(client, content: bytes, name="me.png", content_type="image/png", **fields):
    data = {"display_name": "Priya Raman", "headline": "", "location": "", "bio": ""}
    data.update(fields)
    data["avatar"] = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post("/accounts/profile/", data)


def stored_image(member) -> Image.Image:
    member.refresh_from_db()
    with default_storage.open(member.avatar.name) as f:
        image = Image.open(io.BytesIO(f.read()))
        image.load()
    return image


def avatar_error(response) -> list[str]:
    return response.context["form"].errors.get("avatar", [])


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: decoding it would take gigabytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_png_jpeg_and_webp_are_stored_as_a_192px_square(client, priya, fmt, content_type):
    response = upload(client, image_file(fmt, size=(640, 480)), content_type=content_type)

    assert response.status_code == 302
    image = stored_image(priya)
    assert image.format == "WEBP"
    assert image.size == (192, 192)
    assert priya.avatar.name.startswith("avatars/") and priya.avatar.name.endswith(".webp")


def test_uploaded_avatar_shows_on_posts_and_the_member_page(client, priya):
    thread = make_thread(author=priya)
    upload(client, image_file())
    priya.refresh_from_db()
    url = priya.avatar.url

    thread_page = client.get(thread.get_absolute_url()).content.decode()
    member_page = client.get("/members/priya/").content.decode()

    assert f'<img class="avatar" src="{url}" width="48" height="48"' in thread_page
    assert f'<img class="avatar" src="{url}" width="96" height="96"' in member_page


def test_camera_metadata_is_stripped_and_orientation_applied(client, priya):
    # Left half red, right half blue, stored sideways with the "rotate 90° clockwise" flag.
    photo = Image.new("RGB", (400, 200), (220, 0, 0))
    photo.paste((0, 0, 220), (200, 0, 400, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (53.0, 48.0, 0.0), 4: (1.0, 32.0, 0.0)}  # GPS position
    buf = io.BytesIO()
    photo.save(buf, format="JPEG", exif=exif, quality=95)
    assert b"PhoneMaker" in buf.getvalue()

    upload(client, buf.getvalue(), name="IMG_0001.jpg", content_type="image/jpeg")

    image = stored_image(priya)
    with default_storage.open(priya.avatar.name) as f:
        raw = f.read()
    assert b"PhoneMaker" not in raw and b"Exif" not in raw
    assert not image.getexif()
    assert "icc_profile" not in image.info and "xmp" not in image.info
    # Turned upright, the red half is on top and the blue half below.
    rgb = image.convert("RGB")
    top, bottom = rgb.getpixel((96, 10)), rgb.getpixel((96, 180))
    assert top[0] > 150 and top[2] < 80
    assert bottom[2] > 150 and bottom[0] < 80


def test_transparent_png_keeps_its_transparency(client, priya):
    upload(client, image_file("PNG", mode="RGBA", colour=(0, 0, 0, 0)))

    image = stored_image(priya)
    assert image.mode == "RGBA"
    assert image.getpixel((5, 5))[3] == 0


def test_anything_after_the_image_data_is_not_stored(client, priya):
    payload = b"<script>alert(document.cookie)</script>"

    upload(client, image_file("PNG") + payload)

    with default_storage.open(User.objects.get(pk=priya.pk).avatar.name) as f:
        assert payload not in f.read()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(client, priya):
    response = upload(
        client, b"<html><script>alert(1)</script></html>", name="me.png", headline="New"
    )

    assert response.status_code == 200
    assert avatar_error(response) == [
        "This file is not a PNG, JPEG or WebP image. Please choose one of those."
    ]
    html = response.content.decode()
    assert '<ul class="field__errors" id="id_avatar_error">' in html
    stored = User.objects.get(pk=priya.pk)
    assert not stored.avatar and stored.headline == ""
    assert not default_storage.exists("avatars") or not default_storage.listdir("avatars")[1]


def test_a_gif_is_refused_even_though_it_is_an_image(client, priya):
    response = upload(client, image_file("GIF"), name="me.gif", content_type="image/gif")

    assert avatar_error(response) == [
        "This file is not a PNG, JPEG or WebP image. Please choose one of those."
    ]
    assert not User.objects.get(pk=priya.pk).avatar


def test_a_file_over_2_mb_is_refused(client, priya):
    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    buf = io.BytesIO()
    noise.save(buf, format="PNG")
    assert buf.tell() > 2 * 1024 * 1024

    response = upload(client, buf.getvalue())

    assert avatar_error(response) == [
        "The image is larger than 2 MB. Please choose a smaller file."
    ]
    assert not User.objects.get(pk=priya.pk).avatar


def test_a_decompression_bomb_is_refused(client, priya):
    response = upload(client, png_claiming_size(30_000, 30_000))

    assert avatar_error(response) == [
        "The image is too large in pixels (more than 24 megapixels). "
        "Please resize it and try again."
    ]
    assert not User.objects.get(pk=priya.pk).avatar


def test_an_image_over_24_megapixels_is_refused_before_decoding(client, priya):
    # Small on disk (one colour compresses well), 30 megapixels when decoded.
    huge = image_file("PNG", size=(6000, 5000), mode="1", colour=1)
    assert len(huge) < 2 * 1024 * 1024

    response = upload(client, huge)

    assert "too large in pixels" in avatar_error(response)[0]


def test_a_truncated_image_is_refused_as_damaged(client, priya):
    noise = Image.frombytes("RGB", (300, 300), os.urandom(270_000))
    buf = io.BytesIO()
    noise.save(buf, format="PNG")
    cut = buf.getvalue()[: len(buf.getvalue()) // 2]

    response = upload(client, cut)

    assert avatar_error(response) == [
        "This image is damaged or incomplete and cannot be read. Please try another."
    ]


def test_an_empty_file_is_refused(client, priya):
    response = upload(client, b"")

    assert avatar_error(response) == ["The submitted file is empty."]


def test_a_new_avatar_replaces_the_old_file(client, priya, django_capture_on_commit_callbacks):
    upload(client, image_file(colour=(255, 0, 0)))
    first = User.objects.get(pk=priya.pk).avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        upload(client, image_file(colour=(0, 0, 255)))

    second = User.objects.get(pk=priya.pk).avatar.name
    assert second != first
    assert default_storage.exists(second)
    assert not default_storage.exists(first)


def test_removing_the_avatar_brings_back_the_initials(
    client, priya, django_capture_on_commit_callbacks
):
    upload(client, image_file())
    name = User.objects.get(pk=priya.pk).avatar.name
    page = client.get("/accounts/profile/").content.decode()
    assert "Remove my photo and show my initials instead" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/profile/",
            {"display_name": "Priya Raman", "remove_avatar": "on"},
        )

    assert not User.objects.get(pk=priya.pk).avatar
    assert not default_storage.exists(name)
    html = client.get("/members/priya/").content.decode()
    assert ">PR</text>" in html


def test_saving_other_fields_keeps_the_avatar(client, priya):
    upload(client, image_file())
    name = User.objects.get(pk=priya.pk).avatar.name

    client.post("/accounts/profile/", {"display_name": "Priya R.", "headline": "PMO lead"})

    stored = User.objects.get(pk=priya.pk)
    assert stored.avatar.name == name and stored.headline == "PMO lead"
