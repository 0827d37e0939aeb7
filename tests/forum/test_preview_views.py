import pytest
from django.test import Client

from forum.forms import BODY_MAX
from forum.preview_views import PREVIEWS_PER_MINUTE
from tests.limits.helpers import UNREACHABLE_REDIS

pytestmark = pytest.mark.django_db


def test_member_gets_the_sanitised_rendering_of_their_text(member_client):
    response = member_client.post(
        "/preview/", {"body": "**Scope** first <script>alert(1)</script>\n\n- one\n- two"}
    )
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<strong>Scope</strong>" in html
    assert "<li>one</li>" in html
    assert "<script" not in html


def test_visitor_cannot_preview(client):
    response = client.post("/preview/", {"body": "hello"})
    assert response.status_code == 403
    assert "html" not in response.json()


def test_preview_needs_the_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post("/preview/", {"body": "hello"}).status_code == 403
    page = client.get("/threads/new/")
    token = page.context["csrf_token"]
    response = client.post("/preview/", {"body": "hello"}, headers={"X-CSRFToken": str(token)})
    assert response.status_code == 200


def test_preview_is_post_only(member_client):
    assert member_client.get("/preview/?body=hello").status_code == 405


def test_text_longer_than_a_post_is_refused_with_the_reason(member_client):
    response = member_client.post("/preview/", {"body": "x" * (BODY_MAX + 1)})
    assert response.status_code == 400
    assert "characters" in response.json()["problem"]


def test_convoluted_markdown_is_refused_with_the_forms_reason(member_client):
    response = member_client.post("/preview/", {"body": "[" * 500})
    assert response.status_code == 200
    assert "square brackets" in response.json()["problem"]
    assert "html" not in response.json()


@pytest.mark.parametrize("redis", ["absent", "unreachable"])
def test_too_many_previews_in_a_minute_are_refused(member_client, settings, redis):
    if redis == "unreachable":
        settings.CACHES = UNREACHABLE_REDIS
    for _ in range(PREVIEWS_PER_MINUTE):
        assert member_client.post("/preview/", {"body": "a"}).status_code == 200
    refused = member_client.post("/preview/", {"body": "a"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
