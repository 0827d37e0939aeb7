"""The e-mails: built from our templates, with one-click unsubscribe headers."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.models import User
from accounts.time_zones import member_zone
from forum.excerpts import excerpt
from forum.models import Post, Thread
from notifications.tokens import unsubscribe_token


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def one_line(text: str) -> str:
    """Header-safe text: no line breaks can reach a header, whatever a title holds."""
    return " ".join(str(text).split())


def _message(
    *, recipient: User, subject: str, template: str, context: dict, unsubscribe_url: str
) -> EmailMultiAlternatives:
    context = {
        **context,
        "recipient": recipient,
        "unsubscribe_url": unsubscribe_url,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "settings_url": absolute(reverse("notifications:subscriptions")),
    }
    # Dates in the recipient's own zone, named (accounts/time_zones.py local_moment).
    with timezone.override(member_zone(recipient)):
        text = render_to_string(f"email/{template}.txt", context)
        html = render_to_string(f"email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=one_line(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"),
        body=text,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def thread_unsubscribe_url(user_id: int, thread_id: int) -> str:
    token = unsubscribe_token(user_id=user_id, thread_id=thread_id)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def tag_unsubscribe_url(user_id: int, tag_id: int) -> str:
    token = unsubscribe_token(user_id=user_id, tag_id=tag_id)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def reply_message(
    *,
    recipient: User,
    post: Post,
    thread: Thread,
    watched_tag: tuple[int, str] | None = None,
    to_their_post: bool = False,
) -> EmailMultiAlternatives:
    """A new reply, or the thread's outcome (which subscribers hear of as of a reply), to a
    member who watches the thread, or a tag of it (`watched_tag`: its id and name), or whose
    post the reply answers. Its unsubscribe link stops what brought the mail: the thread, the
    tag, or reply mail altogether (a reply to one's post comes with no watch to end)."""
    author = post.author.name if post.author else gettext("Deleted member")
    if to_their_post:
        unsubscribe_url = all_mail_unsubscribe_url(recipient.pk)
    elif watched_tag:
        unsubscribe_url = tag_unsubscribe_url(recipient.pk, watched_tag[0])
    else:
        unsubscribe_url = thread_unsubscribe_url(recipient.pk, thread.pk)
    return _message(
        recipient=recipient,
        subject=(gettext("Outcome: %(title)s") if post.is_outcome else gettext("Re: %(title)s"))
        % {"title": thread.title},
        template="reply",
        context={
            "thread": thread,
            "author": author,
            "is_outcome": post.is_outcome,
            "post_label": post.label,
            "posted_at": post.created_at,
            "excerpt": excerpt(post.body_html, 400),
            "post_url": absolute(post.get_absolute_url()),
            "watched_tag": watched_tag[1] if watched_tag else None,
            "to_their_post": to_their_post,
        },
        unsubscribe_url=unsubscribe_url,
    )


def new_question_message(
    *, recipient: User, post: Post, thread: Thread, tag_id: int, tag_name: str
) -> EmailMultiAlternatives:
    author = post.author.name if post.author else gettext("Deleted member")
    return _message(
        recipient=recipient,
        subject=gettext("New question in %(tag)s: %(title)s")
        % {"tag": tag_name, "title": thread.title},
        template="new_question",
        context={
            "thread": thread,
            "author": author,
            "tag_name": tag_name,
            "excerpt": excerpt(post.body_html, 400),
            "post_url": absolute(post.get_absolute_url()),
        },
        unsubscribe_url=tag_unsubscribe_url(recipient.pk, tag_id),
    )


def mention_message(*, recipient: User, post: Post) -> EmailMultiAlternatives:
    author = post.author.name if post.author else gettext("Deleted member")
    token = unsubscribe_token(user_id=recipient.pk, mentions=True)
    return _message(
        recipient=recipient,
        subject=gettext("%(author)s mentioned you in %(title)s")
        % {"author": author, "title": post.thread.title},
        template="mention",
        context={
            "thread": post.thread,
            "author": author,
            "post_label": post.label,
            "excerpt": excerpt(post.body_html, 400),
            "post_url": absolute(post.get_absolute_url()),
        },
        unsubscribe_url=absolute(reverse("notifications:unsubscribe", args=[token])),
    )


def outcome_prompt_message(*, recipient: User, thread: Thread) -> EmailMultiAlternatives:
    """The asker's one reminder: what did they decide, and how did it go?"""
    return _message(
        recipient=recipient,
        subject=gettext("How did it go? %(title)s") % {"title": thread.title},
        template="outcome_prompt",
        context={
            "thread": thread,
            "days": settings.FORUM_OUTCOME_DAYS,
            "asked_at": thread.created_at,
            "outcome_url": absolute(reverse("forum:thread_outcome", args=[thread.pk])),
            "thread_url": absolute(thread.get_absolute_url()),
        },
        unsubscribe_url=all_mail_unsubscribe_url(recipient.pk),
    )


def all_mail_unsubscribe_url(user_id: int) -> str:
    token = unsubscribe_token(user_id=user_id, all_mail=True)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def digest_message(*, recipient: User, items: list[dict]) -> EmailMultiAlternatives:
    """One mail listing several posts; each item has its own thread's unsubscribe link."""
    threads = len({item["thread_id"] for item in items})
    for item in items:
        item["unsubscribe_url"] = thread_unsubscribe_url(recipient.pk, item["thread_id"])
    return _message(
        recipient=recipient,
        subject=gettext("%(posts)s in %(threads)s you follow")
        % {
            "posts": ngettext("%(count)s new post", "%(count)s new posts", len(items))
            % {"count": len(items)},
            "threads": ngettext("%(count)s thread", "%(count)s threads", threads)
            % {"count": threads},
        },
        template="digest",
        context={"items": items},
        unsubscribe_url=all_mail_unsubscribe_url(recipient.pk),
    )
