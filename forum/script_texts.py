"""The words the site's scripts (static/js/) show, for pages in another language than English.

A script writes `t("Preview")` or `tn("{count} tag suggested; ...", "{count} tags ...", n)`
(static/js/strings.js). The English source is in the script itself; for any other language
the page carries the translations as a small JSON catalogue (`{% script_texts %}` in
templates/base.html), made once per language here. An English page carries nothing, so it is
exactly what it was. A script's text that is not listed here stays English in every language:
tests/i18n/test_script_texts.py fails on it.

Plurals: the catalogue gives each plural text its forms and, for counts 0 to 199, which form
each count takes (`index`); a larger count uses the form of 100 + count % 100, which is exact
for the plural rules of gettext catalogues (they depend on the last two digits beyond 100).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.html import json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext

TEXTS = (
    # confidentiality.js
    gettext_noop("Before you post: this may be confidential"),
    gettext_noop(
        "These look like details a client, an employer or a colleague may not want on a "
        "public forum:"
    ),
    gettext_noop("Nothing is blocked and nothing about this check is kept."),
    gettext_noop("Edit"),
    gettext_noop("Post anyway"),
    gettext_noop("Nothing in your text looks confidential now."),
    gettext_noop("and {count} more"),
    # drafts.js
    gettext_noop("Draft saved at {time}"),
    gettext_noop("Nothing to keep as a draft"),
    gettext_noop("The draft could not be saved."),
    gettext_noop("No changes since the last save."),
    gettext_noop("Draft saved a moment ago; saving again in a few seconds."),
    # image-upload.js
    gettext_noop("Describe the image"),
    gettext_noop("Description"),
    gettext_noop("What it shows, for readers who cannot see it."),
    gettext_noop("Add the image"),
    gettext_noop("Cancel"),
    gettext_noop("Please describe the image for readers who cannot see it."),
    gettext_noop("File: {name}"),
    gettext_noop("Add an image"),
    gettext_noop("You can also drop images onto your text or paste them into it."),
    gettext_noop("The image could not be sent: the connection failed. Please try again."),
    gettext_noop(
        "The image could not be attached (the server answered {status}). Please try again later."
    ),
    gettext_noop("“{name}” is larger than {size} MB. Please choose a smaller image."),
    gettext_noop("“{name}” was not added."),
    gettext_noop("Uploading “{name}”…"),
    gettext_noop("Image added to your text: {description}."),
    gettext_noop("The image could not be attached."),
    # mentions.js, tag-suggest.js
    gettext_noop("Members to mention"),
    gettext_noop("Suggested tags"),
    # preview.js
    gettext_noop("Preview"),
    gettext_noop("Nothing to preview yet."),
    gettext_noop("Preview updated, below your text."),
    gettext_noop("Preview updated, above the form."),
    # quote.js
    gettext_noop("Quote"),
    gettext_noop("Quote the selected passage in your reply"),
    gettext_noop("{name} wrote"),
    # scroll-regions.js
    gettext_noop("Code, scrolls sideways"),
    gettext_noop("Table, scrolls sideways"),
    # toolbar.js
    gettext_noop("Formatting"),
    gettext_noop("Bold"),
    gettext_noop("Italic"),
    gettext_noop("Link"),
    gettext_noop("Bulleted list"),
    gettext_noop("Numbered list"),
    gettext_noop("List"),
    gettext_noop("Code"),
    gettext_noop("Table"),
    gettext_noop("Image"),
    gettext_noop("bold text"),
    gettext_noop("italic text"),
    gettext_noop("link text"),
    gettext_noop("code"),
    gettext_noop("Column"),
    gettext_noop("Cell"),
    gettext_noop("image description"),
)

# Each a function of the count, so that makemessages sees the two English forms.
PLURALS = (
    lambda n: ngettext(
        "{count} member to mention; use the arrow keys to choose.",
        "{count} members to mention; use the arrow keys to choose.",
        n,
    ),
    lambda n: ngettext(
        "{count} tag suggested; use the arrow keys to choose.",
        "{count} tags suggested; use the arrow keys to choose.",
        n,
    ),
    lambda n: ngettext(
        "New since your last visit: {count} reply on this page, starting here.",
        "New since your last visit: {count} replies on this page, starting here.",
        n,
    ),
)
COUNTS = 200

_catalogues: dict[str, SafeString] = {}


def _catalogue() -> dict:
    found: dict[str, object] = {text: gettext(text) for text in TEXTS}
    for plural in PLURALS:
        with_source = _untranslated(plural)
        forms: list[str] = []
        index = []
        for count in range(COUNTS):
            form = plural(count)
            if form not in forms:
                forms.append(form)
            index.append(forms.index(form))
        found[with_source] = {"forms": forms, "index": "".join(map(str, index))}
    return found


def _untranslated(plural) -> str:
    """The English singular of a plural text: its key in the catalogue."""
    from django.utils import translation

    with translation.override(None):
        return plural(1)


def script_catalogue(language: str | None) -> SafeString:
    """The <script type="application/json" id="script-texts"> of a page in `language`; empty
    for English, whose words are in the scripts already. Made once per language."""
    if not language or language == settings.LANGUAGE_CODE:
        return mark_safe("")
    found = _catalogues.get(language)
    if found is None:
        found = _catalogues[language] = json_script(_catalogue(), "script-texts")
    return found
