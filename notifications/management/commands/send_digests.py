from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.digest import DIGEST_WINDOW_MAX
from notifications.tasks import digests_enqueue


class Command(BaseCommand):
    help = (
        "Queue the digests of unmailed notices that are due: one task per member whose "
        "DIGEST_HOUR, in their own time zone, came in the last 24 hours. The scheduler "
        "(manage.py run_scheduler) does this every hour; running it again sends no member a "
        "second digest for the same day."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        queued = digests_enqueue.call((now - DIGEST_WINDOW_MAX).isoformat(), now.isoformat())
        self.stdout.write(f"Queued {queued} digest(s).")
