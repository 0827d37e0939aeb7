"""Dates in e-mails are in the recipient's zone, with the zone named; each mail its own."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from forum.models import Post
from forum.outcome_reminders import outcome_reminders_send
from forum.services import post_reply
from notifications.services import thread_subscribe
from tests.factories import UserFactory, make_quiet_thread, make_thread

pytestmark = pytest.mark.django_db


def shown(moment: datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.day} {local:%b %Y, %H:%M} ({zone})"


def test_reply_mails_tell_each_subscriber_the_time_in_their_own_zone(
    django_capture_on_commit_callbacks,
):
    tokyo = UserFactory(time_zone="Asia/Tokyo")
    new_york = UserFactory(time_zone="America/New_York")
    utc = UserFactory()
    thread = make_quiet_thread(title="Who signs off the change request?")
    for member in (tokyo, new_york, utc):
        thread_subscribe(user=member, thread=thread)
    replier = UserFactory()
    client = Client()
    client.force_login(replier)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/threads/{thread.pk}/reply/", {"body": "The sponsor, in writing."})

    posted = Post.objects.get(thread=thread, number=2).created_at
    by_recipient = {message.to[0]: message for message in mail.outbox}
    for member, zone in ((tokyo, "Asia/Tokyo"), (new_york, "America/New_York"), (utc, "UTC")):
        message = by_recipient[member.email]
        assert f"(Reply 1) on {shown(posted, zone)}:" in message.body
        assert shown(posted, zone) in message.alternatives[0][0]
    # A mail rendered for one zone leaves none behind: the next page is in UTC.
    assert "(UTC)" in Client().get(thread.get_absolute_url()).content.decode()


def test_the_outcome_reminder_names_the_askers_zone(django_capture_on_commit_callbacks, settings):
    settings.FORUM_OUTCOME_DAYS = 14
    asker = UserFactory(time_zone="Australia/Lord_Howe")
    # Ten minutes after Lord Howe's clocks went back half an hour (02:00 became 01:30).
    asked = datetime(2026, 4, 4, 15, 10, tzinfo=UTC)
    thread = make_thread(title="Fixed price or time and materials?", author=asker)
    thread.posts.filter(number=1).update(created_at=asked)
    type(thread).objects.filter(pk=thread.pk).update(created_at=asked)
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_reply(author=UserFactory(), thread=thread, body="Time and materials.")
    mail.outbox.clear()

    outcome_reminders_send.call((reply.created_at + timedelta(days=14, minutes=1)).isoformat())

    [message] = [m for m in mail.outbox if m.to == [asker.email]]
    assert "asked on 5 Apr 2026, 01:40 (Australia/Lord_Howe)" in message.body
    assert "asked on 5 Apr 2026, 01:40 (Australia/Lord_Howe)" in message.alternatives[0][0]
    assert timezone.get_current_timezone_name() == "UTC"
