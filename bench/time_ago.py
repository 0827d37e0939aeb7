"""How long does one relative time ("5 minutes ago") take to write?

    .venv/bin/python bench/time_ago.py [--calls 200000]

`time_ago` runs for every date on every page (and for every time marker of a cached
fragment), so its wording is looked up once per language and count, not translated per call.
This prints the time per call of forum/templatetags/forum_tags.py relative_time over a spread
of ages (seconds to years), in each configured language: as templates call it (the language
looked up once per rendering), with the language looked up per call, and, for comparison, a
version that translates its words on every call (ngettext and Django's date format) and the
English-only wording the site had before it was translatable. The
variants alternate round by round, so a machine whose speed drifts tilts none of them.
Not part of the test suite: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone, translation
    from django.utils.dateformat import format as date_format
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext, ngettext

    from forum.templatetags.forum_tags import relative_time

    units = (
        (365 * 86400, lambda n: ngettext("%(count)s year ago", "%(count)s years ago", n)),
        (30 * 86400, lambda n: ngettext("%(count)s month ago", "%(count)s months ago", n)),
        (7 * 86400, lambda n: ngettext("%(count)s week ago", "%(count)s weeks ago", n)),
        (86400, lambda n: ngettext("%(count)s day ago", "%(count)s days ago", n)),
        (3600, lambda n: ngettext("%(count)s hour ago", "%(count)s hours ago", n)),
        (60, lambda n: ngettext("%(count)s minute ago", "%(count)s minutes ago", n)),
    )

    def translated_per_call(moment):
        seconds = (timezone.now() - moment).total_seconds()
        label = gettext("just now")
        for size, wording in units:
            count = int(seconds // size)
            if count >= 1:
                label = wording(count) % {"count": count}
                break
        local = timezone.localtime(moment)
        return mark_safe(
            f'<time datetime="{local.isoformat()}" title="{date_format(local, "d M Y, H:i T")}">'
            f"{label}</time>"
        )

    english_units = (
        (365 * 86400, "year"),
        (30 * 86400, "month"),
        (7 * 86400, "week"),
        (86400, "day"),
        (3600, "hour"),
        (60, "minute"),
    )

    def english_only(moment):
        """The wording before translations, for reference: English words in the code."""
        seconds = (timezone.now() - moment).total_seconds()
        label = "just now"
        for size, unit in english_units:
            count = int(seconds // size)
            if count >= 1:
                label = f"{count}\xa0{unit}{'' if count == 1 else 's'} ago"
                break
        local = timezone.localtime(moment)
        return mark_safe(
            f'<time datetime="{local.isoformat()}" title="{local.strftime("%d %b %Y, %H:%M %Z")}">'
            f"{label}</time>"
        )

    now = timezone.now()
    ages = [timedelta(seconds=s) for s in (5, 90, 600, 7200, 90000, 700000, 3000000, 40000000)]
    moments = [now - ages[i % len(ages)] for i in range(1000)]
    languages = [code for code, _ in settings.LANGUAGES]
    for language in languages:
        variants = {
            "as templates call it": lambda moment, language=language: relative_time(
                moment, language
            ),
            "language looked up per call": relative_time,
            "words translated per call": translated_per_call,
            "English only, untranslated (before)": english_only,
        }
        timings: dict[str, list[float]] = {name: [] for name in variants}
        with translation.override(language):
            for function in variants.values():
                function(moments[0])  # the first call fills the wording
            for _ in range(arguments.rounds):
                for name, function in variants.items():
                    started = time.perf_counter()
                    for index in range(arguments.calls):
                        function(moments[index % 1000])
                    timings[name].append((time.perf_counter() - started) / arguments.calls)
        for name, per_call in timings.items():
            print(
                f"{language}: {name}: {statistics.median(per_call) * 1e6:.2f} µs per call "
                f"(median of {arguments.rounds} rounds of {arguments.calls:,})"
            )


if __name__ == "__main__":
    main()
