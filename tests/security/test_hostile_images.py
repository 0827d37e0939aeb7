"""Images in posts and hostile input: descriptions and file names from the corpus stay text, and
the sanitiser lets through the site's own images and nothing else."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from forum import images as post_images
from forum.images import image_markdown
from forum.markup import _cleaner, render_markdown
from forum.models import PostImage
from tests.accounts.helpers import image_file
from tests.factories import UserFactory, make_thread
from tests.security.corpus import HOSTILE_INPUTS, fragment_problems, page_problems

pytestmark = pytest.mark.django_db

IMG = re.compile(r"<img [^>]*>")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def stored_image():
    return PostImage.objects.create(file="post-images/Xk2b7mQ9_plan-A.png", width=640, height=360)


def test_every_hostile_description_stays_the_description_of_one_image(stored_image):
    for text in HOSTILE_INPUTS:
        html = render_markdown(f"Before {image_markdown(stored_image, text)} after")
        assert fragment_problems(html) == [], text
        assert len(IMG.findall(html)) == 1, (text, html)
        # Nothing the description holds ends the image early or adds to the post around it.
        assert html.startswith('<p>Before <a class="post-image"') and html.endswith(
            "</a> after</p>"
        ), (text, html)


def test_hostile_descriptions_posted_through_the_form_are_inert_on_the_thread_page(client):
    member = UserFactory()
    client.force_login(member)
    thread = make_thread(title="A thread collecting hostile descriptions")
    page_texts = [text for text in HOSTILE_INPUTS if "<" in text or "javascript" in text.lower()]
    sources = []
    for text in page_texts[:10]:
        answer = client.post(
            "/posts/images/",
            {"image": SimpleUploadedFile("x.png", image_file()), "image_alt": text[:250]},
        )
        if answer.status_code == 201:
            sources.append(answer.json()["markdown"])
    assert len(sources) >= 8
    for markdown in sources:
        post = thread.posts.model.objects.create(
            thread=thread,
            number=thread.last_number + 1,
            author=member,
            body=markdown,
            body_html=render_markdown(markdown),
        )
        thread.last_number = post.number
    thread.save(update_fields=["last_number"])

    page = Client().get(thread.get_absolute_url()).content.decode()

    assert page_problems(page) == []
    assert page.count('loading="lazy"') == len(sources)


def test_hostile_file_names_in_the_refusal_are_text(client, monkeypatch):
    monkeypatch.setattr(post_images, "UPLOAD_RATES", [(10_000, 60)])
    client.force_login(UserFactory())
    thread = make_thread(title="A thread where files are refused")
    for text in HOSTILE_INPUTS:
        name = f"{text[:80]}.png"
        response = client.post(
            f"/threads/{thread.pk}/reply/",
            {"body": "Text", "image": SimpleUploadedFile(name, b"not an image"), "image_alt": "A"},
        )
        assert response.status_code == 200, text
        html = response.content.decode()
        assert "is not a PNG, JPEG, GIF or WebP image" in html, text
        assert page_problems(html) == [], text
    assert not PostImage.objects.exists()


@pytest.mark.parametrize(
    "html",
    [
        '<img src="https://tracker.example/pixel.png" alt="x">',
        '<img src="//tracker.example/pixel.png">',
        '<img src="javascript:alert(1)">',
        '<img src="/media/post-images/a.png" onerror="alert(1)">',
        '<img src="/media/post-images/a.png" srcset="https://tracker.example/x.png 2x">',
        '<img src="/media/post-images/a.png" style="position:fixed">',
        '<img src="/media/post-images/a.png" loading="eager" width="100%">',
        '<img src="/media/post-images/../../admin/">',
        '<img src="/media/avatars/a1b2.webp">',
        '<a class="button" href="https://example.com">x</a>',
        '<a class="post-image" href="javascript:alert(1)">x</a>',
        '<picture><source srcset="https://tracker.example/x.png"></picture>',
    ],
)
def test_the_sanitiser_still_refuses_every_other_image_and_attribute(html):
    """The allow-list is the second line of defence: Markdown never produces these, and fed
    straight to the sanitiser none of them survives."""
    assert fragment_problems(_cleaner.clean(html)) == []


def test_the_sanitiser_keeps_the_site_images_the_renderer_makes(stored_image):
    html = render_markdown(image_markdown(stored_image, "Plan A"))
    assert _cleaner.clean(html) == html
    assert '<img src="/media/post-images/Xk2b7mQ9_plan-A.png" alt="Plan A" width="640"' in html
