"""Authentication backends that load a member together with their moderator flag.

Every page a member opens loads their row (the session names them) and most pages then ask
whether they moderate (forum.permissions.is_moderator), which was a second query. Loading both
in one query saves it on every member request. The same query counts their unread notices and
their drafts for the header (notifications.services.unread_count_annotation,
writing.querysets.DraftQuerySet.count_subquery), and whether they mute any thread or tag, so
their thread lists need no query to learn that they hide nothing
(notifications.watching.muting_of), and whether they have a second factor (moderators'
powers need one: forum.permissions.is_moderator).
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import Exists, OuterRef

from accounts.models import User
from accounts.two_factor import SECOND_FACTORS
from forum.permissions import MODERATORS_GROUP, remember_moderator
from notifications.services import unread_count_annotation
from notifications.watching import mutes_anything_annotation
from writing.models import Draft


def member_with_moderator_flag(user_id) -> User | None:
    in_group = User.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name=MODERATORS_GROUP
    )
    try:
        user = User.objects.annotate(
            in_moderators_group=Exists(in_group),
            unread_notices=unread_count_annotation(),
            draft_count=Draft.objects.count_subquery(),
            mutes_anything=mutes_anything_annotation(),
            has_second_factor=Exists(
                Authenticator.objects.filter(user_id=OuterRef("pk"), type__in=SECOND_FACTORS)
            ),
        ).get(pk=user_id)
    except User.DoesNotExist:
        return None
    remember_moderator(user, user.in_moderators_group)
    # Read by accounts.two_factor.has_two_factor, which moderators' permissions ask.
    user._has_two_factor = user.has_second_factor
    return user


class _LoadsModeratorFlag:
    def get_user(self, user_id):
        user = member_with_moderator_flag(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_LoadsModeratorFlag, DjangoModelBackend):
    """Django's username-and-password backend (the admin's log-in)."""


class AuthenticationBackend(_LoadsModeratorFlag, AllauthBackend):
    """allauth's backend (log in by username or e-mail)."""

    def _authenticate(self, request, **credentials):
        # allauth's log-in form passes an e-mail address twice, as "email" and as "username",
        # and with both log-in methods on, each is looked up as an address: a known address
        # paid two password checks where an unknown one paid a single stand-in, and the time
        # told who has an account. A username never contains "@", so once is enough.
        if credentials.get("username") and credentials.get("username") == credentials.get("email"):
            credentials = {key: value for key, value in credentials.items() if key != "username"}
        return super()._authenticate(request, **credentials)
