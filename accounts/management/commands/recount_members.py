"""Recompute members' stored counts (posts, helpful marks, accepted answers) from the data."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import member_counts_recount
from forum.cache_keys import pages_changed

COUNT_FIELDS = ("post_count", "helpful_count", "accepted_count")


class Command(BaseCommand):
    help = (
        "Recount members' posts, helpful marks and accepted answers from the posts and threads "
        "(all members, or those named), and report how many counts had drifted."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("usernames", nargs="*", help="only these members")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="members recounted per transaction (default 1000)",
        )

    def handle(self, *args, usernames: list[str], batch_size: int, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        members = User.objects.order_by("pk")
        if usernames:
            members = members.filter(username__in=usernames)
            missing = set(usernames) - set(members.values_list("username", flat=True))
            if missing:
                raise CommandError(f"No such member: {', '.join(sorted(missing))}.")
        recounted = changed = 0
        last_id = 0
        while True:
            # Batches by id, so that a large site is never held in one long transaction.
            batch = list(
                members.filter(pk__gt=last_id).values_list("pk", *COUNT_FIELDS)[:batch_size]
            )
            if not batch:
                break
            ids = [row[0] for row in batch]
            with transaction.atomic():
                member_counts_recount(member_ids=ids)
                after = set(User.objects.filter(pk__in=ids).values_list("pk", *COUNT_FIELDS))
            changed += len(set(batch) - after)
            recounted += len(ids)
            last_id = ids[-1]
        # Author cards on every page print the counts.
        pages_changed()
        self.stdout.write(
            f"Recounted {recounted} member{'s' if recounted != 1 else ''}; "
            f"{changed} had drifted and are corrected."
        )
