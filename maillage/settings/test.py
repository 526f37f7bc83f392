"""Settings for the test suite (pytest). DATABASE_URL selects PostgreSQL as in production."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
# The demo data and its `load_demo` command (production does not install it).
INSTALLED_APPS = [*INSTALLED_APPS, "maillage.demo"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
if not DATABASE_URL:  # noqa: F405
    # A file (not :memory:) so that browser tests, whose server runs in another
    # thread, share the database; pytest-django names it test_<NAME>.
    DATABASES["default"]["NAME"] = os.path.join(  # noqa: F405
        tempfile.gettempdir(), f"maillage-test-{os.getpid()}.sqlite3"
    )
    DATABASES["default"]["TEST"] = {"NAME": DATABASES["default"]["NAME"]}  # noqa: F405
# Tasks run at once, inside the request, unless a test chooses the database
# backend and runs the real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID_TEMPLATE_VARIABLE<%s>"  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Documents are kept in memory, emptied before each test (tests/conftest.py).
CACHES = {
    **CACHES,  # noqa: F405
    "documents": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "documents",
    },
}
