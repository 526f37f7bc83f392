"""Settings shared by every environment. Values that differ come from the environment."""

import ipaddress
import socket
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from pythonjsonlogger.core import RESERVED_ATTRS

from .env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APP_DIR = BASE_DIR / "maillage"
VAR_DIR = Path(env("MAILLAGE_VAR_DIR", str(BASE_DIR / "var")))

# No default: production requires SECRET_KEY; the demo and development settings read
# the random key `make demo` keeps in var/ (settings/secret.py).
SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Components of the design system (templates/cotton/): <c-card>, <c-page-header>…
    "django_cotton.apps.SimpleAppConfig",
    # The open API (/api/v1/): Django REST Framework, its OpenAPI schema, its filters.
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Prometheus' counters of requests, latencies and statuses (maillage/core/metrics.py).
    "django_prometheus",
    "maillage.core",
    "maillage.accounts",
    "maillage.audit",
    "maillage.collectives",
    "maillage.governance",
    "maillage.consultations",
    "maillage.meetings",
    "maillage.actions",
    "maillage.projects",
    "maillage.events",
    "maillage.premises",
    "maillage.orientation",
    "maillage.employment",
    "maillage.employers",
    "maillage.fund",
    "maillage.trace",
    # The home page and the dashboard, which read the apps above.
    "maillage.home",
    # Read every app above: the open API, the open-data files, each person's data.
    "maillage.api",
    "maillage.opendata",
    "maillage.privacy",
]

MIDDLEWARE = [
    # First: every line logged while the request runs carries its id, the response
    # sends it back, and one line per request is logged (maillage/core/requests.py).
    "maillage.core.requests.RequestIdMiddleware",
    # Prometheus' counters around everything else (first and last but the request id).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: every response gets both headers, static files,
    # error pages, feeds and documents included (docs/deployment.md).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maillage.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [APP_DIR / "templates"],
        "OPTIONS": {
            # django-cotton compiles its component tags first; Django's cached loader keeps
            # each compiled template, as it does by default.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django_cotton.cotton_loader.Loader",
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "builtins": ["django_cotton.templatetags.cotton", "maillage.core.templatetags.ui"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: embedded SQLite by default, configured for concurrent web use;
# DATABASE_URL (postgres://…) selects PostgreSQL for production.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "maillage.sqlite3",
            # Keep each thread's connection between requests: opening one and running
            # the PRAGMAs below costs more than a whole poll of the wall.
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # Writers take the lock at BEGIN instead of failing mid-transaction
                # with "database is locked" when two requests write at once.
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("SQLITE_BUSY_TIMEOUT_S", 20),
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Failed logins: after AXES_FAILURE_LIMIT failures for one address from one
# IP, that pair is locked out for the cool-off period; after LOGIN_FAILURES_PER_IP
# failures from one IP, whatever the accounts, that IP is (accounts/lockout.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "maillage.accounts.lockout.LockoutHandler"
LOGIN_FAILURES_PER_IP = max(1, env_int("LOGIN_FAILURES_PER_IP", 30))
# The login form's field is "username" (holding the e-mail address), whatever USERNAME_FIELD is.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "maillage.accounts.services.lockout_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies, the client's address is read from X-Forwarded-For
# (maillage.core.requests.client_ip); TRUSTED_PROXY_COUNT says how many.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "maillage.accounts.services.network_address"
AXES_VERBOSE = False

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [APP_DIR / "locale"]
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [APP_DIR / "static"]
MEDIA_URL = "/media/"
# Uploaded files: public ones (logos) in media/, private ones (CVs, referrals' documents,
# core/private_files.py) in private/ beside it. With several application servers every
# node mounts the same folder as MAILLAGE_FILES_DIR (docs/deployment.md, "Several machines").
FILES_DIR = Path(env("MAILLAGE_FILES_DIR", str(VAR_DIR)))
MEDIA_ROOT = FILES_DIR / "media"
# Uploaded files (logos) are served by Django only where no proxy does it (the demo).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Caches. "default": the live wall's rendered fragments and anything kept a few seconds.
# "documents": the generated documents (reports, minutes, board exports) kept until their
# content changes (maillage.core.downloads). On one machine they live in this process
# and in files every process of the server shares (the folder is made when the cache is
# first used, never at import). With REDIS_URL (several application servers,
# docs/deployment.md) both live in Redis, which every node reaches: one rendering of
# the wall serves the participants of every node, and a document built on one node is
# served by the others.
REDIS_URL = env("REDIS_URL")
DOCUMENTS_CACHE_SECONDS = env_int("DOCUMENTS_CACHE_SECONDS", 60 * 60 * 24 * 7)
REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "maillage",
            # A Redis that stops answering must not hold requests (nor /readyz) for long.
            "OPTIONS": REDIS_OPTIONS,
        },
        "documents": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "maillage-documents",
            "TIMEOUT": DOCUMENTS_CACHE_SECONDS,
            "OPTIONS": REDIS_OPTIONS,
        },
    }
    # Sessions stay in the database (nothing is lost with Redis) and are read from
    # Redis: a logged-in request costs no session query.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "documents": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache" / "documents",
            "TIMEOUT": DOCUMENTS_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": env_int("DOCUMENTS_CACHE_ENTRIES", 2000)},
        },
    }

# Background work through the Tasks API; the worker is `manage.py task_worker` (core.worker).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Maillage <noreply@maillage.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Absolute links in e-mails (invitations, password reset) start with this.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# How long an invitation link stays valid.
INVITATION_MAX_AGE = timedelta(days=env_int("INVITATION_MAX_AGE_DAYS", 14))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): our own files only. No inline script, no
# eval (htmx is configured without it in base.html), no inline style; images from
# here or data: URLs (the empty favicon). Pages may not be framed, forms post here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): no page needs any of these.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Logs on the standard error, one line per record. LOG_FORMAT=json (production, the
# cluster) writes each record as one JSON object: time, level, logger, message,
# request_id and the record's other fields (a request's method, path, status…);
# text (the default) is for a person reading a terminal. Every record carries the id of
# the request or task it was written for (maillage/core/requests.py).
LOG_FORMAT = (env("LOG_FORMAT") or "text").lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use text or json.")
# This node's name in the request lines: set by the deployment, else the host's name.
NODE_NAME = env("NODE_NAME") or socket.gethostname()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "maillage.core.requests.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message", "request_id"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
            # Django's request records carry the request object itself, whose text
            # holds the query string (which may carry codes): never written.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django's warning for each 4xx response repeats what the request's line says,
        # with the path as it came (a personal link's key included): errors only.
        "django.request": {"level": "ERROR"},
    },
}

# Who may read /metrics (maillage/core/metrics.py): clients from these addresses or
# networks, and anyone carrying "Authorization: Bearer <METRICS_TOKEN>" when it is set.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
for _allowed in METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_allowed, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_IPS: {_allowed!r} is not an address or a network."
        ) from None
METRICS_TOKEN = env("METRICS_TOKEN", "")
# The probes and the metrics answer over plain HTTP too: the proxy's health checks and
# the monitoring server reach the nodes directly (production's SECURE_SSL_REDIRECT).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# Public events: registrations an hour from one e-mail address and from one network
# address (over every event); the reminder's lead time; days after an event ends
# before registrants' names, addresses and answers are erased (counts are kept).
EVENTS_RATE_PER_ADDRESS = env_int("EVENTS_RATE_PER_ADDRESS", 5)
EVENTS_RATE_PER_IP = env_int("EVENTS_RATE_PER_IP", 20)
EVENTS_REMINDER_HOURS = env_int("EVENTS_REMINDER_HOURS", 24)
EVENTS_ERASE_AFTER_DAYS = env_int("EVENTS_ERASE_AFTER_DAYS", 90)

# Shared premises, requests from people without an account: requests an hour from one
# e-mail address and from one network address; days after the date asked before the
# requester's name, e-mail address and phone are erased (the booking row is kept).
PREMISES_REQUESTS_PER_ADDRESS = max(1, env_int("PREMISES_REQUESTS_PER_ADDRESS", 5))
PREMISES_REQUESTS_PER_IP = max(1, env_int("PREMISES_REQUESTS_PER_IP", 20))
PREMISES_REQUESTS_ERASE_AFTER_DAYS = max(0, env_int("PREMISES_REQUESTS_ERASE_AFTER_DAYS", 30))

# Orientation, referrals: the largest document attached to a referral (bytes); days
# after a referral is decided or cancelled before the person's data and document are
# erased (the counts stay); days after which a referral still unanswered counts as late.
ORIENTATION_REFERRAL_MAX_BYTES = max(1, env_int("ORIENTATION_REFERRAL_MAX_BYTES", 5 * 1024 * 1024))
ORIENTATION_REFERRAL_RETENTION_DAYS = max(0, env_int("ORIENTATION_REFERRAL_RETENTION_DAYS", 90))
# Days a referral may wait for an answer before the person's data is erased too.
ORIENTATION_REFERRAL_UNANSWERED_DAYS = max(1, env_int("ORIENTATION_REFERRAL_UNANSWERED_DAYS", 180))
ORIENTATION_REFERRAL_PENDING_DAYS = max(1, env_int("ORIENTATION_REFERRAL_PENDING_DAYS", 14))
# Orientation catalogue: days after which an offer not checked is stale (marked, and its
# structure reminded once per such period).
ORIENTATION_STALE_DAYS = max(1, env_int("ORIENTATION_STALE_DAYS", 180))
# Orientation's public questionnaire: days a hand-over code (the answers a person hands
# to a social worker) is kept before it is erased; e-mails of a result an hour from one
# network address.
ORIENTATION_HANDOVER_DAYS = max(1, env_int("ORIENTATION_HANDOVER_DAYS", 30))
ORIENTATION_RESULT_EMAILS_PER_IP = max(1, env_int("ORIENTATION_RESULT_EMAILS_PER_IP", 10))

# Employment, job cafés: the largest CV (a PDF) a job seeker may give, in bytes; days
# without activity after which a job seeker's data is erased (unless they asked to stay).
EMPLOYMENT_CV_MAX_BYTES = max(1, env_int("EMPLOYMENT_CV_MAX_BYTES", 2 * 1024 * 1024))
EMPLOYMENT_SEEKER_RETENTION_DAYS = max(1, env_int("EMPLOYMENT_SEEKER_RETENTION_DAYS", 365))

# Rate limits (core/limits.py). Password reset: e-mails an hour to one address, and
# requests an hour from one network address (the page answers the same either way).
PASSWORD_RESET_PER_ADDRESS = max(1, env_int("PASSWORD_RESET_PER_ADDRESS", 3))
PASSWORD_RESET_PER_IP = max(1, env_int("PASSWORD_RESET_PER_IP", 20))
# Joining a workshop with a code: after JOIN_CODE_FAILURES_PER_IP wrong codes from one
# network address, every code from it is refused until the end of the window.
JOIN_CODE_FAILURES_PER_IP = max(1, env_int("JOIN_CODE_FAILURES_PER_IP", 50))
JOIN_CODE_WINDOW_MINUTES = max(1, env_int("JOIN_CODE_WINDOW_MINUTES", 10))
# Participants without an account (counted from their rows): joins of one consultation
# an hour from one network address and in all from one device; participants voting in
# one round from one network address and from one device. A workshop room often
# shares one address (venue Wi-Fi), so the per-address limits are generous.
CONSULTATIONS_JOINS_PER_IP = max(1, env_int("CONSULTATIONS_JOINS_PER_IP", 200))
CONSULTATIONS_JOINS_PER_DEVICE = max(1, env_int("CONSULTATIONS_JOINS_PER_DEVICE", 3))
CONSULTATIONS_VOTERS_PER_IP = max(1, env_int("CONSULTATIONS_VOTERS_PER_IP", 200))
CONSULTATIONS_VOTERS_PER_DEVICE = max(1, env_int("CONSULTATIONS_VOTERS_PER_DEVICE", 3))

# Finished background tasks (e-mails among them, with their recipients) are deleted
# this many days after they finished.
TASK_RESULTS_KEEP_DAYS = env_int("TASK_RESULTS_KEEP_DAYS", 7)

# A worker holds a lease on the task it runs, renewed every third of this many seconds;
# a task whose lease has expired (its worker's node lost) is run again by another
# worker. At least 5 seconds, so that a busy database does not cost a renewal.
TASK_LEASE_SECONDS = max(5, env_int("TASK_LEASE_SECONDS", 60))

# The open API (maillage/api, docs/api.md): personal tokens only (no session, so no CSRF
# question), JSON only, pages of API_PAGE_SIZE rows (at most API_MAX_PAGE_SIZE).
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["maillage.api.tokens.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["maillage.api.permissions.TokenScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "maillage.api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": [
        "maillage.api.filters.Backend",
        "maillage.api.filters.Ordering",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "maillage.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_VERSIONING_CLASS": None,
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Maillage API",
    "DESCRIPTION": (
        "The open API of Maillage: collectives, meetings, decisions, actions, projects, "
        "events, consultations' results, premises, catalogue. Authenticate with a personal "
        "token (Authorization: Bearer mlg_…); without one, only public content is read."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choices that share a field name across apps ("kind", "status") get their own names.
    "ENUM_NAME_OVERRIDES": {
        "TextKindEnum": "maillage.governance.models.TextKind",
        "MeetingKindEnum": "maillage.meetings.models.MeetingKind",
        "MeetingStatusEnum": "maillage.meetings.models.MeetingStatus",
        "DecisionStatusEnum": "maillage.meetings.models.DecisionStatus",
        "ActionStatusEnum": "maillage.actions.models.ActionStatus",
        "OwnerKindEnum": "maillage.api.actions.OWNER_KINDS",
        "OrganisationKindEnum": "maillage.collectives.models.OrganisationKind",
        "SpaceKindEnum": "maillage.premises.models.SpaceKind",
        "HalfDayEnum": "maillage.premises.models.Slot",
        "ProjectStatusEnum": "maillage.projects.models.ProjectStatus",
        "WorkStreamStatusEnum": "maillage.projects.models.WorkStreamStatus",
        "NeedKindEnum": "maillage.projects.models.NeedKind",
        "ProjectLinkKindEnum": "maillage.projects.models.LinkKind",
        "EventStatusEnum": "maillage.events.models.EventStatus",
        "EventKindEnum": "maillage.events.models.EventKind",
        "EventLanguageEnum": "maillage.events.models.EventLanguage",
        "EventQuestionKindEnum": "maillage.events.models.QuestionKind",
        "RegistrationStatusEnum": "maillage.events.models.RegistrationStatus",
        "SiteLanguageEnum": "maillage.settings.base.LANGUAGES",
        "ConsultationStatusEnum": "maillage.consultations.models.ConsultationStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "maillage.api.schema.add_error_responses",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}
# A token's last use is written at most once in this many seconds.
API_TOKEN_TOUCH_SECONDS = 60

# Each person's data (maillage/privacy): the download of "my data" is kept this many
# days; the open-data files (maillage/opendata) are rebuilt at most once in this many
# minutes by the periodic job.
PRIVACY_EXPORT_DAYS = 7
OPENDATA_REBUILD_MINUTES = env_int("OPENDATA_REBUILD_MINUTES", 60 * 24)
