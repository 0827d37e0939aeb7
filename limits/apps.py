from django.apps import AppConfig


class LimitsConfig(AppConfig):
    """Rate limits that hold: counted atomically in Redis, or in the database without it."""

    name = "limits"
    verbose_name = "Limits"
