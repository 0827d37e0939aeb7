"""The one reminder an asker gets, FORUM_OUTCOME_DAYS after their question's first reply: one
e-mail and one prompt on the site, sent by the scheduled job once however often it runs."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from forum.models import OUTCOME_NUMBER, OutcomeReminder, Post
from forum.outcome_reminders import outcome_reminders_send
from forum.services import post_delete, post_reply
from jobs.schedule import JOBS, Scheduler
from moderation.services import thread_set_hidden
from notifications.models import (
    DeliveryKind,
    DeliveryStatus,
    EmailDelivery,
    EmailFrequency,
    Notification,
    NotificationKind,
    Preferences,
)
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

ASKED = "What did you decide, and how did it go?"
REMINDER_JOB = [job for job in JOBS if job.name == "outcome_reminders"]


class Clock:
    """The scheduler's clock, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def answered(django_capture_on_commit_callbacks, settings):
    """A question with its first reply from another member, fanned out as after a commit."""
    settings.FORUM_OUTCOME_DAYS = 14
    asker = UserFactory(display_name="Hannah Lindqvist")
    thread = make_thread(title="Chargeback or showback for our IT team?", author=asker)
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_reply(author=UserFactory(), thread=thread, body="Try showback first.")
    mail.outbox.clear()
    return {"asker": asker, "thread": thread, "first_reply_at": reply.created_at}


def reminders_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email] and "How did it go?" in m.subject]


def run_job_at(moment: datetime) -> None:
    outcome_reminders_send.call(moment.isoformat())


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Timing, with the scheduler's clock


def test_the_asker_is_asked_once_the_days_after_the_first_reply(answered):
    asker, start = answered["asker"], answered["first_reply_at"]
    clock = Clock(start + timedelta(days=13, hours=22))
    scheduler = Scheduler(clock=clock, jobs=REMINDER_JOB)

    # Hourly ticks up to the day before: nothing yet.
    while clock.now < start + timedelta(days=14) - timedelta(minutes=1):
        scheduler.tick()
        clock.now += timedelta(minutes=20)
    assert reminders_to(asker) == []
    assert not Notification.objects.filter(
        recipient=asker, kind=NotificationKind.OUTCOME_PROMPT
    ).exists()

    # The tick of the hour when it comes due, and every tick for a day after.
    for _ in range(3 * 24):
        clock.now += timedelta(minutes=20)
        scheduler.tick()

    [message] = reminders_to(asker)
    thread = answered["thread"]
    assert message.subject.endswith(f"How did it go? {thread.title}")
    assert ASKED in message.body
    assert f"/threads/{thread.pk}/outcome/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notice = Notification.objects.get(recipient=asker, kind=NotificationKind.OUTCOME_PROMPT)
    assert notice.post.is_question and notice.emailed
    delivery = EmailDelivery.objects.get(recipient=asker, kind=DeliveryKind.OUTCOME_PROMPT)
    assert delivery.status == DeliveryStatus.SENT and delivery.post.is_question
    reminder = OutcomeReminder.objects.get(thread=thread)
    assert reminder.asked_at is not None and reminder.due_at is None


def test_the_days_come_from_the_setting(answered, settings, django_capture_on_commit_callbacks):
    settings.FORUM_OUTCOME_DAYS = 3
    asker = UserFactory()
    thread = make_thread(title="A question asked with a shorter wait", author=asker)
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_reply(author=UserFactory(), thread=thread, body="Here is my answer.")

    run_job_at(reply.created_at + timedelta(days=2, hours=23))
    assert reminders_to(asker) == []
    run_job_at(reply.created_at + timedelta(days=3, minutes=1))
    assert len(reminders_to(asker)) == 1


def test_a_job_run_twice_sends_one_mail_and_one_notice(answered):
    due = answered["first_reply_at"] + timedelta(days=14, minutes=5)

    run_job_at(due)
    run_job_at(due)
    run_job_at(due + timedelta(days=30))

    assert len(reminders_to(answered["asker"])) == 1
    prompts = Notification.objects.filter(kind=NotificationKind.OUTCOME_PROMPT)
    assert prompts.filter(recipient=answered["asker"]).count() == 1
    deliveries = EmailDelivery.objects.filter(kind=DeliveryKind.OUTCOME_PROMPT)
    assert deliveries.filter(recipient=answered["asker"]).count() == 1


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the in-memory SQLite test database locks whole tables between threads",
)
@pytest.mark.django_db(transaction=True)
def test_jobs_running_at_the_same_moment_send_one_mail(django_capture_on_commit_callbacks):
    from tests.forum.test_concurrency import all_at_once

    asker = UserFactory()
    thread = make_thread(title="Several schedulers, one reminder", author=asker)
    replies = [post_reply(author=UserFactory(), thread=thread, body=f"Answer {n}") for n in (1, 2)]
    from forum.outcome_reminders import outcome_reminder_schedule

    outcome_reminder_schedule(reply=replies[0])
    mail.outbox.clear()
    due = replies[0].created_at + timedelta(days=15)

    sent = all_at_once(6, lambda n: outcome_reminders_send.call(due.isoformat()))

    assert sum(sent) == 1
    assert len(reminders_to(asker)) == 1
    assert Notification.objects.filter(recipient=asker, kind="prompt").count() == 1


# What starts it, and what stops it


def test_the_askers_own_replies_start_no_reminder(django_capture_on_commit_callbacks):
    asker = UserFactory()
    thread = make_thread(author=asker)
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=asker, thread=thread, body="Some more detail about my question.")
    assert not OutcomeReminder.objects.filter(thread=thread).exists()


def test_later_replies_do_not_move_the_reminder(answered, django_capture_on_commit_callbacks):
    thread = answered["thread"]
    due = OutcomeReminder.objects.get(thread=thread).due_at
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=UserFactory(), thread=thread, body="A later answer, days after.")
    assert OutcomeReminder.objects.get(thread=thread).due_at == due
    assert due == answered["first_reply_at"] + timedelta(days=14)


def test_an_outcome_posted_before_the_reminder_cancels_it(answered):
    asker, thread = answered["asker"], answered["thread"]
    Post.objects.filter(author=asker).update(created_at=timezone.now() - timedelta(hours=1))
    logged_in(asker).post(f"/threads/{thread.pk}/outcome/", {"body": "We chose showback."})

    run_job_at(answered["first_reply_at"] + timedelta(days=15))

    assert reminders_to(asker) == []
    assert not Notification.objects.filter(
        recipient=asker, kind=NotificationKind.OUTCOME_PROMPT
    ).exists()


def test_the_setting_turns_reminders_off_for_every_thread(answered):
    asker = answered["asker"]
    response = logged_in(asker).post(
        "/subscriptions/",
        {"email_frequency": "immediate", "subscribe_on_ask": "on", "subscribe_on_reply": "on"},
    )
    assert response.status_code == 302
    assert not Preferences.objects.get(user=asker).ask_for_outcomes

    run_job_at(answered["first_reply_at"] + timedelta(days=15))

    assert reminders_to(asker) == []
    assert not Notification.objects.filter(
        recipient=asker, kind=NotificationKind.OUTCOME_PROMPT
    ).exists()


def test_the_settings_page_offers_the_choice(answered):
    html = logged_in(answered["asker"]).get("/subscriptions/").content.decode()
    assert 'name="ask_for_outcomes"' in html and "Ask me how things went" in html


def test_an_asker_who_takes_no_mail_is_still_asked_on_the_site(answered):
    asker = answered["asker"]
    Preferences.objects.create(user=asker, email_frequency=EmailFrequency.NEVER)

    run_job_at(answered["first_reply_at"] + timedelta(days=15))

    assert reminders_to(asker) == []
    assert Notification.objects.filter(recipient=asker, kind=NotificationKind.OUTCOME_PROMPT)


def test_a_hidden_thread_or_one_whose_only_reply_went_is_not_asked_about(
    answered, django_capture_on_commit_callbacks
):
    hidden = answered["thread"]
    thread_set_hidden(thread=hidden, hidden=True, reason="Duplicate", moderator=None)
    asker = UserFactory()
    emptied = make_thread(title="A question whose answer was deleted", author=asker)
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_reply(author=UserFactory(), thread=emptied, body="An answer soon gone.")
    post_delete(post=reply, user=reply.author)

    run_job_at(reply.created_at + timedelta(days=15))

    assert reminders_to(answered["asker"]) == [] and reminders_to(asker) == []
    assert not Notification.objects.filter(kind=NotificationKind.OUTCOME_PROMPT).exists()


# The prompt on the site, and "Don't ask again"


def test_the_prompt_shows_on_the_thread_and_in_the_notices_until_answered(answered):
    asker, thread = answered["asker"], answered["thread"]
    client = logged_in(asker)
    before = client.get(thread.get_absolute_url(), follow=True).content.decode()
    assert "Decided yet?" in before and ASKED not in before and "Don't ask again" not in before

    run_job_at(answered["first_reply_at"] + timedelta(days=15))

    page = client.get(thread.get_absolute_url(), follow=True).content.decode()
    assert ASKED in page and "Don't ask again" in page
    assert f'href="/threads/{thread.pk}/outcome/"' in page
    notices = client.get("/notifications/").content.decode()
    assert ASKED in notices and f'href="/threads/{thread.pk}/outcome/"' in notices
    others = logged_in(UserFactory()).get(thread.get_absolute_url()).content.decode()
    assert ASKED not in others and "Decided yet?" not in others

    Post.objects.filter(author=asker).update(created_at=timezone.now() - timedelta(hours=1))
    client.post(f"/threads/{thread.pk}/outcome/", {"body": "Showback for a year, then review."})

    after = client.get(thread.get_absolute_url(), follow=True).content.decode()
    assert ASKED not in after.split('class="outcome"')[0] and "Showback for a year" in after
    prompts = Notification.objects.filter(kind=NotificationKind.OUTCOME_PROMPT, recipient=asker)
    assert prompts.get().read_at is not None


def test_dont_ask_again_stops_the_prompt_and_the_mail_on_this_thread_only(
    answered, django_capture_on_commit_callbacks
):
    asker, thread = answered["asker"], answered["thread"]
    other = make_thread(title="Another question by the same asker", author=asker)
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=UserFactory(), thread=other, body="An answer to the other one.")
    client = logged_in(asker)

    response = client.post(f"/threads/{thread.pk}/outcome/decline/")

    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    run_job_at(answered["first_reply_at"] + timedelta(days=15))
    [message] = reminders_to(asker)
    assert other.title in message.subject  # the other thread is still asked about
    page = client.get(thread.get_absolute_url(), follow=True).content.decode()
    assert ASKED not in page and "We will not ask about this thread again" in page
    # The asker may still tell everyone how it went.
    assert f'href="/threads/{thread.pk}/outcome/"' in page


def test_dont_ask_again_after_the_prompt_marks_it_read(answered):
    asker, thread = answered["asker"], answered["thread"]
    run_job_at(answered["first_reply_at"] + timedelta(days=15))
    client = logged_in(asker)

    client.post(f"/threads/{thread.pk}/outcome/decline/")

    prompts = Notification.objects.filter(kind=NotificationKind.OUTCOME_PROMPT, recipient=asker)
    assert prompts.get().read_at is not None
    assert ASKED not in client.get(thread.get_absolute_url(), follow=True).content.decode()


def test_a_mail_recorded_then_declined_before_it_went_is_not_sent(answered, monkeypatch):
    asker, thread = answered["asker"], answered["thread"]
    # The claim is recorded, but the mail is left to the sweep (as if the worker died).
    monkeypatch.setattr("forum.outcome_reminders.deliveries_send", lambda **only: 0)
    run_job_at(answered["first_reply_at"] + timedelta(days=15))
    logged_in(asker).post(f"/threads/{thread.pk}/outcome/decline/")
    monkeypatch.undo()

    from notifications.tasks import deliveries_sweep

    deliveries_sweep.call()

    assert reminders_to(asker) == []
    delivery = EmailDelivery.objects.get(recipient=asker, kind=DeliveryKind.OUTCOME_PROMPT)
    assert delivery.status == DeliveryStatus.SKIPPED


def test_the_reminder_query_reads_the_due_index():
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    query = OutcomeReminder.objects.filter(due_at__lte=timezone.now()).order_by("due_at")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN {query.query.sql_with_params()[0]}", query.query.sql_with_params()[1]
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "outcome_reminder_due" in plan


def test_no_outcome_exists_before_the_asker_posts_one(answered):
    assert not Post.objects.filter(thread=answered["thread"], number=OUTCOME_NUMBER).exists()
