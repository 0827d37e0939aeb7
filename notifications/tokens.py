"""Signed unsubscribe tokens: each names one member and what to stop (a thread, a tag, all
reply mail, or mention mail), and works without logging in."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "notifications.unsubscribe"
MAX_AGE = 60 * 60 * 24 * 180  # half a year: old mails keep working for a while


@dataclass(frozen=True)
class UnsubscribeTarget:
    user_id: int
    thread_id: int | None = None
    tag_id: int | None = None
    all_mail: bool = False
    mentions: bool = False


def unsubscribe_token(
    *,
    user_id: int,
    thread_id: int | None = None,
    tag_id: int | None = None,
    all_mail: bool = False,
    mentions: bool = False,
) -> str:
    payload: dict[str, int] = {"u": user_id}
    if thread_id is not None:
        payload["t"] = thread_id
    elif tag_id is not None:
        payload["g"] = tag_id
    elif all_mail:
        payload["m"] = 1
    elif mentions:
        payload["n"] = 1
    return signing.dumps(payload, salt=SALT, compress=False)


def read_unsubscribe_token(token: str) -> UnsubscribeTarget | None:
    """The target of a valid token; None for a tampered, expired or malformed one."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    target = UnsubscribeTarget(
        user_id=payload["u"],
        thread_id=payload.get("t"),
        tag_id=payload.get("g"),
        all_mail=payload.get("m") == 1,
        mentions=payload.get("n") == 1,
    )
    kinds = [
        target.thread_id is not None,
        target.tag_id is not None,
        target.all_mail,
        target.mentions,
    ]
    return target if sum(kinds) == 1 else None
