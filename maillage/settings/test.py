"""Settings for the test suite (pytest). DATABASE_URL selects PostgreSQL as in production."""

import os
import sys
import tempfile
from urllib.parse import urlsplit

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


class UndefinedVariable(str):
    """What a template shows for a variable it cannot resolve, in the tests only.

    It shows ``INVALID_TEMPLATE_VARIABLE<name>`` and writes down the template, the line
    and the variable in ``found``; tests/conftest.py fails the test that rendered it.
    Django does not use it where it treats a missing variable as None on purpose
    (``{% if %}``, ``{% for %}``, ``{% regroup %}`` and the filters inside them), so
    ``{% if collective.logo %}`` on an object without one is no finding.
    """

    found = []  # shared by every copy (override_settings may copy TEMPLATES)

    def __new__(cls, value="INVALID_TEMPLATE_VARIABLE<%s>"):
        return super().__new__(cls, value)

    def __mod__(self, variable):
        # A name that does not resolve: {{ name }}, {% url … name %}, {% blocktranslate %}.
        self.found.append(f"{_rendering()}: {variable}")
        return super().__mod__(variable)

    def __str__(self):
        # Shown as it is: a related object that does not exist, or a method that
        # needs arguments (Django returns string_if_invalid without a name).
        self.found.append(f"{_rendering()}: a value that could not be read")
        return super().__str__()


def _rendering():
    """The template and line being rendered, from the template node on the stack."""
    from django.template.base import Node

    frame = sys._getframe(2)
    while frame is not None:
        node = frame.f_locals.get("self")
        if isinstance(node, Node) and getattr(node, "token", None) is not None:
            origin = getattr(node, "origin", None)
            name = getattr(origin, "template_name", None) or getattr(origin, "name", "?")
            return f"{name}, line {node.token.lineno}"
        frame = frame.f_back
    return "a template"


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UndefinedVariable()  # noqa: F405
ALLOWED_HOSTS = ["*"]
if REDIS_URL:  # noqa: F405
    # The caches on a real Redis server (CI's PostgreSQL pass, as in production): each
    # pytest-xdist worker has a database of its own (gw0 → 1, gw1 → 2…), emptied before
    # each test (tests/conftest.py), so that workers never read each other's keys.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    _database = 1 + int(_worker.removeprefix("gw") or 0) % 15
    _location = urlsplit(REDIS_URL)._replace(path=f"/{_database}").geturl()  # noqa: F405
    for _cache in CACHES.values():  # noqa: F405
        _cache["LOCATION"] = _location
else:
    # Documents are kept in memory, emptied before each test (tests/conftest.py).
    CACHES = {
        **CACHES,  # noqa: F405
        "documents": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "documents",
        },
    }
