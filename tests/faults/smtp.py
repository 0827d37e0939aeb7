"""A real SMTP server on loopback (aiosmtpd) that records what it accepts and refuses on demand:
every recipient for a while (4xx, "try again later"), or some addresses for good (550)."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from tests.scaleout.servers import free_port

TRY_LATER = "451 4.3.0 Mailbox busy, try again later"
NO_SUCH_USER = "550 5.1.1 No such user here"
# aiosmtpd logs every SMTP command at INFO: thousands of lines per fan-out.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class MailServer:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.accepted: list[str] = []  # one recipient address per accepted mail
        self.refused = 0
        self.refuse_until = 0.0  # time.monotonic()
        self.bouncing: set[str] = set()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def refuse_for(self, seconds: float) -> None:
        """Answer every recipient with a 4xx for `seconds` from now."""
        self.refuse_until = time.monotonic() + seconds

    def counts(self) -> Counter:
        with self.lock:
            return Counter(self.accepted)

    def total(self) -> int:
        with self.lock:
            return len(self.accepted)

    def settings(self) -> dict[str, str]:
        """The environment that points the app's SMTP backend here."""
        return {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "false",
        }

    # aiosmtpd handler hooks

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.bouncing:
            with self.lock:
                self.refused += 1
            return NO_SUCH_USER
        if time.monotonic() < self.refuse_until:
            with self.lock:
                self.refused += 1
            return TRY_LATER
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.accepted.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer()
    server.controller.start()
    try:
        yield server
    finally:
        server.controller.stop()


@pytest.fixture
def smtp_settings(settings, mail_server):
    """This process's mail goes to the local SMTP server through Django's SMTP backend."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = mail_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    return mail_server
