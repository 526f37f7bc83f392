"""The secret key of an installation that has no SECRET_KEY in its environment: the
demo and development settings read it from ``$MAILLAGE_VAR_DIR/secret_key``.

`make demo` creates that file once (``python -m maillage.settings.secret var/secret_key``):
a random key, readable by its owner only, never committed (var/ is ignored by git) and
never replaced, so sessions and invitation links survive a restart. Production reads
SECRET_KEY (or SECRET_KEY_FILE) and nothing else.
"""

import os
import secrets
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .env import env

FILE_NAME = "secret_key"


def create(path):
    """Write a new random key to ``path`` unless it exists. Returns whether it wrote."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="ascii") as fh:
        fh.write(secrets.token_urlsafe(50) + "\n")
    return True


def read(var_dir):
    """SECRET_KEY from the environment, else the key kept in ``var_dir``."""
    value = env("SECRET_KEY")
    if value:
        return value
    path = Path(var_dir) / FILE_NAME
    try:
        value = path.read_text(encoding="ascii").strip()
    except OSError:
        value = ""
    if not value:
        raise ImproperlyConfigured(
            f"No secret key: set SECRET_KEY, or create {path} with "
            f"`python -m maillage.settings.secret {path}` (`make demo` does it)."
        )
    return value


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "var/secret_key"
    print(f"{target}: {'created' if create(target) else 'kept'}")
