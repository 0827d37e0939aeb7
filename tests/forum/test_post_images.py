"""Images in posts: attaching them with and without JavaScript, what is refused and why, what
is stored, how posts show them, the limits, serving and the sweep of unused uploads."""

from __future__ import annotations

import io
import os
import re
import struct
import zlib
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.client import FakePayload
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from forum import images as post_images
from forum.images import post_images_sweep
from forum.markup import render_markdown
from forum.models import Post, PostImage
from forum.services import post_reply
from jobs.schedule import JOBS, Scheduler
from tests.accounts.helpers import image_file
from tests.factories import UserFactory, established_member, make_thread

pytestmark = pytest.mark.django_db

IMAGE_SRC = re.compile(r"/media/post-images/[\w-]+\.(?:png|jpg|webp)")
TEXT = "Here is the burn-up chart from Friday's review."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list[str]:
    folder = media / "post-images"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def writer(client):
    member = established_member(username="lucas_f", display_name="Lucas Ferreira")
    client.force_login(member)
    return member


@pytest.fixture
def thread():
    return make_thread(title="How do you show progress on a fixed-price build?")


def png(size=(400, 300), colour=(30, 90, 160)) -> bytes:
    return image_file("PNG", size=size, colour=colour)


def a_file(content: bytes, name: str = "burn-up.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def upload(client, content: bytes, *, name="burn-up.png", alt="Burn-up chart", body="", **extra):
    """Through the endpoint the script uses."""
    data = {"image": a_file(content, name), "image_alt": alt, "body": body}
    return client.post("/posts/images/", data, headers={"accept": "application/json"}, **extra)


def reply_with_image(client, thread, content: bytes, *, name="burn-up.png", alt="Burn-up chart",
                     body=TEXT, **buttons):  # fmt: skip
    """The reply form as a member without JavaScript sends it, with a file chosen."""
    data = {"body": body, "image": a_file(content, name), "image_alt": alt, **buttons}
    return client.post(f"/threads/{thread.pk}/reply/", data)


def textarea(response) -> str:
    html = response.content.decode()
    found = re.search(r"<textarea[^>]*name=\"body\"[^>]*>\n?(.*?)</textarea>", html, re.S)
    return unescape(found[1])  # without the newline after the tag, which browsers drop too


def image_errors(response) -> list[str]:
    html = response.content.decode()
    found = re.search(r'<ul class="field__errors" id="id_image_error">(.*?)</ul>', html, re.S)
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", found[1])] if found else []


# ---- Attaching and showing ----


def test_an_image_sent_with_the_reply_form_is_added_to_the_text_and_shown_inline(
    client, writer, thread
):
    response = reply_with_image(client, thread, png())

    assert response.status_code == 302
    reply = Post.objects.get(thread=thread, number=2)
    src = IMAGE_SRC.search(reply.body)[0]
    assert reply.body == f"{TEXT}\n\n![Burn-up chart]({src})"
    image = PostImage.objects.get()
    assert (image.post, image.uploader, image.width, image.height) == (reply, writer, 400, 300)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert (
        f'<a class="post-image" href="{src}" title="Open the full-size image (400 by 300 pixels)">'
        f'<img src="{src}" alt="Burn-up chart" width="400" height="300" loading="lazy" '
        'decoding="async"></a>'
    ) in page


def test_attach_image_brings_the_form_back_with_the_image_in_the_text_and_previewed(
    client, writer, thread
):
    response = reply_with_image(client, thread, png(), attach_image="1")

    assert response.status_code == 200
    body = textarea(response)
    assert body.startswith(f"{TEXT}\n\n![Burn-up chart](/media/post-images/")
    preview = response.content.decode().split('id="preview-title"')[1]
    assert '<img src="/media/post-images/' in preview.split("</section>")[0]
    assert thread.posts.count() == 1  # nothing posted yet
    assert PostImage.objects.get().post is None

    response = client.post(f"/threads/{thread.pk}/reply/", {"body": body})
    assert response.status_code == 302
    assert PostImage.objects.get().post == Post.objects.get(thread=thread, number=2)


def test_the_ask_and_edit_forms_attach_images_too(client, writer):
    forum = make_thread().forum
    response = client.post(
        "/threads/new/",
        {
            "title": "Which chart shows slippage best?",
            "body": "Ours, for comparison:",
            "forum": forum.pk,
            "tags": "Reporting",
            "context": "client",
            "image": a_file(png()),
            "image_alt": "Milestone trend chart",
        },
    )
    assert response.status_code == 302
    question = Post.objects.get(thread__title="Which chart shows slippage best?")
    assert "![Milestone trend chart](/media/post-images/" in question.body
    assert '<img src="/media/post-images/' in question.body_html

    edited = client.post(
        f"/posts/{question.pk}/edit/",
        {
            "title": "Which chart shows slippage best?",
            "body": question.body,
            "tags": "Reporting",
            "image": a_file(png(colour=(200, 0, 0)), name="second.png"),
            "image_alt": "The same chart a week later",
        },
    )
    assert edited.status_code == 302
    question.refresh_from_db()
    assert question.body.count("](/media/post-images/") == 2
    assert set(PostImage.objects.values_list("post", flat=True)) == {question.pk}


def test_the_endpoint_answers_the_markdown_to_insert(client, writer):
    response = upload(client, png(size=(640, 360)), alt="Gantt: design [late] *2 weeks*")

    assert response.status_code == 201
    answer = response.json()
    image = PostImage.objects.get()
    assert answer["url"] == f"/media/post-images/{image.file.name.split('/')[1]}"
    assert (answer["width"], answer["height"]) == (640, 360)
    # Markdown's own characters in the description are escaped: it stays the description.
    assert answer["markdown"] == rf"![Gantt: design \[late\] \*2 weeks\*]({answer['url']})"
    html = render_markdown(answer["markdown"])
    assert 'alt="Gantt: design [late] *2 weeks*"' in html
    assert image.post is None and image.uploader == writer


def test_images_from_other_sites_and_unknown_names_stay_links():
    html = render_markdown(
        "![tracker](https://tracker.example/pixel.png) "
        "![made up](/media/post-images/NoSuchImage123.png)"
    )
    assert "<img" not in html
    assert '<a href="https://tracker.example/pixel.png" rel="nofollow ugc noopener">' in html
    assert '<a href="/media/post-images/NoSuchImage123.png" rel="nofollow ugc noopener">' in html


def test_an_image_inside_a_link_is_not_wrapped_in_a_second_one(client, writer):
    src = upload(client, png()).json()["url"]

    html = render_markdown(f"[![Plan]({src})](https://example.com/plan)")

    assert html.count("<a ") == 1
    assert (
        f'<a href="https://example.com/plan" rel="nofollow ugc noopener"><img src="{src}"' in html
    )


def test_a_full_address_of_this_site_is_the_same_image(client, writer, settings):
    src = upload(client, png()).json()["url"]

    html = render_markdown(f"![Plan]({settings.SITE_URL}{src})")

    assert f'<img src="{src}" alt="Plan" width="400" height="300"' in html


def test_showing_images_costs_the_thread_page_no_query(client, writer):
    warm_up = make_thread(title="A thread read first, so that site-wide parts are cached")
    plain = make_thread(title="A thread with ten replies without images")
    with_images = make_thread(title="A thread with ten images in its replies")
    for n in range(10):
        post_reply(author=writer, thread=plain, body=f"Reply {n} without a picture")
        src = upload(client, png(colour=(n * 20, 0, 0))).json()["url"]
        post_reply(author=writer, thread=with_images, body=f"Image {n}: ![Chart {n}]({src})")
    visitor = Client()
    visitor.get(warm_up.get_absolute_url())

    with CaptureQueriesContext(connection) as without_images:
        visitor.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as with_them:
        page = visitor.get(with_images.get_absolute_url()).content.decode()

    assert page.count('loading="lazy"') == 10
    assert len(with_them) == len(without_images)
    assert not any("forum_postimage" in query["sql"] for query in with_them.captured_queries)


# ---- What is stored ----


def jpeg_from_a_phone() -> bytes:
    """Left half red, right half blue, stored sideways with the "rotate 90° clockwise" flag,
    with the camera and the place it was taken in its EXIF."""
    photo = Image.new("RGB", (400, 200), (220, 0, 0))
    photo.paste((0, 0, 220), (200, 0, 400, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (53.0, 48.0, 0.0), 3: "W", 4: (1.0, 32.0, 0.0)}  # GPS position
    buf = io.BytesIO()
    photo.save(buf, format="JPEG", exif=exif, quality=95, comment=b"taken at the client site")
    return buf.getvalue()


def stored_bytes(image: PostImage) -> bytes:
    with default_storage.open(image.file.name) as stored:
        return stored.read()


def test_a_photo_is_stored_upright_without_its_exif_and_location(client, writer):
    original = jpeg_from_a_phone()
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the test photo does carry a GPS position

    response = upload(client, original, name="IMG_2041.jpg")

    assert response.status_code == 201
    image = PostImage.objects.get()
    raw = stored_bytes(image)
    for trace in (b"Exif", b"PhoneMaker", b"client site"):
        assert trace not in raw
    with Image.open(io.BytesIO(raw)) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert not stored.getexif().get_ifd(0x8825)
        assert "icc_profile" not in stored.info and "comment" not in stored.info
        # Turned upright: 200 wide and 400 high, the red half on top.
        assert stored.size == (200, 400) == (image.width, image.height)
        top, bottom = stored.convert("RGB").getpixel((100, 20)), stored.getpixel((100, 380))
    assert top[0] > 150 and top[2] < 80
    assert bottom[2] > 150 and bottom[0] < 80
    assert image.file.name.endswith(".jpg") and "IMG_2041" not in image.file.name


def test_a_png_keeps_its_transparency_and_loses_its_text_chunks(client, writer):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "Diagram Maker 3")
    buf = io.BytesIO()
    Image.new("RGBA", (120, 80), (0, 0, 0, 0)).save(buf, format="PNG", pnginfo=info)

    upload(client, buf.getvalue(), name="raci.png")

    raw = stored_bytes(PostImage.objects.get())
    assert b"Diagram Maker" not in raw
    with Image.open(io.BytesIO(raw)) as stored:
        assert stored.format == "PNG" and stored.getpixel((5, 5))[3] == 0


def test_an_animated_gif_is_stored_as_its_first_frame(client, writer):
    frames = [Image.new("P", (60, 40), index) for index in (1, 2, 3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=100)

    response = upload(client, buf.getvalue(), name="spinner.gif")

    assert response.status_code == 201
    with Image.open(io.BytesIO(stored_bytes(PostImage.objects.get()))) as stored:
        assert stored.format == "PNG" and not getattr(stored, "is_animated", False)
        assert stored.size == (60, 40)


def test_a_webp_stays_a_webp(client, writer):
    response = upload(client, image_file("WEBP", size=(300, 200)), name="board.webp")

    assert response.status_code == 201
    assert response.json()["url"].endswith(".webp")
    with Image.open(io.BytesIO(stored_bytes(PostImage.objects.get()))) as stored:
        assert stored.format == "WEBP" and stored.size == (300, 200)


# ---- Bad files ----


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: decoding it would take gigabytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    signature = b"\x89PNG\r\n\x1a\n"
    idat = zlib.compress(b"\x00" * 64)
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def noise_png(side: int) -> bytes:
    buf = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buf, format="PNG")
    return buf.getvalue()


def jpeg_with_comment(comment: bytes) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (50, 50), (10, 120, 10)).save(buf, format="JPEG", comment=comment)
    return buf.getvalue()


def zip_archive() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("payload.html", "<p>hello</p>")
    return buf.getvalue()


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)

BAD_FILES = {
    "not an image": (b"<html><body>Quarterly report</body></html>", "report.png", "is not a PNG"),
    "a decompression bomb": (png_claiming_size(30_000, 30_000), "bomb.png", "too large in pixels"),
    "over 20 megapixels": (
        image_file("PNG", size=(5000, 4100), mode="1", colour=1),
        "wide.png",
        "more than 20 megapixels",
    ),
    "over 5 MB": (noise_png(1400), "noise.png", "larger than 5 MB"),
    "an SVG drawing": (SVG, "diagram.png", "SVG drawing"),
    "a PNG with a web page after it": (
        png() + b"<html><script>alert(1)</script></html>",
        "chart.png",
        "carries something besides the picture",
    ),
    "a GIF that is also an archive": (
        image_file("GIF") + zip_archive(),
        "chart.gif",
        "carries something besides the picture",
    ),
    "a JPEG whose comment is a script": (
        jpeg_with_comment(b"<?php system($_GET['c']); ?>"),
        "photo.jpg",
        "carries something besides the picture",
    ),
    "a damaged image": (noise_png(300)[:5000], "cut.png", "damaged or incomplete"),
    "an empty file": (b"", "empty.png", "empty"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_refused_next_to_the_field_with_the_text_kept(
    client, writer, thread, media, kind
):
    content, name, says = BAD_FILES[kind]

    response = reply_with_image(client, thread, content, name=name)

    assert response.status_code == 200
    errors = image_errors(response)
    assert len(errors) == 1 and says in errors[0], errors
    assert textarea(response) == TEXT
    page = response.content.decode()
    assert "The image was not attached" in page  # the summary at the top of the form
    assert (
        'aria-invalid="true"'
        in page.split('id="id_image"')[0].rsplit("<input", 1)[1]
        + (page.split('id="id_image"')[1].split(">")[0])
    )
    assert thread.posts.count() == 1
    assert not PostImage.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_the_endpoint_refuses_a_bad_file_with_a_message_for_the_script(client, writer, media, kind):
    content, name, says = BAD_FILES[kind]

    response = upload(client, content, name=name)

    assert response.status_code == 400
    assert response.json()["field"] == "image" and says in response.json()["error"]
    assert not PostImage.objects.exists() and stored_files(media) == []


def test_the_message_names_the_file_as_the_member_knows_it(client, writer, thread):
    response = reply_with_image(client, thread, b"plain text", name="Q3 status.png")

    assert image_errors(response) == [
        "“Q3 status.png” is not a PNG, JPEG, GIF or WebP image. Please choose one of those."
    ]


def test_the_format_is_read_from_the_content_not_the_name_or_type(client, writer):
    response = upload(client, image_file("JPEG"), name="not-really.gif")

    assert response.status_code == 201
    assert response.json()["url"].endswith(".jpg")


def test_an_image_needs_a_description(client, writer, thread, media):
    response = reply_with_image(client, thread, png(), alt="   ")

    html = response.content.decode()
    assert "Please describe the image for readers who cannot see it." in html
    assert textarea(response) == TEXT and stored_files(media) == []
    assert upload(client, png(), alt="").json() == {
        "error": "Please describe the image for readers who cannot see it.",
        "field": "image_alt",
    }


def test_attach_without_a_file_but_with_a_description_asks_for_the_file(client, writer, thread):
    response = client.post(
        f"/threads/{thread.pk}/reply/",
        {"body": TEXT, "image_alt": "Chart", "attach_image": "1"},
    )
    assert image_errors(response) == ["Please choose an image file to attach."]
    assert textarea(response) == TEXT


def test_enter_in_a_field_which_presses_attach_without_any_image_just_previews(client, writer):
    forum = make_thread().forum
    response = client.post(
        "/threads/new/",
        {"title": "A question being written", "body": "Draft *text*", "forum": forum.pk,
         "tags": "Risk", "context": "general", "image_alt": "", "attach_image": "1"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "<em>text</em>" in html
    assert "The image was not attached" not in html and "Please correct" not in html


# ---- Limits ----


def body_with_images(client, count: int) -> str:
    sources = [upload(client, png(colour=(n, n, n))).json()["url"] for n in range(count)]
    return "\n\n".join(f"![Chart {n}]({src})" for n, src in enumerate(sources))


def test_a_post_shows_at_most_ten_images(client, writer, thread, media):
    body = body_with_images(client, 10)
    files_before = stored_files(media)

    response = reply_with_image(client, thread, png(), body=body)

    assert image_errors(response) == [
        "A post can show at most 10 images (this one already has 10)."
    ]
    assert textarea(response) == body
    assert stored_files(media) == files_before
    assert upload(client, png(), body=body).status_code == 400

    eleventh = upload(client, png(), body="").json()["markdown"]
    typed = client.post(f"/threads/{thread.pk}/reply/", {"body": f"{body}\n\n{eleventh}"})
    assert "A post can show at most 10 images (this one has 11)." in typed.content.decode()
    assert thread.posts.count() == 1


def test_a_new_member_may_show_two_images_in_a_post(client, thread):
    newcomer = UserFactory(username="new_nina")
    client.force_login(newcomer)
    body = body_with_images(client, 2)

    response = upload(client, png(), body=body)

    assert response.status_code == 400
    assert response.json()["error"] == (
        "New members can show at most 2 images in a post (this one already has 2). "
        "The limit lifts after your first day and 3 posts."
    )
    # Two images, and two links besides: images of the site's own are not counted as links.
    text = f"{body}\n\nSee [our plan](https://example.com/plan) and https://example.org/board"
    posted = client.post(f"/threads/{thread.pk}/reply/", {"body": text})
    assert posted.status_code == 302


def test_uploads_are_rate_limited_per_member(client, writer, monkeypatch):
    monkeypatch.setattr(post_images, "UPLOAD_RATES", [(2, 600)])
    assert upload(client, png()).status_code == 201
    assert upload(client, b"not an image").status_code == 400  # attempts count too

    refused = upload(client, png())

    assert refused.status_code == 429
    assert 590 <= int(refused["Retry-After"]) <= 600
    assert refused.json()["error"] == (
        "You have attached many images in a short time. Please try again in 10 minutes."
    )
    other = Client()
    other.force_login(established_member())
    assert upload(other, png()).status_code == 201


def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(client, writer, settings):
    declared = settings.REQUEST_BODY_MAX_BYTES + 1
    # A body that fails if anything reads it: the answer must come from its declared length.
    unread = FakePayload(b"")

    def send(**headers):
        return client.generic(
            "POST",
            "/posts/images/",
            content_type="multipart/form-data; boundary=xyz",
            CONTENT_LENGTH=str(declared),
            **{"wsgi.input": unread},
            headers=headers,
        )

    as_json = send(accept="application/json")
    assert as_json.status_code == 413
    assert as_json.json()["error"] == "The file is too large to send: images may be up to 5 MB."
    as_page = send()
    assert as_page.status_code == 413 and "That file is too large" in as_page.content.decode()


def test_the_body_limit_leaves_room_for_the_largest_image_and_its_form():
    from django.conf import settings

    assert settings.REQUEST_BODY_MAX_BYTES >= (
        post_images.POST_IMAGE_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 1


# ---- Who may upload ----


def test_visitors_and_unconfirmed_members_cannot_upload(client, media):
    visitor = upload(client, png())
    assert (
        visitor.status_code == 403 and visitor.json()["error"] == "Please log in to attach images."
    )
    client.force_login(UserFactory(verified=False))
    unconfirmed = upload(client, png())
    assert unconfirmed.status_code == 403
    assert "confirm your e-mail address" in unconfirmed.json()["error"]
    assert stored_files(media) == []


def test_the_endpoint_takes_posts_with_a_csrf_token_only(writer, media):
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(writer)
    assert upload(checked, png()).status_code == 403
    assert checked.get("/posts/images/").status_code == 405
    assert stored_files(media) == []


# ---- Serving ----


def test_a_stored_image_is_served_as_an_image_that_never_changes(client, writer, settings):
    settings.DEBUG = False
    src = upload(client, png()).json()["url"]

    response = Client().get(src)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert Client().head(src).status_code == 200


def test_only_stored_post_images_are_served(client, media):
    (media / "secret.txt").parent.mkdir(parents=True, exist_ok=True)
    (media / "secret.txt").write_text("not an image")
    assert client.get("/media/post-images/missing123.png").status_code == 404
    assert client.get("/media/post-images/../secret.txt").status_code == 404
    assert client.get("/media/post-images/x.svg").status_code == 404


def test_pages_with_images_keep_a_policy_without_inline_code(client, writer, thread):
    reply_with_image(client, thread, png())

    response = client.get(thread.get_absolute_url())

    assert '<img src="/media/post-images/' in response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "img-src 'self' data:" in policy
    assert "script-src 'self'" in policy


# ---- The sweep of uploads no post took ----


def test_uploads_no_post_took_within_a_day_are_deleted_with_their_files(
    client, writer, thread, media, django_capture_on_commit_callbacks
):
    reply_with_image(client, thread, png(colour=(1, 1, 1)))  # posted: stays
    upload(client, png(colour=(2, 2, 2)))  # never posted, a day old: goes
    upload(client, png(colour=(3, 3, 3)))  # never posted, recent: stays (being written)
    posted, old, recent = PostImage.objects.order_by("pk")
    day_ago = timezone.now() - timedelta(days=1, minutes=1)
    PostImage.objects.filter(pk__in=[posted.pk, old.pk]).update(created_at=day_ago)

    with django_capture_on_commit_callbacks(execute=True):
        assert post_images_sweep() == 1

    assert set(PostImage.objects.values_list("pk", flat=True)) == {posted.pk, recent.pk}
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(posted.file.name) and default_storage.exists(recent.file.name)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'<img src="/media/post-images/{posted.file.name.split("/")[1]}"' in page


def test_an_upload_a_saved_draft_shows_outlives_the_day(client, writer, thread, media):
    answer = upload(client, png(colour=(4, 4, 4))).json()
    markdown = answer.get("markdown") or f"![Burn-up chart]({answer['url']})"
    saved = client.post(
        "/drafts/save/",
        {"target": f"reply:{thread.pk}", "body": f"Half written.\n\n{markdown}"},
        headers={"accept": "application/json"},
    )
    assert saved.status_code == 200
    upload(client, png(colour=(5, 5, 5)))  # in no draft: goes
    in_draft, forgotten = PostImage.objects.order_by("pk")

    assert post_images_sweep(now=timezone.now() + timedelta(days=1, minutes=1)) == 1

    assert list(PostImage.objects.values_list("pk", flat=True)) == [in_draft.pk]
    assert forgotten.pk != in_draft.pk


def test_the_scheduler_runs_the_sweep_every_hour(
    client, writer, media, django_capture_on_commit_callbacks
):
    upload(client, png())
    PostImage.objects.update(created_at=timezone.now() - timedelta(days=2))
    sweep = next(job for job in JOBS if job.name == "post_images_sweep")
    start = timezone.now().replace(minute=10)

    with django_capture_on_commit_callbacks(execute=True):
        assert Scheduler(jobs=[sweep], clock=lambda: start).tick() == ["post_images_sweep"]
    assert not PostImage.objects.exists() and stored_files(media) == []
    assert Scheduler(jobs=[sweep], clock=lambda: start + timedelta(minutes=5)).tick() == []
    assert Scheduler(jobs=[sweep], clock=lambda: start + timedelta(hours=1)).tick() == [
        "post_images_sweep"
    ]


def test_deleting_a_question_leaves_its_images_to_the_sweep(client, writer, media):
    forum = make_thread().forum
    client.post(
        "/threads/new/",
        {"title": "A question deleted later on", "body": "With a chart", "forum": forum.pk,
         "tags": "Risk", "context": "general", "image": a_file(png()), "image_alt": "Chart"},
    )  # fmt: skip
    question = Post.objects.get(thread__title="A question deleted later on")
    client.post(f"/posts/{question.pk}/delete/")

    image = PostImage.objects.get()
    assert image.post is None
    assert post_images_sweep(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
