"""The hostile-input corpus kept as drafts: inert where the restored forms and the list print it."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_thread
from tests.security.corpus import HOSTILE_INPUTS
from tests.security.test_hostile_pages import problems_on
from writing.forms import draft_content
from writing.models import ASK_KEY, reply_key
from writing.services import draft_save
from writing.targets import DraftTarget

pytestmark = pytest.mark.django_db


def test_hostile_drafts_are_inert_in_the_restored_forms_and_the_list(member):
    thread = make_thread(title="A thread for hostile drafts")
    client = Client()
    client.force_login(member)
    pages = ["/threads/new/", thread.get_absolute_url(), "/drafts/"]
    found = {}
    for text in HOSTILE_INPUTS:
        for target in (DraftTarget.ask(), DraftTarget.reply(thread)):
            # As the pages send it (writing.forms.draft_content), past the save limit.
            sent = target.form({"title": text, "body": text, "tags": text, "forum": "x"})
            draft_save(member=member, target=target, content=draft_content(sent))
        found.update({f"{url} with {text!r}": p for url, p in problems_on(client, pages).items()})

    assert found == {}
    keys = set(member.drafts.values_list("target", flat=True))
    assert keys == {ASK_KEY, reply_key(thread.pk)}
