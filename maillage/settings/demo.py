"""`make demo`: like production but on this machine, with e-mails printed on the console."""

from . import secret
from .base import *  # noqa: F403
from .env import env, env_bool

SECRET_KEY = secret.read(VAR_DIR)  # noqa: F405
# The demo data and its `load_demo` command (production does not install it).
INSTALLED_APPS = [*INSTALLED_APPS, "maillage.demo"]  # noqa: F405

DEBUG = False
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
