from __future__ import annotations

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.two_factor import totp_activate
from forum.models import Forum, ProjectContext, Thread
from forum.permissions import MODERATORS_GROUP
from forum.seeding import SeedPost, thread_insert_history
from forum.services import post_reply, thread_create
from notifications.models import Preferences

# The authenticator app key of members made with two-factor authentication in tests.
TEST_TOTP_SECRET = "K5UGK3DFOJSWK3DTORQWS3THNF2GK43U"


def give_two_factor(user: User, secret: str = TEST_TOTP_SECRET):
    """An authenticator app (and recovery codes) for `user`, as the settings page would set."""
    return totp_activate(user=user, secret=secret)


def make_moderator(user: User, *, two_factor: bool = True) -> User:
    """Puts `user` in the moderators' group, with the authenticator moderators must have."""
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    if two_factor:
        give_two_factor(user)
    return user


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.Sequence(lambda n: f"Member Number{n}")
    headline = "Delivery lead | Northwind Consulting"
    location = "Leeds, United Kingdom"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if create:
            user.save()

    @factory.post_generation
    def two_factor(user, create, extracted, **kwargs):
        """Staff have an authenticator app, as the site requires of them before the admin or
        any moderator page (accounts/two_factor.py). `two_factor=False` makes one without it,
        `two_factor=True` gives any member one."""
        if create and (user.is_staff if extracted is None else extracted):
            give_two_factor(user)


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    description = "Talk about projects."


def make_thread(
    *,
    title: str = "How do you estimate work for a new client?",
    body: str = "We are quoting a **fixed price** job and need advice.",
    author: User | None = None,
    forum: Forum | None = None,
    tags: tuple[str, ...] = ("Estimating",),
    context: str = ProjectContext.CLIENT,
    replies: int = 0,
    created_at=None,
) -> Thread:
    """A thread made the way members make them, through the services."""
    thread = thread_create(
        author=author or UserFactory(),
        forum=forum or ForumFactory(name="Project Management", slug="project-management"),
        title=title,
        body=body,
        tags=tags,
        context=context,
        created_at=created_at,
    )
    if replies:
        replier = UserFactory()
        for n in range(replies):
            post_reply(author=replier, thread=thread, body=f"Reply number {n + 2} with advice.")
        thread.refresh_from_db()
    return thread


def established_member(**fields) -> User:
    """A member past the limits for new members (moderation/rules.py): joined a month ago,
    with three posts made back then (so none counts against the posting interval)."""
    earlier = timezone.now() - timedelta(days=30)
    member = UserFactory(date_joined=earlier, **fields)
    thread = make_thread(
        author=member, title="An older question of this member", created_at=earlier
    )
    for n in range(2):
        post_reply(author=member, thread=thread, body=f"Older reply {n}", created_at=earlier)
    return member


def make_long_thread(
    *, posts: int, title: str = "A very long discussion about estimates"
) -> Thread:
    """A thread with many posts, inserted in bulk (as seed_bench does)."""
    author, replier = UserFactory(), UserFactory()
    start = timezone.now() - timedelta(days=30)
    rows = [
        SeedPost(
            author=author if n == 1 else replier,
            body=f"Post {n}",
            body_html=f"<p>Post number {n}</p>",
            created_at=start + timedelta(minutes=n),
            helpful_count=n % 7,
        )
        for n in range(1, posts + 1)
    ]
    return thread_insert_history(
        forum=ForumFactory(name="Project Management", slug="project-management"),
        title=title,
        context=ProjectContext.INTERNAL,
        tags=["Estimating"],
        posts=rows,
    )


def make_quiet_thread(**kwargs) -> Thread:
    """A thread whose asker turned off subscribing to their own questions: only the subscribers
    a test adds hear of its replies."""
    asker = kwargs.pop("author", None) or UserFactory()
    Preferences.objects.update_or_create(user=asker, defaults={"subscribe_on_ask": False})
    return make_thread(author=asker, **kwargs)
