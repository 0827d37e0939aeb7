from django.db import models


class Window(models.Model):
    """The recent hits of one limit key, where Redis is not configured or not answering.

    One row per key, locked while a hit is decided, so simultaneous requests queue on it and
    each sees the hits of those before it.
    """

    key = models.CharField(max_length=200, primary_key=True)
    # [[unix time, token], ...], oldest first; only those inside the longest window are kept.
    hits = models.JSONField(default=list)
    # Past this moment (unix time) the row holds nothing that counts and may be deleted.
    expires_at = models.FloatField(db_index=True)

    def __str__(self) -> str:
        return self.key
