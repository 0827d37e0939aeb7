"""Every page's text is marked for translation.

The main pages are rendered in a pseudo-locale (tests/i18n/catalogues.py: every letter of
every translated message accented) chosen the way a visitor's browser chooses a language
(Accept-Language, through LocaleMiddleware). Whatever still shows plain Latin letters was not
marked: a text node, or a title, aria-label, placeholder, alt or button value. Members' own
words are seeded as words starting with "uc" ("ucwhen", "@ucasker") and left out, as are a
few names that are not translated. A failure names the page and the text to mark.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db.models import Value
from django.db.models.functions import Concat
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from forum.models import Forum, Post, Tag
from forum.services import post_reply
from notifications.models import Subscription
from tests.factories import ForumFactory, UserFactory, make_moderator, make_thread
from tests.i18n.catalogues import PSEUDO_LANGUAGE

# Members' words, seeded for this test: any word starting with "uc", with an "@" before it or
# inside an address, and their initials ("UU") where an avatar has no picture.
MEMBER_WORDS = re.compile(r"[\w.+-]*\b[Uu]c[\w.@-]*|\bUU\b")
# Names that stay as they are in every language, and the time zone in a time's title.
UNTRANSLATED = re.compile(
    "|".join(
        re.escape(name)
        for name in (settings.SITE_NAME, "LinkedIn", "X (Twitter)", "Facebook", "UTC", "Atom")
    )
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CHECKED_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
HIDDEN_ELEMENTS = {"script", "style", "template"}
VOID_ELEMENTS = {
    "area",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class VisibleText(HTMLParser):
    """The page's text nodes and the attributes people read or hear."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hidden_depth = 0
        # Inside an element marked translate="no" (names that are the same in every
        # language, such as the zone database's city names): nothing is checked.
        self.untranslated_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self.hidden_depth += 1
        values = dict(attrs)
        if tag not in VOID_ELEMENTS and (
            self.untranslated_depth or values.get("translate") == "no"
        ):
            self.untranslated_depth += 1
        if self.untranslated_depth:
            return
        for name, value in attrs:
            if value and name in CHECKED_ATTRIBUTES:
                self.texts.append(f'{tag} {name}="{value}"')
        # A button input shows its value (a <button>'s value is only sent, never shown).
        shown_value = values.get("type") in {"submit", "button", "reset"} and values.get("value")
        if tag == "input" and shown_value:
            self.texts.append(f'{tag} value="{values["value"]}"')

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self.hidden_depth:
            self.hidden_depth -= 1
        if tag not in VOID_ELEMENTS and self.untranslated_depth:
            self.untranslated_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and not self.untranslated_depth and data.strip():
            self.texts.append(data.strip())


def unmarked_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        remainder = UNTRANSLATED.sub("", MEMBER_WORDS.sub("", text.split('="', 1)[-1]))
        remainder = re.sub(r"https?://\S+", "", remainder)
        if LATIN_WORD.search(remainder):
            found.append(text)
    return found


@pytest.fixture
def world(db):
    """A forum with members' words seeded so that they can be told from the site's."""
    # The forum and tags a new site starts with (rows of the first migration) are the
    # operator's words too.
    Forum.objects.update(name="Ucdefault ucforum", description="Ucabout ucit")
    Tag.objects.update(name=Concat(Value("Uc"), "slug"), description="Ucabout ucit")
    forum = ForumFactory(name="Ucforum", slug="ucforum", description="Ucabout ucforum")
    people = {}
    for name in ("asker", "replier", "mod"):
        people[name] = UserFactory(
            username=f"uc{name}",
            email=f"uc{name}@ucmail.ucx",
            display_name=f"Uc{name} Ucsurname",
            headline="Uclead",
            location="Ucleeds",
        )
    make_moderator(people["mod"])
    thread = make_thread(
        author=people["asker"],
        forum=forum,
        title="Ucwhen ucshould ucwe ucestimate ucthe ucdiscovery ucphase?",
        body="Ucwe ucquote **ucfixed** ucprices ucfor ucclients.",
        tags=("Ucestimating",),
    )
    Subscription.objects.get_or_create(user=people["asker"], thread=thread)
    reply = post_reply(
        author=people["replier"],
        thread=thread,
        body="Ucsplit ucthe ucdiscovery ucfrom ucthe ucbuild, @ucasker.",
        created_at=timezone.now() - timedelta(minutes=5),
    )
    # A standing to show on the replier's author card and member page.
    User.objects.filter(pk=people["replier"].pk).update(helpful_count=3, accepted_count=1)
    return {"thread": thread, "reply": reply, "forum": forum, **people}


def pages(world) -> dict[str, str]:
    thread = world["thread"]
    reply = world["reply"]
    tag_slug = thread.tags.first().slug
    return {
        "home list": reverse("forum:thread_list"),
        "forums": reverse("forum:forum_list"),
        "forum": reverse("forum:forum_detail", args=["ucforum"]),
        "tags": reverse("forum:tag_list"),
        "tag page": reverse("forum:tag_detail", args=[tag_slug]),
        "thread page": thread.get_absolute_url(),
        "members": reverse("accounts:member_list"),
        "member page": world["asker"].get_absolute_url(),
        "member page with a standing": world["replier"].get_absolute_url(),
        "members by accepted answers": reverse("accounts:member_list") + "?sort=accepted",
        "search": reverse("forum:search") + "?q=ucdiscovery",
        "formatting help": reverse("writing:formatting_help"),
        "post history": reverse("forum:post_history", args=[reply.pk]),
        "missing page": "/threads/999999/nothing/",
    }


def member_pages(world) -> dict[str, str]:
    reply = world["reply"]
    question = Post.objects.get(thread=world["thread"], number=1)
    return {
        "ask": reverse("forum:thread_new"),
        "edit": reverse("forum:post_edit", args=[question.pk]),
        "settings": reverse("accounts:profile"),
        "watch list": reverse("accounts:watch_list"),
        "delete account": reverse("accounts:delete"),
        "e-mail addresses": reverse("account_email"),
        "password change": reverse("account_change_password"),
        "notifications": reverse("notifications:list"),
        "subscriptions": reverse("notifications:subscriptions"),
        "drafts": reverse("writing:draft_list"),
        "two-factor authentication": reverse("mfa_index"),
        "connected accounts": reverse("socialaccount_connections"),
        "watching menu": reverse("notifications:watch_thread", args=[world["thread"].pk]),
        "tag watching menu": reverse(
            "notifications:watch_tag", args=[world["thread"].tags.first().slug]
        ),
        "report": reverse("moderation:flag", args=[reply.pk]),
    }


def moderator_pages(world) -> dict[str, str]:
    return {
        "moderation queue": reverse("moderation:queue"),
        "moderation log": reverse("moderation:log"),
        "suspend": reverse("moderation:suspend", args=[world["replier"].username]),
        "thread page (moderator)": world["thread"].get_absolute_url(),
    }


def visitor_account_pages() -> dict[str, str]:
    return {
        "log-in": reverse("account_login"),
        "sign-up": reverse("account_signup"),
        "password reset": reverse("account_reset_password"),
    }


def check(client, named_pages: dict[str, str]) -> list[str]:
    problems = []
    for page, address in named_pages.items():
        response = client.get(address, HTTP_ACCEPT_LANGUAGE=PSEUDO_LANGUAGE, follow=True)
        assert response.status_code in (200, 404), (page, response.status_code)
        problems += [
            f"{page} ({address}): {text!r}" for text in unmarked_texts(response.content.decode())
        ]
    return problems


def report(problems: list[str]) -> str:
    return "Text not marked for translation:\n" + "\n".join(problems)


def test_the_pseudo_locale_is_really_in_use(client, world, pseudo_locale):
    response = client.get(reverse("forum:thread_list"), HTTP_ACCEPT_LANGUAGE=PSEUDO_LANGUAGE)
    html = response.content.decode()
    assert ">Ĺàţéšţ</a>" in html
    assert f'<html lang="{PSEUDO_LANGUAGE}">' in html
    assert response["Content-Language"] == PSEUDO_LANGUAGE


def test_visitor_pages_are_all_marked(client, world, pseudo_locale):
    problems = check(client, pages(world)) + check(client, visitor_account_pages())
    assert not problems, report(problems)


def test_member_pages_are_all_marked(client, world, pseudo_locale):
    client.force_login(world["asker"])
    problems = check(client, pages(world)) + check(client, member_pages(world))
    assert not problems, report(problems)


def test_moderator_pages_are_all_marked(client, world, pseudo_locale):
    client.force_login(world["mod"])
    client.post(
        reverse("moderation:flag", args=[world["reply"].pk]),
        {"reason": "spam"},
        HTTP_ACCEPT_LANGUAGE=PSEUDO_LANGUAGE,
    )
    problems = check(client, moderator_pages(world))
    assert not problems, report(problems)


ERROR_PAGES = [
    "400.html",
    "403.html",
    "403_csrf.html",
    "404.html",
    "413.html",
    "429.html",
    "500.html",
    "503.html",
]


@pytest.mark.parametrize("name", ERROR_PAGES)
def test_error_pages_are_all_marked(name, pseudo_locale):
    with translation.override(PSEUDO_LANGUAGE):
        html = loader.get_template(name).render()
    problems = [f"{name}: {text!r}" for text in unmarked_texts(html)]
    assert not problems, report(problems)


def mail_texts(message) -> list[str]:
    texts = [f"subject: {message.subject}"]
    texts += [line for line in message.body.splitlines() if line.strip()]
    return texts + [f"html: {text}" for html, _ in message.alternatives for text in _texts_of(html)]


def _texts_of(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def unmarked_lines(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        remainder = UNTRANSLATED.sub("", MEMBER_WORDS.sub("", text.split(": ", 1)[-1]))
        remainder = re.sub(r"https?://\S+", "", remainder)
        if LATIN_WORD.search(remainder):
            found.append(text)
    return found


def test_e_mails_are_all_marked(world, pseudo_locale):
    from notifications.mail import mention_message, outcome_prompt_message, reply_message

    thread, reply = world["thread"], world["reply"]
    with translation.override(PSEUDO_LANGUAGE):
        messages = {
            "reply": reply_message(recipient=world["asker"], post=reply, thread=thread),
            "mention": mention_message(recipient=world["asker"], post=reply),
            "outcome prompt": outcome_prompt_message(recipient=world["asker"], thread=thread),
        }
    problems = [
        f"{name} e-mail: {text!r}"
        for name, message in messages.items()
        for text in unmarked_lines(mail_texts(message))
    ]
    assert not problems, report(problems)
    assert messages["reply"].subject.endswith(
        "Ŕé: Ucwhen ucshould ucwe ucestimate ucthe ucdiscovery ucphase?"
    )
