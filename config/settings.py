"""PM Forum settings. Everything that differs between machines comes from the environment."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from config.env import env_bool, env_float, env_int, env_int_list, env_list, env_str, env_url
from config.logs import logging_config, release_from_git, start_error_reporting
from config.social import openid_connect_apps

DATABASE_SCHEMES = frozenset({"postgres", "postgresql", "sqlite"})
REDIS_SCHEMES = frozenset({"redis", "rediss", "unix"})
WEB_SCHEMES = frozenset({"http", "https"})

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
# The same bar as `check --deploy` (50 characters, 5 distinct): a production start fails here.
if not DEBUG and (
    SECRET_KEY == _DEV_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure-")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to at least 50 random characters when DEBUG is off, for example the "
        "output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] + (["testserver"] if DEBUG else [])
)
SITE_URL = env_url(
    "SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}", schemes=WEB_SCHEMES
).rstrip("/")
SITE_NAME = "PM Forum"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    # Two-factor authentication (see the "Two-factor authentication" block below).
    "allauth.mfa",
    "taggit",
    "django_tasks",
    # Before django_tasks_db: its db_worker command, with a heartbeat (jobs/heartbeat.py).
    "jobs",
    "django_tasks_db",
    "accounts",
    "forum",
    "notifications",
    "moderation",
    "search",
    "limits",
    "writing",
]

MIDDLEWARE = [
    # First: the request id, the request's log line and metrics cover everything below.
    "config.observability.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "config.middleware.RejectNulCharactersMiddleware",
    # Before anything reads the body (the CSRF check does): an oversized one is never read.
    "config.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Both stand aside unless configured (DATABASE_REPLICA_URL, PAGE_CACHE_SECONDS).
    "config.replica.ReplicaReadsMiddleware",
    "config.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The member's time zone for every date the page shows (the member is loaded already).
    "accounts.middleware.MemberTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "moderation.middleware.SuspensionMiddleware",
    # The admin's own log-in form is replaced by the site's; staff need two-factor auth.
    "accounts.middleware.AdminTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum.context_processors.site",
                "notifications.context_processors.unread_notifications",
                "moderation.context_processors.moderation_queue",
                "writing.context_processors.draft_count",
            ],
        },
    }
]


# Database: SQLite in var/ unless DATABASE_URL names another (postgres://...).
def _database(url: str) -> dict:
    config = dj_database_url.parse(
        url, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        # A database that does not answer costs a request seconds (a 503 page), not minutes.
        options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 2))
        if env_bool("DATABASE_PREPARED_STATEMENTS", True):
            # Server-side binding lets psycopg prepare a statement after it has run twice on a
            # connection: PostgreSQL then skips planning it (a list page's join costs more to
            # plan than to run), which halves the database's CPU per page. Set it to false
            # behind a transaction-mode pooler that cannot keep prepared statements.
            options.setdefault("server_side_binding", True)
            options.setdefault("prepare_threshold", 2)
    return config


DATABASES = {
    "default": _database(
        env_url("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}", schemes=DATABASE_SCHEMES)
    )
}
# Optional read replica: GET pages read from it (config/replica.py, config/db_router.py).
if env_url("DATABASE_REPLICA_URL", schemes=DATABASE_SCHEMES):
    DATABASES["replica"] = _database(env_url("DATABASE_REPLICA_URL", schemes=DATABASE_SCHEMES))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
# Seconds a browser that has just written keeps reading from the primary.
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while pages read; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", schemes=REDIS_SCHEMES)
# A Redis that hangs costs a request at most this, then the site goes on without the cache
# (config/redis_cache.py).
REDIS_TIMEOUT = env_float("REDIS_TIMEOUT", 0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pmforum",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# After Redis fails to answer, each process serves without it for this long before trying again.
REDIS_RETRY_SECONDS = env_float("REDIS_RETRY_SECONDS", 5)
# Visitors' public pages are cached whole for this many seconds (config/page_cache.py); on by
# default only with Redis, where every app server and worker sees the same versions.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 if REDIS_URL else 0)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Background jobs (jobs/, notifications/delivery.py; docs/deploy.md "Background jobs").
# A refused or failed mail is tried again after each of these delays, then given up.
DELIVERY_RETRY_DELAYS = env_int_list(
    "DELIVERY_RETRY_DELAYS", [60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600]
)
# A sender holds a mail this long; a sender that died lets it go when the lease ends.
DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 120)
# How often the scheduler sweeps for mails due (retries, ones a dead worker left) and for
# tasks a dead worker left running.
DELIVERY_SWEEP_SECONDS = env_int("DELIVERY_SWEEP_SECONDS", 60)
# Mails sent over one SMTP connection.
DELIVERY_BATCH = env_int("DELIVERY_BATCH", 50)
# The hour, in each member's own time zone (UTC without one), at which their daily digest goes
# out (notifications/digest.py); outside 0-23, no digests go out.
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
# Workers and schedulers write a heartbeat this often; one silent for WORKER_STALE_SECONDS is
# dead: the tasks it was running are run again.
HEARTBEAT_SECONDS = env_float("HEARTBEAT_SECONDS", 10)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 60)
SCHEDULER_TICK_SECONDS = env_float("SCHEDULER_TICK_SECONDS", 5)
# /healthz/ready answers 503 past these ages (seconds).
READY_MAX_TASK_WAIT = env_int("READY_MAX_TASK_WAIT", 300)
READY_MAX_HEARTBEAT_AGE = env_int("READY_MAX_HEARTBEAT_AGE", 60)
# Finished task rows are deleted after this many days.
TASK_RESULTS_KEEP_DAYS = env_int("TASK_RESULTS_KEEP_DAYS", 7)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "forum:thread_list"

# django-allauth
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.AddEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_USERNAME_VALIDATORS = "accounts.validators.USERNAME_VALIDATORS"
ACCOUNT_USERNAME_MIN_LENGTH = 3
# Usernames are stored in lower case: one spelling per member page address.
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Only in the browser session that joined (allauth checks), so a leaked link logs no one in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 3
# A mail to the member when their password or e-mail addresses change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
# Counted in the default cache (Redis when REDIS_URL is set, so all app servers share them).
# Written out so an operator sees them; the values are allauth's own defaults, except
# "login_failed": failed log-ins are counted by accounts/adapter.py (the two settings below).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# (failures, seconds): wrong passwords for one account from one address, and from one address
# for any accounts. Counted in Redis, or in the database when Redis is missing or down.
LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = [(5, 300)]
LOGIN_FAILURES_PER_ADDRESS = [(10, 60)]
# Behind N reverse proxies, per-IP limits must read the client's address from X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PM Forum] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"

# --- Two-factor authentication (allauth.mfa; docs/security.md "Two-factor authentication") ---
# An authenticator app (TOTP), recovery codes, and security keys or passkeys (WebAuthn) as a
# second step after the password. Pages under /accounts/2fa/.
MFA_ADAPTER = "accounts.two_factor.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# Our forms count wrong codes with the failed log-ins and refuse a code used twice.
MFA_FORMS = {
    "authenticate": "accounts.two_factor_forms.AuthenticateForm",
    "reauthenticate": "accounts.two_factor_forms.ReauthenticateForm",
    "activate_totp": "accounts.two_factor_forms.ActivateTOTPForm",
}
MFA_TOTP_ISSUER = SITE_NAME
MFA_TOTP_PERIOD = 30
MFA_TOTP_DIGITS = 6
# The code of the step before and after the current one is accepted too (a phone's clock a
# little off); each code still works once.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
# Wrong codes, besides the failed log-in limits above: for one account from any address. A
# code is only asked for after the right password, so a lock-out here means the password is
# known to someone: the member is told to change it.
LOGIN_CODE_FAILURES_PER_ACCOUNT = [(10, 900)]
# Moderators and staff must have an authenticator (an app or a security key) before they use
# the moderation pages, moderator actions or the admin (accounts/two_factor.py).
FORUM_REQUIRE_2FA_FOR_MODERATORS = env_bool("FORUM_REQUIRE_2FA_FOR_MODERATORS", True)
# ---- Sign-in with LinkedIn, Microsoft and Google (allauth.socialaccount) ----
# Each provider is offered when <NAME>_CLIENT_ID and <NAME>_CLIENT_SECRET are set
# (config/social.py); docs/security.md "Sign-in with a provider" explains the choices below.
INSTALLED_APPS += [
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
SOCIALACCOUNT_ADAPTER = "accounts.social.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {
    "signup": "accounts.forms.SocialSignupForm",
    "disconnect": "accounts.forms.DisconnectForm",
}
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # allauth's provider, checking every ID token's signature (accounts/oidc.py).
        "provider_class": "accounts.oidc.OpenIDConnectProvider",
        "APPS": openid_connect_apps(),
    }
}
# The first sign-in always asks for a username (the site's rules), never makes one up.
SOCIALACCOUNT_AUTO_SIGNUP = False
# A provider's word about an address never logs anyone in to an account of this site: an
# existing member connects a provider from Settings after logging in.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
# Starting a sign-in is a POST with CSRF; a link cannot start one.
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_STORE_TOKENS = False
# Seconds a provider's discovery, token, key and userinfo endpoints may take to answer.
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("SOCIALACCOUNT_REQUESTS_TIMEOUT", 5)
# ---- end of provider sign-in ----

# E-mail: files in var/mail by default, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PM Forum <noreply@pmforum.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    # A mail server that stops answering holds a sender this long, then the mail is retried.
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# Translations (README, "Translations"): English (United Kingdom) is the source language; a
# language is added with its catalogue, locale/<code>/LC_MESSAGES/django.po (compiled to .mo),
# and a line here.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", gettext_lazy("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
if len(LANGUAGES) > 1:
    # Picks each request's language (its cookie, else Accept-Language) and adds
    # "Vary: Accept-Language". With one language it would only cost, so it is left out. It
    # comes before the page cache, whose keys (like those of the shared fragments) include the
    # active language.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("config.replica.ReplicaReadsMiddleware"),
        "django.middleware.locale.LocaleMiddleware",
    )
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads (avatars): the local disk under MEDIA_ROOT by default; S3-compatible object storage
# when AWS_STORAGE_BUCKET_NAME is set, so that every app server sees every upload.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
MEDIA_STORAGE_ORIGIN = ""  # where the browser fetches uploads from, when not this site
if AWS_STORAGE_BUCKET_NAME:
    _endpoint = env_url("AWS_S3_ENDPOINT_URL", schemes=WEB_SCHEMES)
    _custom_domain = env_str("AWS_S3_CUSTOM_DOMAIN")
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _endpoint or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": _custom_domain or None,
            "location": env_str("AWS_LOCATION", "media"),
            # Signed, expiring URLs for a private bucket; plain URLs for a public one.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
            "signature_version": env_str("AWS_S3_SIGNATURE_VERSION", "s3v4"),
            "file_overwrite": False,
            "default_acl": None,
            # Names are random and never reused, so browsers may keep a file forever.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if _custom_domain:
        MEDIA_STORAGE_ORIGIN = f"https://{_custom_domain}"
    elif _endpoint:
        _parts = urlsplit(_endpoint)
        MEDIA_STORAGE_ORIGIN = f"{_parts.scheme}://{_parts.netloc}"
    else:
        MEDIA_STORAGE_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "config.static_files.StaticFilesStorage"
    },
}

# Security: production (DEBUG off) is HTTPS unless HTTPS=false for a plain loopback run.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry the token in their hidden field, and a script
# that posts should read it from there (or from a form on the page), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Content Security Policy (django-csp 4): our own scripts, styles and fonts only; no inline
# script or style, no eval, no framing, no plugins, forms post only to this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:", *([MEDIA_STORAGE_ORIGIN] if MEDIA_STORAGE_ORIGIN else [])],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
        "form-action": [CSP_SELF],
        "base-uri": [CSP_NONE],
        "object-src": [CSP_NONE],
    }
}
# Browser features no page of the forum uses (config.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

# Request bodies: form fields (files excluded) up to 1 MB and 200 fields; more is a 400.
# The longest post the forms accept is a small fraction of that.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# One file per request: every form takes one (an avatar, an image for a post).
DATA_UPLOAD_MAX_NUMBER_FILES = 1
# An uploaded file above this is spooled to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest body any page takes: the largest upload (an image in a post, 5 MB:
# forum/images.py) with the form's fields around it. A request that says it is larger gets a
# 413 before any of it is read (config.middleware.RequestBodyLimitMiddleware).
REQUEST_BODY_MAX_BYTES = 5 * 1024 * 1024 + DATA_UPLOAD_MAX_MEMORY_SIZE + 64 * 1024

# Forum behaviour
TAGGIT_CASE_INSENSITIVE = True
FORUM_THREADS_PER_PAGE = 20
FORUM_POSTS_PER_PAGE = 20
FORUM_MEMBERS_PER_PAGE = 20
# (posts, seconds): at most one post every 15 seconds and 30 an hour, per member.
FORUM_POST_RATE_LIMITS = [
    (1, env_int("FORUM_POST_INTERVAL", 15)),
    (env_int("FORUM_POSTS_PER_HOUR", 30), 3600),
]
FORUM_DUPLICATE_WINDOW = 60  # seconds in which the same text from the same member is one post
FORUM_MAX_TAGS = 5
# Days after a question's first reply when its asker is asked, once, what they decided and how
# it went (forum/outcomes.py).
FORUM_OUTCOME_DAYS = env_int("FORUM_OUTCOME_DAYS", 14)

# Search ranks the newest this many matches of a query (search/backends.py, docs/search.md).
SEARCH_RANK_LIMIT = env_int("SEARCH_RANK_LIMIT", 1_000)

# Logs, metrics and error reports (config/logs.py, config/observability.py, docs/deploy.md).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not text or json.")
LOG_CLIENT_IP = env_bool("LOG_CLIENT_IP", False)
LOGGING = logging_config(log_format=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO"))
METRICS_TOKEN = env_str("METRICS_TOKEN")
RELEASE_ID = env_str("RELEASE_ID") or release_from_git(BASE_DIR)
start_error_reporting(
    dsn=env_url("SENTRY_DSN", schemes=WEB_SCHEMES),
    release=RELEASE_ID,
    environment=env_str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
)
