from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from writing.querysets import DraftQuerySet

# The forms a draft belongs to, named by a key: the ask form, the reply box of thread N, the
# edit form of post N. One draft per member and key.
ASK_KEY = "ask"
REPLY = "reply"
EDIT = "edit"


def reply_key(thread_id: int) -> str:
    return f"{REPLY}:{thread_id}"


def edit_key(post_id: int) -> str:
    return f"{EDIT}:{post_id}"


def form_url(key: str) -> str:
    """The address of the form a draft key names (the key must be well formed)."""
    kind, _, number = key.partition(":")
    if kind == REPLY:
        return reverse("forum:thread_reply", args=[int(number)])
    if kind == EDIT:
        return reverse("forum:post_edit", args=[int(number)])
    return reverse("forum:thread_new")


class Draft(models.Model):
    """What a member has typed in one posting form and not posted yet.

    `values` holds every field of the form as sent (title, tags, body and any field the form
    gains later), so restoring puts the whole form back. The thread and post are kept as keys
    too: the list of drafts names them, and a draft goes with the thread or post it was for.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    target = models.CharField(max_length=40)
    thread = models.ForeignKey(
        "forum.Thread", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "forum.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    values = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = DraftQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "target"], name="draft_one_per_form")
        ]
        # The daily pruning finds old drafts by this date.
        indexes = [models.Index(fields=["updated_at"], name="draft_updated")]

    def __str__(self) -> str:
        return f"Draft {self.target} of member {self.member_id}"

    @property
    def kind(self) -> str:
        return self.target.partition(":")[0]

    @property
    def form_url(self) -> str:
        return form_url(self.target)
