"""Small, strict readers for settings that come from the environment.

A value that cannot be read stops the start with a message naming the variable: a typo such
as `HTTPS=ture` must never quietly mean "off". An empty variable counts as unset.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _raw(name: str) -> str | None:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return None
    return raw.strip()


def _refuse(name: str, raw: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}={raw!r} is not {expected}. Fix or unset {name}.")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name) or default


def env_required(name: str, why: str) -> str:
    raw = _raw(name)
    if raw is None:
        raise ImproperlyConfigured(f"{name} must be set: {why}")
    return raw


def env_bool(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    allowed = "/".join(sorted(TRUE_WORDS)) + " or " + "/".join(sorted(FALSE_WORDS))
    raise _refuse(name, raw, f"a yes/no value ({allowed})")


def env_int(name: str, default: int) -> int:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise _refuse(name, raw, "a whole number") from None


def env_float(name: str, default: float) -> float:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise _refuse(name, raw, "a number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int_list(name: str, default: list[int]) -> list[int]:
    """Comma-separated whole numbers, such as "60,300,1800"."""
    items = env_list(name, [])
    if not items:
        return default
    try:
        return [int(item) for item in items]
    except ValueError:
        raise _refuse(name, os.environ[name], "a comma-separated list of whole numbers") from None


def env_url(name: str, default: str = "", *, schemes: frozenset[str]) -> str:
    """A URL whose scheme is one of `schemes` and, except for file-like schemes, has a host."""
    raw = _raw(name)
    if raw is None:
        return default
    parts = urlsplit(raw)
    needs_host = parts.scheme not in {"sqlite", "file"}
    if parts.scheme not in schemes or (needs_host and not parts.hostname):
        raise _refuse(name, raw, f"a URL starting with {' or '.join(sorted(schemes))}://")
    return raw
