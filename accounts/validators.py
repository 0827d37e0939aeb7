"""Rules for the names and short texts members choose, shared by signup and the profile form."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = 30
# ASCII only: a username is part of a page address and must not be a look-alike of another
# (a Cyrillic letter for a Latin one). No "@", so a username can never pass for an e-mail address
# at the log-in box, which accepts either.
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")

# Names that would pass for the site, its staff or the "Deleted member" placeholder.
RESERVED_USERNAMES = frozenset(
    {
        "abuse",
        "accounts",
        "admin",
        "administrator",
        "anonymous",
        "deleted",
        "deleted-member",
        "deleted_member",
        "help",
        "moderator",
        "moderators",
        "no-reply",
        "noreply",
        "pmforum",
        "pm-forum",
        "postmaster",
        "root",
        "security",
        "staff",
        "support",
        "system",
        "webmaster",
    }
)

# Characters that reorder or hide text: in a name they can make one member look like another.
INVISIBLE_CONTROLS = frozenset(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)

DELETED_MEMBER_LABEL = "Deleted member"


def validate_username(value: str) -> None:
    if not USERNAME_MIN_LENGTH <= len(value) <= USERNAME_MAX_LENGTH or not (
        USERNAME_PATTERN.fullmatch(value)
    ):
        raise ValidationError(
            f"Use {USERNAME_MIN_LENGTH} to {USERNAME_MAX_LENGTH} characters: letters a to z, "
            "digits, and full stops, hyphens or underscores between them.",
            code="invalid_username",
        )
    if value.lower() in RESERVED_USERNAMES:
        raise ValidationError("That username is reserved. Please choose another.", code="reserved")


# allauth reads ACCOUNT_USERNAME_VALIDATORS as the dotted path of a list.
USERNAME_VALIDATORS = [validate_username]


def validate_plain_line(value: str) -> None:
    """One line of plain text: no line breaks, control or direction-changing characters."""
    for char in value:
        if char in INVISIBLE_CONTROLS or (ord(char) < 32 or 127 <= ord(char) < 160):
            raise ValidationError(
                "Remove the invisible or control characters from this text.",
                code="control_characters",
            )


def validate_plain_text(value: str) -> None:
    """Several lines of plain text: line breaks and tabs are fine, other controls are not."""
    validate_plain_line(value.replace("\r", "").replace("\n", "").replace("\t", ""))


def validate_display_name(value: str) -> None:
    validate_plain_line(value)
    # A name is shown in page titles, e-mails and feeds as well as on pages; angle brackets
    # have no place in a person's name and only ever mean someone is trying markup.
    if "<" in value or ">" in value:
        raise ValidationError(
            "A display name cannot contain < or >. Use letters, spaces and punctuation.",
            code="markup",
        )
    if value.casefold() == DELETED_MEMBER_LABEL.casefold():
        raise ValidationError(
            "That name is what the forum shows for removed accounts. Please choose another.",
            code="reserved",
        )
