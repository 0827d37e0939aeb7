"""No member text can add a header or a recipient to the forum's e-mail.

Titles, tag names and display names reach subjects and bodies of notification mail; e-mail
addresses reach the account mail. Each is tried with CR/LF header injections.
"""

from __future__ import annotations

import pytest
from django.core import mail

from forum.services import post_reply, thread_create
from tests.factories import ForumFactory, UserFactory, make_quiet_thread, make_thread

INJECTION = "\r\nBcc: victim@evil.example\r\nX-Injected: yes\n\nbody takeover"


def assert_clean(message, *, expected_recipients: list[str]) -> None:
    assert sorted(message.recipients()) == sorted(expected_recipients)
    assert "\r" not in message.subject and "\n" not in message.subject
    for part in message.message().walk():  # the message and each of its MIME parts
        header_names = {name.lower() for name in part}  # header names
        assert "bcc" not in header_names and "x-injected" not in header_names
        header_lines = part.as_bytes().split(b"\n\n", 1)[0].lower().split(b"\n")
        assert not [line for line in header_lines if line.startswith((b"bcc:", b"x-injected:"))]


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(write, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(**kwargs)

    return run


@pytest.mark.django_db
def test_reply_mail_to_a_subscriber_keeps_its_headers(client, run_on_commit):
    subscriber = UserFactory(username="subscriber")
    thread = make_quiet_thread(title="Budget" + INJECTION)
    client.force_login(subscriber)
    client.post(f"/threads/{thread.pk}/subscribe/")
    replier = UserFactory(display_name="Eve" + INJECTION[:60])
    mail.outbox.clear()

    run_on_commit(post_reply, author=replier, thread=thread, body="Reply" + INJECTION)

    assert len(mail.outbox) == 1
    assert_clean(mail.outbox[0], expected_recipients=[subscriber.email])


@pytest.mark.django_db
def test_new_question_mail_to_a_tag_follower_keeps_its_headers(client, run_on_commit):
    follower = UserFactory(username="follower")
    make_thread(title="An earlier question about risk", tags=("Risk",))
    client.force_login(follower)
    client.post("/tags/risk/follow/")
    mail.outbox.clear()

    run_on_commit(
        thread_create,
        author=UserFactory(display_name="Mallory" + INJECTION[:60]),
        forum=ForumFactory(name="Project Management", slug="project-management"),
        title="Risk" + INJECTION,
        body="Question" + INJECTION,
        tags=["Risk"],
    )

    assert len(mail.outbox) == 1
    assert_clean(mail.outbox[0], expected_recipients=[follower.email])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email",
    [
        "new@example.com\r\nBcc: victim@evil.example",
        "new@example.com\nBcc: victim@evil.example",
        "new@example.com%0d%0aBcc:victim@evil.example",
        '"new\r\nBcc: victim@evil.example" <new@example.com>',
    ],
)
def test_signup_and_password_reset_refuse_addresses_with_injected_headers(client, email):
    mail.outbox.clear()
    client.post(
        "/accounts/signup/",
        {
            "email": email,
            "username": "newcomer",
            "password1": "a-long enough passphrase 42",
            "password2": "a-long enough passphrase 42",
        },
    )
    client.post("/accounts/password/reset/", {"email": email})
    for message in mail.outbox:
        assert_clean(message, expected_recipients=message.recipients())
        assert "victim@evil.example" not in message.recipients()
