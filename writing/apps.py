from django.apps import AppConfig


class WritingConfig(AppConfig):
    """What helps a member write: drafts kept on the server and the formatting help page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "writing"
    verbose_name = "Writing"
