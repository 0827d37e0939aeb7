"""Test settings: the real databases, a fast password hasher, mail kept in memory."""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# allauth's rate limits stay on, as in production; tests/conftest.py empties the cache per test.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGGING = {"version": 1, "disable_existing_loggers": False}
