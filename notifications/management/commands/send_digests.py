from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.tasks import digests_enqueue


class Command(BaseCommand):
    help = (
        "Queue today's digest of unmailed notices, one task per member. The scheduler "
        "(manage.py run_scheduler) does this every day at DIGEST_HOUR; running it again the "
        "same day sends no second digest."
    )

    def handle(self, *args, **options) -> None:
        queued = digests_enqueue.call(timezone.localdate().isoformat())
        self.stdout.write(f"Queued {queued} digest(s).")
