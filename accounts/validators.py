"""Rules for the names and short texts members choose, shared by signup and the profile form."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = 30
# ASCII only: a username is part of a page address and must not be a look-alike of another
# (a Cyrillic letter for a Latin one). No "@", so a username can never pass for an e-mail address
# at the log-in box, which accepts either.
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")

# Names that would pass for the site, its staff or the "Deleted member" placeholder. Compared by
# name_skeleton, so "Deleted  member", "deleted_member" and "Deleted member" spelt with a Cyrillic
# "e" are all the same reserved name; this one list serves usernames and display names.
RESERVED_NAMES = frozenset(
    {
        "abuse",
        "accounts",
        "admin",
        "admins",
        "administrator",
        "administrators",
        "anonymous",
        "deleted",
        "deleted member",
        "help",
        "moderator",
        "moderators",
        "no-reply",
        "PM Forum",
        "PM Forum team",
        "postmaster",
        "root",
        "security",
        "staff",
        "support",
        "system",
        "webmaster",
    }
)

# Letters of other scripts that look like Latin ones, after case folding: a small table of the
# common Cyrillic and Greek look-alikes (and digits that pass for letters), enough to stop a
# reserved name being spelt with one of them.
LOOK_ALIKES = str.maketrans(
    # Cyrillic
    "\u0430\u0432\u0435\u0451\u0456\u0457\u0458\u043a\u043c\u043d\u043e"
    "\u0440\u0441\u0442\u0443\u0445\u0455\u0501\u04bb\u04cf\u051b\u051d"
    # Greek
    "\u03b1\u03b2\u03b3\u03b5\u03b7\u03b9\u03ba\u03bc\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7\u03c9"
    # dotless i, script g, and digits that pass for letters
    "\u0131\u026101",
    # the Latin letters they pass for, in the same order
    "abeeiijkmhopctyxsdhlqwabyenikuvoptuxwigol",
)


def name_skeleton(value: str) -> str:
    """What a name looks like, for telling whether two names would be taken for each other.

    Compatibility forms folded (full-width letters, ligatures), case folded, accents dropped,
    look-alike letters mapped to Latin, and only letters and digits kept, so spacing and
    separators ("deleted.member", "P.M. Forum") make no difference.
    """
    folded = unicodedata.normalize("NFKC", value).casefold()
    bare = "".join(
        char for char in unicodedata.normalize("NFD", folded) if unicodedata.category(char) != "Mn"
    )
    return "".join(char for char in bare.translate(LOOK_ALIKES) if char.isalnum())


_RESERVED_SKELETONS = frozenset(name_skeleton(name) for name in RESERVED_NAMES)


def is_reserved_name(value: str) -> bool:
    return name_skeleton(value) in _RESERVED_SKELETONS


# Characters that reorder or hide text: in a name they can make one member look like another.
INVISIBLE_CONTROLS = frozenset(
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
# Characters that print as nothing yet are not whitespace, beside the format characters
# (category Cf, e.g. the zero-width joiner): Hangul fillers and the blank Braille pattern.
BLANK_LOOKING = frozenset("\u115f\u1160\u2800\u3164\uffa0")

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
    if is_reserved_name(value):
        raise ValidationError(
            _("That username is reserved. Please choose another."), code="reserved"
        )


# allauth reads ACCOUNT_USERNAME_VALIDATORS as the dotted path of a list.
USERNAME_VALIDATORS = [validate_username]


def validate_plain_line(value: str) -> None:
    """One line of plain text: no line breaks, control or direction-changing characters."""
    for char in value:
        if char in INVISIBLE_CONTROLS or (ord(char) < 32 or 127 <= ord(char) < 160):
            raise ValidationError(
                _("Remove the invisible or control characters from this text."),
                code="control_characters",
            )


def tidy_line(value: str) -> str:
    """One line as people type it, in one form: Unicode NFC, runs of whitespace (line breaks,
    tabs, no-break spaces) made one space, none at either end. Validators see the tidied text,
    so "Deleted  member" is checked as "Deleted member"."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def validate_visible_line(value: str) -> None:
    """A tidied line that shows something: not only invisible characters, none that hide or
    reorder text. Shared by display names and thread titles."""
    if value and all(
        char in BLANK_LOOKING or unicodedata.category(char) in {"Cf", "Mn", "Zs"} for char in value
    ):
        raise ValidationError(
            _("This shows as blank: please use visible letters or digits."), code="invisible"
        )
    validate_plain_line(value)


def validate_plain_text(value: str) -> None:
    """Several lines of plain text: line breaks and tabs are fine, other controls are not."""
    validate_plain_line(value.replace("\r", "").replace("\n", "").replace("\t", ""))


def validate_display_name(value: str) -> None:
    validate_visible_line(value)
    # A name is shown in page titles, e-mails and feeds as well as on pages; angle brackets
    # have no place in a person's name and only ever mean someone is trying markup.
    if "<" in value or ">" in value:
        raise ValidationError(
            _("A display name cannot contain < or >. Use letters, spaces and punctuation."),
            code="markup",
        )
    if name_skeleton(value) == name_skeleton(DELETED_MEMBER_LABEL):
        raise ValidationError(
            _("That name is what the forum shows for removed accounts. Please choose another."),
            code="reserved",
        )
    if is_reserved_name(value):
        raise ValidationError(
            _("That name is reserved for the forum and its staff. Please choose another."),
            code="reserved",
        )
