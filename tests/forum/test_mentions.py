"""`@username` in a post links to the member's page; the suggestions a post box offers while
typing one. (Who is told about a mention: tests/notifications/test_mentions.py.)"""

from __future__ import annotations

import pytest
from django.test import Client

from forum.markup import MENTION_LOOKUP_MAX
from forum.mention_views import SUGGESTIONS_MAX, SUGGESTIONS_PER_MINUTE
from forum.mentions import render_post
from forum.services import post_reply
from tests.factories import UserFactory, make_thread
from tests.limits.helpers import UNREACHABLE_REDIS
from tests.security.corpus import HOSTILE_INPUTS, fragment_problems, page_problems

pytestmark = pytest.mark.django_db

SUGGEST = "/mentions/suggest/"


def mention_link(username: str, text: str | None = None) -> str:
    return f'<a href="/members/{username}/" class="mention">{text or "@" + username}</a>'


# Links


def test_a_mention_of_a_member_links_to_their_page_and_unknown_names_stay_text(client):
    UserFactory(username="priya_raman")
    thread = make_thread(
        title="Who owns the risk register?",
        body="Ask @Priya_Raman or @nobody_here; mail priya@example.com, not @priya_raman.",
    )

    page = client.get(thread.get_absolute_url()).content.decode()

    assert mention_link("priya_raman", "@Priya_Raman") in page
    assert mention_link("priya_raman") in page
    assert "@nobody_here" in page and "/members/nobody_here/" not in page
    assert '<a href="mailto:priya@example.com"' in page  # an address, not a mention


def test_mentions_in_code_and_links_stay_as_written():
    UserFactory(username="kenji_mori")
    html = render_post(
        "Run `notify @kenji_mori` or see [@kenji_mori's notes](https://example.com/notes).\n\n"
        "    @kenji_mori in a code block\n"
    )
    assert "/members/kenji_mori/" not in html
    assert "<code>notify @kenji_mori</code>" in html
    assert ">@kenji_mori's notes</a>" in html


def test_inactive_members_are_not_linked():
    UserFactory(username="gone_member", is_active=False)
    assert "/members/gone_member/" not in render_post("Thanks @gone_member.")


def test_a_flood_of_mentions_costs_one_lookup(django_assert_num_queries):
    UserFactory(username="first_one")
    names = " ".join(f"@name{n}" for n in range(MENTION_LOOKUP_MAX + 50))
    with django_assert_num_queries(1):
        html = render_post(f"@first_one {names}")
    assert mention_link("first_one") in html


def test_the_preview_links_mentions_as_the_saved_post_will(member_client):
    UserFactory(username="amara_okafor")
    response = member_client.post("/preview/", {"body": "Over to @amara_okafor."})
    assert mention_link("amara_okafor") in response.json()["html"]


def test_hostile_input_passes_through_mentions_harmlessly(client):
    """Every hostile input right after an @, and around a real mention, in posts on a page."""
    author = UserFactory(username="hostile_author")
    UserFactory(username="real_member")
    bodies = [f"@{text} @real_member {text}@real_member" for text in HOSTILE_INPUTS]
    for body in bodies:
        html = render_post(body.replace("\x00", ""))
        assert fragment_problems(html) == [], body
    thread = make_thread(title="Mentions next to hostile text", author=author, body=bodies[0])
    for body in bodies[1:40]:
        post_reply(author=author, thread=thread, body=body.replace("\x00", ""))
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page_problems(page) == []
    assert mention_link("real_member") in page


# Suggestions while typing


@pytest.fixture
def directory(db):
    """Members whose names start alike, busiest last so that the order is the ranking's."""
    return {
        "priya": UserFactory(username="priya_raman", display_name="Priya Raman", post_count=40),
        "prince": UserFactory(username="prince_k", display_name="Prince Kofi", post_count=3),
        "pia": UserFactory(username="zz_pia", display_name="Pia Primavera", post_count=12),
        "ramona": UserFactory(username="ramona_pri", display_name="Ramona Prieto", post_count=7),
        "gone": UserFactory(username="pri_gone", display_name="Pri Gone", is_active=False),
    }


def suggest(client, q: str):
    return client.get(SUGGEST, {"q": q})


def test_suggestions_match_username_or_display_name_most_active_first(member_client, directory):
    response = suggest(member_client, "pri")

    assert response.status_code == 200
    assert response.json()["members"] == [
        {"username": "priya_raman", "name": "Priya Raman"},
        {"username": "zz_pia", "name": "Pia Primavera"},  # "Primavera", a later word
        {"username": "ramona_pri", "name": "Ramona Prieto"},
        {"username": "prince_k", "name": "Prince Kofi"},
    ]
    assert response["Cache-Control"].startswith("max-age=0")


def test_suggestions_take_the_at_sign_and_leave_out_the_member_asking(client, directory):
    client.force_login(directory["priya"])
    names = [m["username"] for m in suggest(client, "@PRI").json()["members"]]
    assert names == ["zz_pia", "ramona_pri", "prince_k"]


def test_suggestions_are_limited(member_client):
    for n in range(SUGGESTIONS_MAX + 4):
        UserFactory(username=f"estimator{n}", post_count=n)
    members = suggest(member_client, "estim").json()["members"]
    assert len(members) == SUGGESTIONS_MAX
    assert members[0]["username"] == f"estimator{SUGGESTIONS_MAX + 3}"


def test_an_empty_or_hostile_query_suggests_nothing_and_never_fails(
    member_client, directory, monkeypatch
):
    monkeypatch.setattr("forum.mention_views.SUGGESTIONS_PER_MINUTE", 10 * len(HOSTILE_INPUTS))
    assert suggest(member_client, "").json() == {"members": []}
    assert suggest(member_client, "@").json() == {"members": []}
    for text in HOSTILE_INPUTS:
        response = suggest(member_client, text.replace("\x00", ""))
        assert response.status_code == 200, text
        assert response["Content-Type"] == "application/json"


def test_a_member_with_a_hostile_display_name_is_suggested_as_plain_data(member_client):
    UserFactory(username="odd_name", display_name='<img src=x onerror="alert(1)">')
    [member] = suggest(member_client, "odd").json()["members"]
    assert member["name"] == '<img src=x onerror="alert(1)">'  # JSON; the script sets it as text


def test_visitors_get_no_suggestions(client, directory):
    response = suggest(client, "pri")
    assert response.status_code == 403
    assert "members" not in response.json()


def test_suggestions_are_get_only(member_client):
    assert member_client.post(SUGGEST, {"q": "pri"}).status_code == 405


@pytest.mark.parametrize("redis", ["absent", "unreachable"])
def test_too_many_lookups_in_a_minute_are_refused_with_a_retry_hint(member, settings, redis):
    if redis == "unreachable":
        settings.CACHES = UNREACHABLE_REDIS
    client = Client()
    client.force_login(member)
    for _ in range(SUGGESTIONS_PER_MINUTE):
        assert suggest(client, "a").status_code == 200
    refused = suggest(client, "a")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "members" not in refused.json()


def test_post_boxes_name_the_suggestions_address_for_the_script(member_client):
    thread = make_thread(title="A thread with a reply box")
    for url in ("/threads/new/", f"/threads/{thread.pk}/reply/", thread.get_absolute_url()):
        html = member_client.get(url).content.decode()
        assert f'data-mention-suggest="{SUGGEST}"' in html, url
        assert "/static/js/mentions.js" in html, url
