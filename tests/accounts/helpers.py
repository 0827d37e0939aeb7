"""Helpers for the account tests: join as a visitor does, read links out of mail, make images."""

import io
import re
from urllib.parse import urlsplit

from django.core import mail
from PIL import Image

PASSWORD = "Analytical-Engine-1843"


def join(client, *, username="ada_lovelace", email="ada@example.com", password=None, **extra):
    """Fill in the join form as a visitor would."""
    password = password or PASSWORD
    data = {
        "username": username,
        "email": email,
        "password1": password,
        "password2": password,
        **extra,
    }
    return client.post("/accounts/signup/", data)


def link_in(message, pattern: str = r"https?://\S+") -> str:
    """The path of the first link in a mail, for the test client to follow."""
    match = re.search(pattern, message.body)
    assert match, f"no link in: {message.body}"
    parts = urlsplit(match.group(0))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def image_file(fmt="PNG", size=(400, 300), colour=(200, 30, 30), mode="RGB", **save_args):
    buf = io.BytesIO()
    Image.new(mode, size, colour).save(buf, format=fmt, **save_args)
    return buf.getvalue()
