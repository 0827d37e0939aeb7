import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.time_zones import validate_time_zone
from forum.experience import ExperienceSide

# Background colours for generated initials avatars; each passes 4.5:1 against white text.
AVATAR_COLOURS = ("#1f5f8b", "#7a3e9d", "#2d6a4f", "#9c4221", "#374785", "#8a2846", "#3d5a40")


class BlankAsNull(Func):
    """`NULLIF(column, '')` with the '' written into the SQL, not sent as a parameter: a
    statement prepared on the server is planned once for any parameter, and such a plan
    cannot match an index on the expression (member_name)."""

    template = "NULLIF(%(expressions)s, '')"
    arity = 1


def sort_name():
    """The name a member is listed under (User.name), lower-cased: the directory's "Name" order
    and its index."""
    return Lower(Coalesce(BlankAsNull("display_name"), "username"))


class User(AbstractUser):
    """A member. The public profile lives on the row itself, so an author card costs no join."""

    display_name = models.CharField(max_length=80, blank=True)
    headline = models.CharField(
        max_length=120, blank=True, help_text=_("For example: Self-employed | Delivery lead")
    )
    location = models.CharField(max_length=80, blank=True)
    bio = models.TextField(max_length=1000, blank=True)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=300, blank=True)
    # Kept in step by the services (accounts/services.py member_counts_*), so the member
    # directory sorts and prints them without counting: posts that show (not deleted or
    # hidden, in a thread that shows) and the helpful marks those posts carry.
    post_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)
    # The side of experience the reply form starts with (forum/experience.py); blank: not said.
    default_experience_side = models.CharField(
        max_length=20, choices=ExperienceSide.choices, blank=True, default="", db_default=""
    )

    # Reputation, shown on author cards, member pages and in the directory. Kept in step by the
    # same services as the counts above, in the writer's transaction: answers everyone can
    # read that their asker accepted (not the asker's own replies; forum.models
    # Thread.answer_credit says exactly which).
    accepted_count = models.PositiveIntegerField(default=0, db_default=0)
    # Time zone (accounts/time_zones.py): an IANA name such as "Asia/Tokyo"; blank shows UTC.
    # Private: only the member's own pages and mails use it, and it picks the hour their digest
    # goes out (notifications/digest.py).
    time_zone = models.CharField(
        max_length=64, blank=True, default="", db_default="", validators=[validate_time_zone]
    )
    # Said "No" when the site offered the browser's zone: it is not offered again.
    time_zone_declined = models.BooleanField(default=False, db_default=False)
    # Moved when the member turns on two-factor authentication: every other session they have
    # ends (see _get_session_auth_hash), so one opened with a stolen password alone does not
    # gain what the second factor now guards (moderator powers among them).
    session_epoch = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        ordering = ["username"]
        # The member directory's orders; only active accounts are listed.
        indexes = [
            models.Index(
                fields=["-helpful_count", "-id"], condition=Q(is_active=True), name="member_helpful"
            ),
            models.Index(
                fields=["-post_count", "-id"], condition=Q(is_active=True), name="member_active"
            ),
            models.Index(
                fields=["-date_joined", "-id"], condition=Q(is_active=True), name="member_newest"
            ),
            # Reputation orders: most accepted answers, and by name.
            models.Index(
                fields=["-accepted_count", "-id"],
                condition=Q(is_active=True),
                name="member_accepted",
            ),
            models.Index(sort_name(), F("id"), condition=Q(is_active=True), name="member_name"),
        ]

    def _get_session_auth_hash(self, secret=None) -> str:
        # Django signs each session with a hash of the password (this method, which both
        # get_session_auth_hash and its fallback-secret variant call), so a new password ends
        # the other sessions. The epoch joins the password: moving it does the same. At 0 the
        # hash is Django's own, so no session ended when the column was added.
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "accounts.User.session_epoch",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("_", " ").split() if w[:1].isalnum()]
        letters = "".join(w[0] for w in words[:2]) or self.username[:1]
        return letters.upper()

    @property
    def avatar_colour(self) -> str:
        digest = hashlib.blake2s(self.username.encode(), digest_size=2).digest()
        return AVATAR_COLOURS[int.from_bytes(digest) % len(AVATAR_COLOURS)]

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    def get_absolute_url(self) -> str:
        return reverse("accounts:member", args=[self.username])


class ConfirmationMail(models.Model):
    """When a link to confirm an address last went out.

    Logging in before confirming sends a new link, at most one per address every few minutes
    (accounts.services.confirmation_mail_claim). The time lives in the database so the limit
    holds across app servers and processes, whatever cache each one has.
    """

    email = models.EmailField(max_length=254, unique=True)  # lower case
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.email} at {self.sent_at:%Y-%m-%d %H:%M}"


# What a watch list holds: enough for every client and employer a member works with, and a
# bound on the work each check of a post does.
WATCH_LIST_MAX_NAMES = 200
WATCH_NAME_MAX_LENGTH = 100


class WatchList(models.Model):
    """Names a member wants to be warned about before posting: clients, employers, colleagues.

    Private to its owner: only their settings page shows it. The confidentiality check
    (forum/confidentiality.py) reads it on the server, so it never reaches another page, a
    script or a cache key; the reverse accessor is switched off so that a loaded member never
    carries it along."""

    user = models.OneToOneField(User, primary_key=True, on_delete=models.CASCADE, related_name="+")
    names = models.TextField(blank=True)  # one name a line
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Watch list of member {self.user_id}"

    @property
    def name_list(self) -> list[str]:
        return [name for name in self.names.splitlines() if name.strip()]
