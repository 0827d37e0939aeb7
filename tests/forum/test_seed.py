from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from forum.experience import SIDE_COUNT_FIELDS
from forum.models import OUTCOME_NUMBER, Forum, Post, Tag, Thread

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_forum_and_can_run_again(client):
    call_command("seed_demo", stdout=StringIO())
    counts = (Thread.objects.count(), Post.objects.count())
    call_command("seed_demo", stdout=StringIO())

    assert (Thread.objects.count(), Post.objects.count()) == counts
    assert counts[0] >= 12
    assert Forum.objects.filter(name="Project Management").exists()
    assert {"Estimating", "Information Technology"} <= set(
        Tag.objects.values_list("name", flat=True)
    )
    longest = Thread.objects.order_by("-last_number").first()
    assert longest.reply_count >= 45
    assert client.get(longest.get_absolute_url(), {"page": 3}).status_code == 200
    assert client.get("/").status_code == 200


def test_seeded_counters_match_the_posts():
    call_command("seed_demo", stdout=StringIO())
    for thread in Thread.objects.all():
        posts = list(thread.posts.filter(number__gte=1).order_by("number"))
        assert [p.number for p in posts] == list(range(1, len(posts) + 1))
        assert thread.reply_count == len(posts) - 1
        outcome = thread.posts.filter(number=OUTCOME_NUMBER).first()
        assert thread.outcome_id == (outcome.pk if outcome else None)
        latest = max([posts[-1], outcome] if outcome else posts[-1:], key=lambda p: p.created_at)
        assert thread.last_post_id == latest.pk
        assert thread.last_activity_at == latest.created_at
        for side, counter in SIDE_COUNT_FIELDS.items():
            assert getattr(thread, counter) == sum(p.experience_side == side for p in posts)


def test_demo_replies_say_their_side_and_questions_state_their_facts(client):
    call_command("seed_demo", stdout=StringIO())

    sides = set(Post.objects.filter(number__gt=1).values_list("experience_side", flat=True))
    assert {"internal", "client_facing", "client_side", "both", ""} == sides
    assert User.objects.get(username="hannah_lindqvist").default_experience_side == "client_side"
    with_facts = Thread.objects.exclude(methodology="", industry="", contract_type="")
    assert with_facts.count() >= 12
    assert Thread.objects.filter(contract_type="fixed-price", industry="it").exists()
    reference = Thread.objects.get(title__startswith="Internal versus customer-facing")
    html = client.get(reference.get_absolute_url()).content.decode()
    assert 'class="experience-summary"' in html and 'class="question-facts"' in html
    assert client.get("/", {"side": "client_side"}).context["thread_total"] >= 5


def test_the_demo_shows_mentions_as_links_to_members(client):
    call_command("seed_demo", stdout=StringIO())
    question = Post.objects.get(body__contains="@lucas_ferreira, I believe")
    page = client.get(question.thread.get_absolute_url()).content.decode()
    assert '<a href="/members/lucas_ferreira/" class="mention">@lucas_ferreira</a>' in page


def test_the_demo_has_two_threads_with_their_outcomes_after_their_replies(client):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # again: still one outcome each

    decided = Thread.objects.filter(outcome__isnull=False)
    assert decided.count() == 2
    for thread in decided:
        assert thread.outcome.author == thread.author
        assert thread.outcome.created_at > thread.posts.get(number=thread.last_number).created_at
        assert thread.outcome.author.post_count == thread.outcome.author.posts.count()
    listed = client.get("/", {"outcome": "yes"}).content.decode()
    assert all(thread.title in listed for thread in decided)
    html = client.get(decided.first().get_absolute_url()).content.decode()
    assert 'class="outcome"' in html


def test_seed_bench_inserts_threads_posts_and_a_hot_thread():
    call_command(
        "seed_bench",
        threads=30,
        posts_per_thread=4,
        hot_thread_posts=45,
        members=5,
        batch=7,
        stdout=StringIO(),
    )
    assert Thread.objects.count() == 31
    assert Post.objects.count() == 30 * 4 + 45
    hot = Thread.objects.get(slug="hot-benchmark-thread")
    assert hot.last_number == 45 and hot.last_post.number == 45
    assert all(t.tags.exists() for t in Thread.objects.all()[:10])


def test_reference_thread_is_in_project_management_with_its_tags_over_two_pages(client):
    call_command("seed_demo", stdout=StringIO())
    thread = Thread.objects.get(title__startswith="Internal versus customer-facing")

    assert thread.forum.name == "Project Management"
    assert set(thread.tags.values_list("name", flat=True)) == {
        "Estimating",
        "Information Technology",
    }
    repliers = set(thread.posts.exclude(number=1).values_list("author__username", flat=True))
    assert len(repliers) >= 8  # many points of view, not one voice
    first, second = (client.get(thread.get_absolute_url(), {"page": page}) for page in (1, 2))
    assert first.status_code == second.status_code == 200
    assert 'aria-label="Pagination"' in first.content.decode()
    assert client.get(thread.get_absolute_url(), {"page": 3}).status_code == 404


def test_demo_members_joined_months_before_their_first_post_so_links_are_allowed(client):
    call_command("seed_demo", stdout=StringIO())
    for user in User.objects.filter(posts__isnull=False).distinct():
        first_post_at = user.posts.order_by("created_at").first().created_at
        assert first_post_at - user.date_joined > timedelta(days=90), user.username

    member = User.objects.get(username="noor_haddad")
    client.force_login(member)
    thread = Thread.objects.get(title__startswith="Internal versus customer-facing")
    body = "Three links: https://a.example/ https://b.example/ https://c.example/ for reading."
    response = client.post(f"/threads/{thread.pk}/reply/", {"body": body})
    assert response.status_code == 302
    assert thread.posts.filter(body=body).exists()


def test_seed_demo_moves_join_dates_back_on_an_existing_demo_database():
    call_command("seed_demo", stdout=StringIO())
    User.objects.update(date_joined=timezone.now())
    call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(date_joined__gt=timezone.now() - timedelta(days=90)).exists()


def test_the_demo_shows_a_chart_in_a_question_as_members_images_are_shown(client):
    from django.core.files.storage import default_storage

    from forum.models import PostImage

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    image = PostImage.objects.get()
    question = image.post
    assert question.is_question and question.author.username == "kenji_mori"
    assert default_storage.exists(image.file.name) and (image.width, image.height) == (760, 330)
    page = client.get(question.thread.get_absolute_url()).content.decode()
    src = f"/media/{image.file.name}"
    assert f'<img src="{src}" alt="Gantt chart of the depot system rollout' in page
    assert 'width="760" height="330" loading="lazy"' in page
    assert client.get(src)["Content-Type"] == "image/png"


def test_every_demo_fact_and_side_names_a_demo_thread_or_member_and_a_listed_choice():
    from forum import demo_content, demo_experience
    from forum.facts import FACTS_BY_NAME

    titles = {spec["title"] for spec in demo_content.THREADS}
    usernames = {spec["username"] for spec in demo_content.MEMBERS}
    assert set(demo_experience.THREAD_FACTS) <= titles
    assert set(demo_experience.MEMBER_SIDES) == usernames
    for facts in demo_experience.THREAD_FACTS.values():
        for name, value in facts.items():
            assert value in FACTS_BY_NAME[name].choices.values
