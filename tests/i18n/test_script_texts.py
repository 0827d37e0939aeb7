"""The scripts' words are translated with the page: every text a script passes to t() or tn()
is in the catalogue (forum/script_texts.py), which a page in another language carries and an
English page does not."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from forum.script_texts import PLURALS, TEXTS, _untranslated
from tests.i18n.catalogues import PSEUDO_LANGUAGE

SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"
STRING = r'"((?:[^"\\]|\\.)*)"'


def script_texts() -> dict[str, set[str]]:
    """The literal texts of t("...") and the singulars of tn("...", "...") calls, by script."""
    found = {}
    for script in sorted(SCRIPTS.glob("*.js")):
        if script.name == "strings.js":  # t() and tn() themselves
            continue
        source = script.read_text()
        texts = set(re.findall(r"\bt\(\s*" + STRING, source))
        texts |= set(re.findall(r"\btn\(\s*" + STRING, source))
        found[script.name] = {json.loads(f'"{text}"') for text in texts}
    return found


def test_every_text_a_script_translates_is_in_the_catalogue():
    listed = set(TEXTS) | {_untranslated(plural) for plural in PLURALS}
    missing = [
        f"{script}: {text!r}"
        for script, texts in script_texts().items()
        for text in sorted(texts - listed)
    ]
    assert not missing, "Add to forum/script_texts.py:\n" + "\n".join(missing)


def test_an_english_page_carries_no_catalogue(client, db):
    assert 'id="script-texts"' not in client.get(reverse("forum:thread_list")).content.decode()


def test_a_page_in_another_language_carries_its_translations(client, db, pseudo_locale):
    html = client.get(reverse("forum:thread_list"), HTTP_ACCEPT_LANGUAGE=PSEUDO_LANGUAGE)
    found = re.search(
        r'<script id="script-texts" type="application/json">(.*?)</script>',
        html.content.decode(),
    )
    catalogue = json.loads(found[1])
    assert catalogue["Preview"] == "Ƥŕéʋíéŵ"
    assert catalogue["Draft saved at {time}"] == "Đŕàƒţ šàʋéđ àţ {time}"
    plural = catalogue["{count} tag suggested; use the arrow keys to choose."]
    assert plural["forms"][int(plural["index"][1])].startswith("{count} ţàĝ šúĝĝéšţéđ")
    assert plural["forms"][int(plural["index"][3])].startswith("{count} ţàĝš šúĝĝéšţéđ")
