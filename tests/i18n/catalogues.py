"""Message catalogues made at test time: makemessages over a copy of the project, and a
pseudo-translation of everything the pages can translate.

The pseudo-locale ("xx") turns every Latin letter of every message into an accented one
("Log in" -> "Ĺóĝ íñ"), leaving placeholders, HTML tags and entities as they are. Rendered in
it, a page shows plain Latin letters only where its text was never marked for translation (or
where it is a member's own words, which the page test seeds so that it can recognise them).
The catalogue holds the project's messages, as makemessages extracts them, and those of
Django and allauth, which the pages use too.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import allauth
import django
import taggit
from django.conf import settings

PSEUDO_LANGUAGE = "xx"
# Never scanned: the environment, the browser tests' packages, the tests and benchmarks
# (their strings are not shown to anyone), what the site collects or writes at run time.
IGNORED = [".venv", ".venv-serve", "node_modules", "tests", "bench", "staticfiles", "var"]
COPIED = ["manage.py", "config", "templates", "static"]

_LOWER = "àƀçđéƒĝĥíĵķĺɱñóƥʠŕšţúʋŵẋýž"
_UPPER = "ÀƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤɊŔŠŢÚṼŴẊÝŽ"
_ACCENTED = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", _LOWER + _UPPER)
# What a translation must keep as it is: printf and brace placeholders, tags, entities.
_KEPT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]|\{[\w.]*\}|<[^>]*>|&#?\w+;")


def pseudo(text: str) -> str:
    """Every Latin letter accented, outside placeholders, tags and entities."""
    parts, position = [], 0
    for kept in _KEPT.finditer(text):
        parts.append(text[position : kept.start()].translate(_ACCENTED))
        parts.append(kept.group(0))
        position = kept.end()
    parts.append(text[position:].translate(_ACCENTED))
    return "".join(parts)


def run_makemessages(workdir: Path, language: str = PSEUDO_LANGUAGE) -> tuple[Path, str]:
    """makemessages as a developer runs it, over a copy of the project's source in `workdir`
    (so the project's own locale/ is never written). Returns the .po file and what the
    command wrote to stderr (its warnings and errors)."""
    root = Path(settings.BASE_DIR)
    apps = [p.name for p in root.iterdir() if (p / "apps.py").exists() or p.name == "config"]
    for name in sorted(set(COPIED + apps)):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, workdir / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, workdir / name)
    (workdir / "locale").mkdir(exist_ok=True)
    command = [sys.executable, "manage.py", "makemessages", "-l", language]
    command += [f"--ignore={pattern}" for pattern in IGNORED]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    environment.pop("DATABASE_URL", None)  # makemessages needs no database
    done = subprocess.run(
        command, cwd=workdir, env=environment, capture_output=True, text=True, timeout=300
    )
    if done.returncode:
        raise AssertionError(f"makemessages failed ({done.returncode}): {done.stderr}")
    return workdir / "locale" / language / "LC_MESSAGES" / "django.po", done.stderr


def po_messages(path: Path) -> list[tuple[str | None, str, str | None]]:
    """(context, msgid, msgid_plural) of each message of a .po file (obsolete ones left out)."""
    messages, entry, field = [], {}, None

    def finish():
        if entry.get("msgid"):
            messages.append((entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")))

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if keyword:
            field = keyword[1]
            if field in ("msgctxt", "msgid") and "msgstr" in entry:
                finish()
                entry = {}
            if field == "msgid" and "msgid" in entry:
                finish()
                entry = {}
            if field.startswith("msgstr"):
                field = "msgstr"
            entry[field] = entry.get(field, "") + ast.literal_eval(keyword[2])
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
    finish()
    return messages


def third_party_catalogues() -> list[Path]:
    """The English catalogues of Django (and its contrib apps) and allauth, and taggit's
    (which has no English one: any language lists the same messages)."""
    found = [Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po"]
    found += sorted(Path(django.__file__).parent.glob("contrib/*/locale/en/LC_MESSAGES/django.po"))
    found.append(Path(allauth.__file__).parent / "locale/en/LC_MESSAGES/django.po")
    found += sorted(Path(taggit.__file__).parent.glob("locale/*/LC_MESSAGES/django.po"))[:1]
    return [path for path in found if path.exists()]


def write_mo(path: Path, catalogue: dict[str, str]) -> None:
    """A GNU .mo file (the format msgfmt writes, without the optional hash table)."""
    keys = sorted(catalogue)
    ids = [key.encode() for key in keys]
    strs = [catalogue[key].encode() for key in keys]
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + 8 * len(keys)
    data_start = strs_table + 8 * len(keys)
    offsets, data = [], b""
    for encoded in ids + strs:
        offsets.append((len(encoded), data_start + len(data)))
        data += encoded + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), ids_table, strs_table, 0, data_start)
    tables = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + data)


def write_pseudo_catalogue(project_po: Path, locale_dir: Path) -> int:
    """The pseudo-locale's compiled catalogue under `locale_dir`; returns its size."""
    catalogue = {
        "": "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    }
    for path in [*third_party_catalogues(), project_po]:  # the project's win
        for context, msgid, plural in po_messages(path):
            key = f"{context}\x04{msgid}" if context is not None else msgid
            if plural is None:
                catalogue[key] = pseudo(msgid)
            else:
                catalogue[f"{key}\0{plural}"] = f"{pseudo(msgid)}\0{pseudo(plural)}"
    write_mo(locale_dir / PSEUDO_LANGUAGE / "LC_MESSAGES" / "django.mo", catalogue)
    return len(catalogue)
