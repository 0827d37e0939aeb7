from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from forum.experience import SIDE_COUNT_FIELDS, SIDES, ExperienceSide
from forum.facts import (
    FACT_NAMES,
    AskerRole,
    Budget,
    ContractType,
    Industry,
    Methodology,
    TeamSize,
    facts_line,
)
from forum.querysets import PostImageQuerySet, PostQuerySet, ThreadQuerySet

# Partial indexes cover only what lists show: hidden threads never appear there.
VISIBLE_THREAD = Q(is_hidden=False)

# An optional choice left blank. The database holds the default too, so that code from
# before a column existed can still insert rows while a release rolls out (docs/deploy.md).
NOT_STATED = {"blank": True, "default": "", "db_default": ""}


# Words that name other pages at /threads/<id>/<word>/, so no thread slug may be one.
RESERVED_SLUGS = frozenset(
    {"reply", "subscribe", "unsubscribe", "hide", "lock", "pin", "move", "tags", "outcome"}
)


def thread_slug(title: str) -> str:
    slug = slugify(title)[:160] or "thread"
    return f"{slug}-thread" if slug in RESERVED_SLUGS else slug


class Forum(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:forum_detail", args=[self.slug])


# Symbols that tell tags apart ("C#", "C++" and "C"), spelled out so that their slugs differ.
_TAG_SLUG_WORDS = {"#": " sharp ", "+": " plus ", "&": " and "}
# Short of the column's 100 characters, leaving room for the "_2" a clash adds.
TAG_SLUG_MAX = 90
# For a name with no letter or digit in it ("_", "_-_"): a URL needs a non-empty slug.
EMPTY_TAG_SLUG = "tag"


def tag_slug(name: str) -> str:
    """The slug of a tag name, never empty; letters of any script are kept."""
    spelled = "".join(_TAG_SLUG_WORDS.get(char, char) for char in name)
    slug = slugify(spelled, allow_unicode=True)[:TAG_SLUG_MAX].strip("-_")
    return slug or EMPTY_TAG_SLUG


class Tag(TagBase):
    """One tag vocabulary for all threads, with a description for its page."""

    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def slugify(self, tag: str, i: int | None = None) -> str:
        # taggit calls this again with i = 1, 2, ... while the slug is taken.
        slug = tag_slug(tag)
        return slug if i is None else f"{slug}_{i}"

    def get_absolute_url(self) -> str:
        return reverse("forum:tag_detail", args=[self.slug])


class TaggedThread(ItemBase):
    """A direct foreign key (not taggit's generic one) so tag pages join on an index."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_threads")
    content_object = models.ForeignKey("Thread", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_thread_tag")
        ]
        indexes = [models.Index(fields=["tag", "content_object"])]


class ProjectContext(models.TextChoices):
    INTERNAL = "internal", _("Internal project")
    CLIENT = "client", _("Client-facing project")
    GENERAL = "general", _("General")


class Thread(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, allow_unicode=False)
    context = models.CharField(
        max_length=10, choices=ProjectContext.choices, default=ProjectContext.GENERAL
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads"
    )
    created_at = models.DateTimeField(default=timezone.now)
    tags = TaggableManager(through=TaggedThread, blank=True)

    # Counters kept in step by the services, in the same transaction as the post.
    reply_count = models.PositiveIntegerField(default=0)
    last_number = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(default=timezone.now)
    last_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the asker decided and how it went (a Post numbered OUTCOME_NUMBER), shown under the
    # question on every page; forum/outcomes.py.
    outcome = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Members subscribed, kept in step by the subscription services (and account deletion),
    # so the thread page prints it without counting.
    subscriber_count = models.PositiveIntegerField(default=0)
    # Visible replies from each side of experience (forum/experience.py), kept in step with
    # reply_count by the same services.
    internal_reply_count = models.PositiveIntegerField(default=0, db_default=0)
    client_facing_reply_count = models.PositiveIntegerField(default=0, db_default=0)
    client_side_reply_count = models.PositiveIntegerField(default=0, db_default=0)
    both_sides_reply_count = models.PositiveIntegerField(default=0, db_default=0)

    # The facts the asker gave (forum/facts.py): optional, each from a fixed list.
    methodology = models.CharField(max_length=20, choices=Methodology.choices, **NOT_STATED)
    industry = models.CharField(max_length=20, choices=Industry.choices, **NOT_STATED)
    team_size = models.CharField(max_length=20, choices=TeamSize.choices, **NOT_STATED)
    budget = models.CharField(max_length=20, choices=Budget.choices, **NOT_STATED)
    contract_type = models.CharField(max_length=20, choices=ContractType.choices, **NOT_STATED)
    asker_role = models.CharField(max_length=20, choices=AskerRole.choices, **NOT_STATED)

    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["-is_pinned", "-last_activity_at"],
                condition=VISIBLE_THREAD,
                name="thread_activity",
            ),
            models.Index(
                fields=["forum", "-is_pinned", "-last_activity_at"],
                condition=VISIBLE_THREAD,
                name="thread_forum_activity",
            ),
            models.Index(fields=["-created_at"], condition=VISIBLE_THREAD, name="thread_newest"),
            models.Index(
                fields=["-reply_count", "-last_activity_at"],
                condition=VISIBLE_THREAD,
                name="thread_replies",
            ),
            models.Index(fields=["author", "-created_at"], name="thread_author"),
            # Lists filtered by a fact: the threads stating it, in the default order. Blank
            # values are indexed too: SQLite cannot tell that "= 'agile'" implies "<> ''".
            *(
                models.Index(
                    fields=[name, "-is_pinned", "-last_activity_at"],
                    condition=VISIBLE_THREAD,
                    name=f"thread_fact_{name}",
                )
                for name in FACT_NAMES
            ),
            # Lists filtered by side ("answered from the client side"): the threads with a
            # visible reply from it, in the default order.
            *(
                models.Index(
                    fields=["-is_pinned", "-last_activity_at"],
                    condition=VISIBLE_THREAD & Q(**{f"{counter}__gt": 0}),
                    name=f"thread_side_{side}",
                )
                for side, counter in SIDE_COUNT_FIELDS.items()
            ),
            # The lists' "With an outcome" filter, in their default order.
            models.Index(
                fields=["-is_pinned", "-last_activity_at"],
                condition=VISIBLE_THREAD & Q(outcome__isnull=False),
                name="thread_outcome_activity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = thread_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("forum:thread_detail", args=[self.pk, self.slug])

    @property
    def is_answered(self) -> bool:
        return self.accepted_post_id is not None

    def answer_credit(self, post: Post) -> int:
        """1 when `post` is this thread's accepted answer and counts to its author's
        `accepted_count` (accounts.User), else 0. It counts while everyone can read it (the
        post neither hidden nor deleted, the thread not hidden), as helpful marks do, and only
        when someone else asked: accepting one's own reply earns nothing.
        ThreadQuerySet.credited_answers is the same rule in SQL, for recounts."""
        return int(
            post.pk == self.accepted_post_id
            and post.is_visible
            and not self.is_hidden
            and post.author_id is not None
            and post.author_id != self.author_id
        )

    def reply_page_count(self, per_page: int) -> int:
        """Pages of replies; the question heads every page, so a thread with no replies has one."""
        replies = max(0, self.last_number - 1)
        return max(1, -(-replies // per_page))

    @property
    def facts_line(self) -> list[tuple[str, str]]:
        """The facts the question states, worded for its facts line."""
        return facts_line(self)

    def page_of(self, post: Post, per_page: int) -> int:
        """The page a post is on in the default (oldest first) order."""
        return 1 if post.number <= 1 else (post.number - 2) // per_page + 1


# The number of a thread's outcome: before the question, outside the replies' dense range, so
# no page of replies selects it, no reply count includes it and (thread, number) being unique
# makes it one per thread.
OUTCOME_NUMBER = 0


class Post(models.Model):
    """The question (number 1), every reply (2, 3, ...) and the thread's outcome (0, shown under
    the question). Its primary key is the Content ID."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    body = models.TextField(max_length=20000)
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    is_deleted = models.BooleanField(default=False)
    # Which side the reply's experience comes from (forum/experience.py); blank when its author
    # did not say, and always for the question.
    experience_side = models.CharField(max_length=20, choices=ExperienceSide.choices, **NOT_STATED)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="unique_post_number")
        ]
        indexes = [
            models.Index(fields=["thread", "-helpful_count", "number"], name="post_helpful"),
            models.Index(fields=["author", "-created_at"], name="post_author"),
            # A thread's replies from one side, in number order (the thread page's side filter).
            models.Index(
                fields=["thread", "experience_side", "number"],
                condition=Q(is_hidden=False, is_deleted=False),
                name="post_side",
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} (#{self.number} in thread {self.thread_id})"

    def get_absolute_url(self) -> str:
        return reverse("forum:content", args=[self.pk])

    @property
    def is_question(self) -> bool:
        return self.number == 1

    @property
    def is_outcome(self) -> bool:
        return self.number == OUTCOME_NUMBER

    @property
    def is_reply(self) -> bool:
        return self.number > 1

    @property
    def label(self) -> str:
        """What every page, feed and e-mail calls this post. Replies count from 1 (the question
        is number 1), so the first reply is "Reply 1" wherever it is named."""
        if self.is_outcome:
            return gettext("Outcome")
        if self.number == 1:
            return gettext("Question")
        return gettext("Reply %(number)s") % {"number": self.number - 1}

    @property
    def kind_name(self) -> str:
        """The post's kind in a sentence: "Edit your question", "Revisions of the outcome"."""
        if self.is_outcome:
            return gettext("outcome")
        return gettext("question") if self.is_question else gettext("reply")

    @property
    def is_visible(self) -> bool:
        return not (self.is_hidden or self.is_deleted)

    @property
    def experience_badge(self) -> str:
        """The reply's side of experience as its header names it ("" when not said)."""
        side = SIDES.get(self.experience_side)
        return side.badge if side else ""


class PostRevision(models.Model):
    """An earlier text of a post, kept when it is edited, so anyone can read what changed."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=150, blank=True)  # the thread title, for questions
    # The thread's tag names, comma-separated, for questions; blank in revisions made before
    # tags could be edited.
    tags = models.CharField(max_length=300, blank=True)
    # The question's facts as one line, for questions; the reply's side, for replies.
    facts = models.CharField(max_length=300, **NOT_STATED)
    experience_side = models.CharField(max_length=20, choices=ExperienceSide.choices, **NOT_STATED)
    body = models.TextField()
    body_html = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["post", "created_at", "pk"]
        indexes = [models.Index(fields=["post", "created_at"])]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} from {self.created_at:%Y-%m-%d %H:%M}"


class HelpfulVote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="helpful_votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="unique_helpful_vote")]

    def __str__(self) -> str:
        return f"{self.user_id} found post {self.post_id} helpful"


class PostMention(models.Model):
    """A member told that a post mentions them (forum/mentions.py). Kept so that each member is
    told once per post, an edit tells only the newly mentioned, and a post tells at most
    MENTIONS_NOTIFIED_MAX members in all."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="unique_post_mention")
        ]

    def __str__(self) -> str:
        return f"Post {self.post_id} mentions member {self.member_id}"


class PostImage(models.Model):
    """An image a member uploaded for a post: decoded and re-encoded, stored under a random
    name in the default storage (forum/images.py), and shown inline where a post links it.

    `post` is the post it was first attached to; an upload no post ever took is deleted after
    a day, from the storage too (forum.images.post_images_sweep).
    """

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="images"
    )
    # Unique: posts name their images by this, and the renderer looks them up by it.
    file = models.FileField(upload_to="post-images/", unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = PostImageQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(post__isnull=True), name="post_image_orphans"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file.name} ({self.width} x {self.height})"


class OutcomeReminder(models.Model):
    """The one reminder a thread's asker gets to post its outcome (forum/outcomes.py).

    Made when the question gets its first reply from someone else, due FORUM_OUTCOME_DAYS
    later; claimed once by the scheduled job, which sends one e-mail and one notice."""

    thread = models.OneToOneField(
        Thread, primary_key=True, on_delete=models.CASCADE, related_name="outcome_reminder"
    )
    # When the reminder is owed; None once it is sent, declined or no longer needed.
    due_at = models.DateTimeField(null=True, blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    # "Don't ask again" for this thread.
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(due_at__isnull=False), name="outcome_reminder_due"
            )
        ]

    def __str__(self) -> str:
        return f"Outcome reminder for thread {self.thread_id}"
