"""Local development (`manage.py runserver`): DEBUG on, e-mails printed on the console."""

from . import secret
from .base import *  # noqa: F403
from .env import env, env_bool

SECRET_KEY = secret.read(VAR_DIR)  # noqa: F405
# The demo data and its `load_demo` command (production does not install it).
INSTALLED_APPS = [*INSTALLED_APPS, "maillage.demo"]  # noqa: F405

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
