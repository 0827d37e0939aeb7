from django.core.management.base import BaseCommand

from notifications.digest import digests_send_all


class Command(BaseCommand):
    help = "Send the daily digest of unmailed notices. Run once a day from a scheduler."

    def handle(self, *args, **options) -> None:
        mails, notices = digests_send_all()
        self.stdout.write(f"Sent {mails} digest(s) carrying {notices} notice(s).")
