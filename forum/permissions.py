"""Who may do what. Views ask here; nothing else decides."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from forum.models import Post

MODERATORS_GROUP = "Moderators"


def unwrapped(user):
    """The user behind request.user's lazy wrapper. A page checks permissions for each of its
    posts, reading the user's attributes dozens of times; through the wrapper, each read
    costs more than the check itself."""
    _ = user.is_authenticated  # makes the wrapper load its user
    return getattr(user, "_wrapped", user)


def is_moderator(user) -> bool:
    """Whether the member may use moderator powers now: they hold the role and, while
    FORUM_REQUIRE_2FA_FOR_MODERATORS is on, have two-factor authentication. Until they set it
    up, every permission here treats them as a member (accounts/two_factor.py sends them to
    set it up from the moderator pages)."""
    if not holds_moderator_role(user):
        return False
    if not settings.FORUM_REQUIRE_2FA_FOR_MODERATORS:
        return True
    from accounts.two_factor import has_two_factor  # accounts.two_factor asks here too

    return has_two_factor(user)


def holds_moderator_role(user) -> bool:
    """Staff, or in the moderators' group: the role, whether or not its powers are usable yet
    (is_moderator)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    # Remembered on the user object: a page asks many times, the database once (or never:
    # the authentication backends load it with the member, accounts/backends.py).
    if not hasattr(user, "_is_moderator"):
        remember_moderator(user, user.groups.filter(name=MODERATORS_GROUP).exists())
    return user._is_moderator


def remember_moderator(user, in_group: bool) -> None:
    user._is_moderator = in_group


def is_author(user, post: Post) -> bool:
    return user.is_authenticated and post.author_id == user.pk


def is_frozen_for(user, thread) -> bool:
    """A locked thread stays as the moderator left it: only moderators change anything in it."""
    return thread.is_locked and not is_moderator(user)


def can_edit(user, post: Post) -> bool:
    if post.is_deleted or is_suspended(user) or is_frozen_for(user, post.thread):
        return False
    return is_author(user, post) or is_moderator(user)


def can_see_hidden_thread(user, thread) -> bool:
    """A hidden thread stays readable to moderators and to the member who started it."""
    return user.is_authenticated and (thread.author_id == user.pk or is_moderator(user))


def can_read_hidden(user, post: Post) -> bool:
    """A hidden post stays readable, with its reason, to moderators and to its author."""
    return post.is_hidden and not post.is_deleted and (is_author(user, post) or is_moderator(user))


def can_delete(user, post: Post) -> bool:
    if post.is_deleted or is_suspended(user) or is_frozen_for(user, post.thread):
        return False
    if is_moderator(user):
        return True
    # A question with answers belongs to the people who answered it too; an outcome, posted
    # once per thread, to the thread: moderators hide or remove it.
    if post.is_outcome:
        return False
    return is_author(user, post) and (not post.is_question or post.thread.reply_count == 0)


def is_suspended(user) -> bool:
    return user.is_authenticated and user.is_suspended


def suspension_response(request) -> HttpResponse | None:
    """The page a suspended member gets instead of posting, voting, reporting or subscribing."""
    if not is_suspended(request.user):
        return None
    return render(request, "forum/suspended.html", status=403)


def locked_thread_response(request, thread) -> HttpResponse | None:
    """The page a member gets instead of changing anything in a locked thread."""
    if not is_frozen_for(request.user, thread):
        return None
    return render(request, "forum/thread_locked.html", {"thread": thread}, status=403)


def can_vote(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and not user.is_suspended
        and post.is_reply
        and post.is_visible
        and post.author_id != user.pk
        and not is_frozen_for(user, post.thread)
    )


def can_accept(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and not user.is_suspended
        and post.is_reply
        and post.is_visible
        and post.thread.author_id == user.pk
        and not is_frozen_for(user, post.thread)
    )


def can_report(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and not user.is_suspended
        and post.is_visible
        and post.author_id != user.pk
    )


def has_confirmed_email(user) -> bool:
    """Members post only once an address of theirs is confirmed (allauth enforces it at log-in;
    this also covers accounts made by other means, such as the admin)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_confirmed_email"):
        user._has_confirmed_email = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._has_confirmed_email


def can_reply(user, thread) -> bool:
    return user.is_authenticated and not user.is_suspended and not is_frozen_for(user, thread)


def can_post_outcome(user, thread) -> bool:
    """The asker tells what they decided and how it went, once per thread; a moderator may
    post it for them."""
    return (
        user.is_authenticated
        and not user.is_suspended
        and thread.outcome_id is None
        and (thread.author_id == user.pk or is_moderator(user))
        and not is_frozen_for(user, thread)
    )


def can_decline_outcome_reminder(user, thread) -> bool:
    """Only the asker says "Don't ask again" about their own question."""
    return user.is_authenticated and not user.is_suspended and thread.author_id == user.pk


# What a suspended member may still send: leaving, and leaving for good. The one-click
# unsubscribe link of an e-mail answers for the address it was sent to, whoever is logged in.
# The admin is staff's, whom moderators cannot suspend; it is where a suspension is lifted.
ALLOWED_WHILE_SUSPENDED = frozenset(
    {"account_logout", "accounts:delete", "notifications:unsubscribe"}
)


def can_submit(user, view_name: str) -> bool:
    """Whether this member may send a change (any POST) to the named view. A suspension stops
    every change but logging out and deleting the account, whatever the view."""
    if not is_suspended(user):
        return True
    return view_name in ALLOWED_WHILE_SUSPENDED or view_name.startswith("admin:")
