"""Load the demo forum. Safe to run again: what exists already is left as it is."""

from __future__ import annotations

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.two_factor import totp_activate
from forum import demo_answers, demo_content, demo_experience, demo_images, demo_outcomes
from forum.images import image_markdown, post_image_store, post_images_attach
from forum.models import OUTCOME_NUMBER, Forum, Post, Tag, Thread
from forum.permissions import MODERATORS_GROUP
from forum.seeding import SeedPost, outcome_insert_history, thread_insert_history

DEMO_PASSWORD = "pmforum-demo"  # noqa: S105 (printed for the newcomer who runs make run)
# The demo moderator's authenticator app key (moderators must have two-factor authentication):
# add it to an app by hand, or print the current code with `manage.py totp_code priya_raman`.
DEMO_TOTP_SECRET = "PMFORUMDEMOPRIYARAMANMODERATOR22"  # noqa: S105 (in the README)


class Command(BaseCommand):
    help = "Create the demo members, forums, tags and threads (idempotent)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            members = self.ensure_members()
            moderator = members[demo_content.MEMBERS[0]["username"]]
            moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
            if not Authenticator.objects.filter(
                user=moderator, type=Authenticator.Type.TOTP
            ).exists():
                totp_activate(user=moderator, secret=DEMO_TOTP_SECRET)
            forums = self.ensure_forums()
            self.ensure_tags()
        created = 0
        for spec in demo_content.THREADS:
            created += self.ensure_thread(spec, members, forums)
        created += self.ensure_chart_thread(members, forums)
        for spec in demo_outcomes.OUTCOMES:
            self.ensure_outcome(spec, members)
        self.stdout.write(
            f"Demo content ready: {len(members)} members, {len(demo_content.THREADS) + 1} threads "
            f"({created} new). Log in as any member with the password '{DEMO_PASSWORD}'; "
            f"'{demo_content.MEMBERS[0]['username']}' is a moderator, with two-factor "
            f"authentication: `manage.py totp_code {demo_content.MEMBERS[0]['username']}` "
            "prints her code."
        )

    def ensure_members(self) -> dict[str, User]:
        members = {}
        now = timezone.now()
        oldest_post_at = now - timedelta(hours=max(t["hours_ago"] for t in demo_content.THREADS))
        for position, spec in enumerate(demo_content.MEMBERS):
            # Demo members joined months before their first post, so none of them is held to
            # the limits for new members (which would also misrepresent them on their pages).
            joined_at = oldest_post_at - timedelta(days=120 + 17 * position)
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "email": f"{spec['username']}@members.pmforum.example",
                    "display_name": spec["display_name"],
                    "headline": spec["headline"],
                    "location": spec["location"],
                    "bio": spec.get("bio", ""),
                    "date_joined": joined_at,
                    "default_experience_side": demo_experience.MEMBER_SIDES.get(
                        spec["username"], ""
                    ),
                },
            )
            if user.date_joined > joined_at:
                # A demo database made before join dates were set: move them back once.
                user.date_joined = joined_at
                user.save(update_fields=["date_joined"])
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                EmailAddress.objects.create(
                    user=user, email=user.email, verified=True, primary=True
                )
            members[user.username] = user
        return members

    def ensure_forums(self) -> dict[str, Forum]:
        forums = {}
        for position, spec in enumerate(demo_content.FORUMS):
            forum, _ = Forum.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "name": spec["name"],
                    "description": spec["description"],
                    "position": position,
                },
            )
            forums[forum.slug] = forum
        return forums

    def ensure_tags(self) -> None:
        for spec in demo_content.TAGS:
            Tag.objects.get_or_create(
                slug=spec["slug"],
                defaults={"name": spec["name"], "description": spec["description"]},
            )

    def ensure_chart_thread(self, members: dict[str, User], forums: dict[str, Forum]) -> int:
        """The thread whose question shows an image: the chart is stored as an upload is."""
        spec = demo_images.CHART_THREAD
        asker = members[spec["author"]]
        if Thread.objects.filter(title=spec["title"], author=asker).exists():
            return 0
        chart = SimpleUploadedFile(demo_images.CHART_FILE_NAME, demo_images.gantt_chart_png())
        image = post_image_store(uploader=asker, upload=chart)
        body = spec["body"].replace(
            demo_images.CHART_PLACEHOLDER, image_markdown(image, demo_images.CHART_ALT)
        )
        self.ensure_thread({**spec, "body": body}, members, forums)
        question = Thread.objects.get(title=spec["title"], author=asker).posts.get(number=1)
        post_images_attach(post=question, uploader=asker, body=body)
        return 1

    def ensure_thread(self, spec: dict, members: dict[str, User], forums: dict[str, Forum]) -> int:
        asker = members[spec["author"]]
        if Thread.objects.filter(title=spec["title"], author=asker).exists():
            return 0
        now = timezone.now()
        asked_at = now - timedelta(hours=spec["hours_ago"])
        replies = spec["replies"]
        # Replies arrive over most of the time since the question, never in the future.
        span = (now - asked_at) * 0.85
        rng = random.Random(spec["title"])
        accepted, answerer = demo_answers.ACCEPTED.get(spec["title"], (None, None))
        if accepted is not None and replies[accepted - 1]["author"] != answerer:
            raise ValueError(f"The accepted reply of {spec['title']!r} is not {answerer}'s.")
        posts = [SeedPost(author=asker, body=spec["body"], created_at=asked_at)]
        for index, reply in enumerate(replies, start=1):
            helpful = rng.choice([0, 0, 1, 1, 2, 3, 5, 8])
            if index == accepted:
                helpful = max(helpful, demo_answers.ACCEPTED_MIN_HELPFUL)
            posts.append(
                SeedPost(
                    author=members[reply["author"]],
                    body=reply["body"],
                    created_at=asked_at + span * index / (len(replies) + 1),
                    helpful_count=helpful,
                    experience_side=demo_experience.reply_side(
                        author=reply["author"], asker=spec["author"]
                    ),
                )
            )
        thread_insert_history(
            forum=forums[spec["forum"]],
            title=spec["title"],
            context=spec["context"],
            tags=spec["tags"],
            posts=posts,
            facts=demo_experience.THREAD_FACTS.get(spec["title"]),
            accepted=accepted,
        )
        return 1

    def ensure_outcome(self, spec: dict, members: dict[str, User]) -> None:
        asker = members[spec["author"]]
        thread = Thread.objects.filter(title=spec["thread"], author=asker).first()
        if thread is None or Post.objects.filter(thread=thread, number=OUTCOME_NUMBER).exists():
            return
        outcome_insert_history(
            thread=thread,
            author=asker,
            body=spec["body"],
            created_at=timezone.now() - timedelta(hours=spec["hours_ago"]),
        )
