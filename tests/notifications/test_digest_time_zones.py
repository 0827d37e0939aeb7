"""The daily digest goes out at DIGEST_HOUR in each member's own time zone, once per local day:
through the hourly scheduler (jobs/schedule.py) and the digest job (notifications/digest.py)."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from jobs.models import ScheduledRun
from jobs.schedule import JOBS, Scheduler
from notifications.models import EmailDelivery, Notification, NotificationKind, Preferences
from notifications.tasks import digest_send, digests_enqueue
from tests.factories import UserFactory, make_quiet_thread

pytestmark = pytest.mark.django_db

DIGEST_JOB = [job for job in JOBS if job.name == "digest"]


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def member_with_notice(zone: str, thread, *, username: str):
    """A member in `zone` with a reply they have not been told about by mail."""
    member = UserFactory(username=username, time_zone=zone)
    Preferences.objects.create(user=member, email_frequency="daily")
    post = thread.posts.get(number=1)
    Notification.objects.create(
        recipient=member, post=post, thread=thread, kind=NotificationKind.REPLY
    )
    return member


ZONES = (
    "",  # no zone chosen: UTC
    "Asia/Tokyo",
    "Asia/Kolkata",  # UTC+05:30
    "Asia/Kathmandu",  # UTC+05:45
    "Australia/Lord_Howe",  # UTC+10:30, and +11:00 in summer: a half-hour change
    "America/St_Johns",  # UTC-03:30 / -02:30
    "America/New_York",
    "Europe/London",
)


def run_queued(task_path: str) -> list[list]:
    """The arguments of the tasks of `task_path` waiting in the queue, which are taken off it."""
    waiting = DBTaskResult.objects.filter(task_path=task_path).order_by("enqueued_at", "id")
    found = [result.args_kwargs["args"] for result in waiting]
    waiting.delete()
    return found


@pytest.mark.parametrize(
    "start",
    [
        # America/New_York and America/St_Johns move their clocks forward on 8 March.
        datetime(2026, 3, 6, 0, 0, tzinfo=UTC),
        # Europe/London forward on 29 March.
        datetime(2026, 3, 27, 0, 0, tzinfo=UTC),
        # Australia/Lord_Howe back by half an hour on 5 April.
        datetime(2026, 4, 3, 0, 0, tzinfo=UTC),
        # Lord Howe forward on 4 October; Europe/London back on 25 October.
        datetime(2026, 10, 2, 0, 0, tzinfo=UTC),
        datetime(2026, 10, 23, 0, 0, tzinfo=UTC),
        # America/New_York and St John's back on 1 November.
        datetime(2026, 10, 30, 0, 0, tzinfo=UTC),
    ],
)
def test_every_zone_gets_one_digest_a_local_day_soon_after_seven_across_clock_changes(
    settings, database_task_queue, start
):
    settings.DIGEST_HOUR = 7
    thread = make_quiet_thread(title="Something to tell them every day")
    members = {
        zone: member_with_notice(zone, thread, username=f"member_{n}")
        for n, zone in enumerate(ZONES)
    }
    zone_of = {member.pk: ZoneInfo(zone or "UTC") for zone, member in members.items()}
    clock = Clock(start)
    # The scheduler last ran the hour before: no catching up at the start.
    ScheduledRun.objects.create(
        job="digest", period="before", enqueued_at=start - timedelta(hours=1)
    )
    scheduler = Scheduler(clock=clock, jobs=DIGEST_JOB, process="app-1:1")
    sent: dict[int, list[tuple[date, datetime]]] = defaultdict(list)

    # Ticks every 25 minutes for five days, so each hour's run comes at another minute.
    while clock.now < start + timedelta(days=5):
        scheduler.tick()
        for since, until in run_queued("notifications.tasks.digests_enqueue"):
            digests_enqueue.call(since, until)
        for user_id, day in run_queued("notifications.tasks.digest_send"):
            sent[user_id].append((date.fromisoformat(day), clock.now))
        clock.now += timedelta(minutes=25)

    for user_id, sends in sent.items():
        zone = zone_of[user_id]
        days = [day for day, _ in sends]
        # One a day, none skipped, none doubled (the digest rows are never written here, so
        # only the windows keep a member from being queued twice).
        assert days == [days[0] + timedelta(days=n) for n in range(len(days))], (zone, days)
        assert len(days) >= 4, (zone, days)
        for day, at in sends:
            local = at.astimezone(zone)
            # On their day, at or after 07:00 there, and within the hour plus a tick's lag.
            assert local.date() == day, (zone, day, at)
            assert (
                timedelta(hours=7)
                <= local - local.replace(hour=0, minute=0)
                < timedelta(hours=8, minutes=30)
            ), (zone, day, local)
    assert set(sent) == set(zone_of)


def test_mail_goes_out_at_seven_in_each_members_zone_with_times_in_that_zone(
    settings, run_on_commit
):
    settings.DIGEST_HOUR = 7
    thread = make_quiet_thread(title="Tokyo and Kolkata and UTC")
    tokyo = member_with_notice("Asia/Tokyo", thread, username="tomoko")
    kolkata = member_with_notice("Asia/Kolkata", thread, username="kavya")
    utc = member_with_notice("", thread, username="una")
    start = datetime(2026, 12, 1, 20, 10, tzinfo=UTC)
    ScheduledRun.objects.create(
        job="digest", period="before", enqueued_at=start - timedelta(hours=1)
    )
    clock = Clock(start)
    scheduler = Scheduler(clock=clock, jobs=DIGEST_JOB, process="app-1:1")
    first_mail = {}
    while clock.now < start + timedelta(hours=12):
        scheduler.tick()  # the test backend runs the queued tasks at once
        for message in mail.outbox:
            first_mail.setdefault(message.to[0], (clock.now, message))
        clock.now += timedelta(hours=1)

    # 07:00 in Tokyo is 22:00 UTC the day before; 07:00 in Kolkata is 01:30 UTC, so the run
    # at 02:00 (07:30 there) sends it; UTC members get theirs at 07:00.
    assert first_mail[tokyo.email][0] == datetime(2026, 12, 1, 22, 10, tzinfo=UTC)
    assert first_mail[kolkata.email][0] == datetime(2026, 12, 2, 2, 10, tzinfo=UTC)
    assert first_mail[utc.email][0] == datetime(2026, 12, 2, 7, 10, tzinfo=UTC)
    assert len(mail.outbox) == 3
    days = dict(
        EmailDelivery.objects.filter(kind="digest").values_list("recipient_id", "digest_day")
    )
    assert days == {
        tokyo.pk: date(2026, 12, 2),
        kolkata.pk: date(2026, 12, 2),
        utc.pk: date(2026, 12, 2),
    }
    # The post's time, in the recipient's zone, with the zone named.
    posted = thread.posts.get(number=1).created_at
    tokyo_mail = first_mail[tokyo.email][1]
    expected = posted.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"{expected.day} {expected:%b %Y, %H:%M} (Asia/Tokyo)" in tokyo_mail.body
    assert "(Asia/Tokyo)" in tokyo_mail.alternatives[0][0]
    assert "(Asia/Kolkata)" in first_mail[kolkata.email][1].body
    assert "(UTC)" in first_mail[utc.email][1].body


def test_a_digest_run_retried_after_a_crash_sends_each_member_one_digest(
    settings, database_task_queue
):
    settings.DIGEST_HOUR = 7
    thread = make_quiet_thread(title="A worker dies halfway through")
    members = [member_with_notice("Asia/Tokyo", thread, username=f"tokyo_{n}") for n in range(4)]
    window = ("2026-12-01T21:00:00+00:00", "2026-12-01T22:00:00+00:00")

    assert digests_enqueue.call(*window) == 4
    queued = run_queued("notifications.tasks.digest_send")
    # The worker sent two digests and died; the job is run again for the same window.
    for user_id, day in queued[:2]:
        digest_send.call(user_id, day)
    assert len(mail.outbox) == 2
    assert digests_enqueue.call(*window) == 2  # only those not recorded yet
    for user_id, day in queued[2:] + run_queued("notifications.tasks.digest_send"):
        digest_send.call(user_id, day)  # the first run's tasks too, as a recovered queue would

    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert digests_enqueue.call(*window) == 0


def test_the_send_digests_command_sends_those_due_in_the_last_day_once(run_on_commit):
    thread = make_quiet_thread(title="Sent by hand")
    member_with_notice("America/St_Johns", thread, username="sinead")
    call_command("send_digests", verbosity=0)
    call_command("send_digests", verbosity=0)

    assert len(mail.outbox) == 1
    assert "(America/St_Johns)" in mail.outbox[0].body


def test_a_digest_hour_outside_the_day_turns_digests_off(settings, run_on_commit):
    settings.DIGEST_HOUR = 24
    thread = make_quiet_thread(title="No digests at all")
    member_with_notice("", thread, username="nobody_digest")
    assert digests_enqueue.call("2026-12-01T00:00:00+00:00", "2026-12-02T00:00:00+00:00") == 0
    assert not mail.outbox


def test_a_zone_the_system_no_longer_knows_is_read_as_utc(settings, run_on_commit):
    settings.DIGEST_HOUR = 7
    thread = make_quiet_thread(title="A zone that went away")
    member = member_with_notice("", thread, username="gone_zone")
    type(member).objects.filter(pk=member.pk).update(time_zone="Mars/Olympus_Mons")

    assert digests_enqueue.call("2026-12-01T06:00:00+00:00", "2026-12-01T07:00:00+00:00") == 1
    assert EmailDelivery.objects.get(kind="digest").digest_day == date(2026, 12, 1)
