"""The platform's moving parts: database settings, the task worker, production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from maillage.core.tasks import send_email

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_the_database_is_the_one_the_environment_asks_for():
    """DATABASE_URL selects PostgreSQL; without it, SQLite tuned for concurrent use."""
    if os.environ.get("DATABASE_URL"):
        assert connection.vendor == "postgresql"
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
        return
    assert connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_delivers_queued_mail():
    database_backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database_backend):
        result = send_email.enqueue(
            subject="Séance du 17 septembre", body="Ordre du jour", to=["a@example.org"]
        )
        assert mail.outbox == []  # queued in the database, not sent yet
        call_command("db_worker", "--batch", "--no-startup-delay")
        result.refresh()
        assert result.status.name == "SUCCESSFUL"
        assert [m.subject for m in mail.outbox] == ["Séance du 17 septembre"]


def test_production_settings_pass_the_deployment_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "maillage.settings.production",
        "SECRET_KEY": "x" * 20 + "a-long-random-secret-for-the-check-" + "y" * 20,
        "ALLOWED_HOSTS": "maillage.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://maillage.example.org",
        "SITE_URL": "https://maillage.example.org",
        "DATABASE_URL": "postgres://maillage@localhost/maillage",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SECRET_KEY_FILE"}}
    env["DJANGO_SETTINGS_MODULE"] = "maillage.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_env_readers_refuse_malformed_values(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from maillage.settings.env import env, env_bool, env_int

    monkeypatch.setenv("MAILLAGE_X", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="MAILLAGE_X"):
        env_bool("MAILLAGE_X")
    monkeypatch.setenv("MAILLAGE_X", "douze")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("MAILLAGE_X", 1)
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("MAILLAGE_Y_FILE", str(secret))
    assert env("MAILLAGE_Y") == "s3cret"


def _settings_value(module, name, var_dir, **extra):
    """``name`` as ``module`` sets it, in a fresh process without SECRET_KEY."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SECRET_KEY_FILE"}}
    env |= {"DJANGO_SETTINGS_MODULE": module, "MAILLAGE_VAR_DIR": str(var_dir), **extra}
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("module", ["maillage.settings.demo", "maillage.settings.dev"])
def test_demo_and_dev_have_no_known_secret_key(module, tmp_path):
    """No key is written in the code: without SECRET_KEY and without the key `make demo`
    makes in var/, the settings refuse to start and say what to do."""
    result = _settings_value(module, "SECRET_KEY", tmp_path)
    assert result.returncode != 0
    assert "make demo" in result.stderr and "secret_key" in result.stderr


def test_make_demo_makes_a_random_key_once_readable_by_its_owner(tmp_path):
    from maillage.settings import secret

    first, second = tmp_path / "one" / "secret_key", tmp_path / "two" / "secret_key"
    command = [sys.executable, "-m", "maillage.settings.secret"]
    for path in (first, second):
        subprocess.run([*command, str(path)], cwd=ROOT, check=True, capture_output=True)
    key = first.read_text().strip()
    assert len(key) >= 50 and key != second.read_text().strip()
    assert first.stat().st_mode & 0o777 == 0o600
    # Made once: a second run keeps it (sessions and links survive a restart).
    assert not secret.create(first) and first.read_text().strip() == key
    result = _settings_value("maillage.settings.demo", "SECRET_KEY", first.parent)
    assert result.stdout.strip() == key
    # SECRET_KEY in the environment wins.
    result = _settings_value("maillage.settings.demo", "SECRET_KEY", first.parent, SECRET_KEY="k")
    assert result.stdout.strip() == "k"


def test_the_secret_key_file_is_never_committed():
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/secret_key"], cwd=ROOT, check=False)
    assert ignored.returncode == 0


def test_every_environment_variable_is_documented():
    """docs/deployment.md lists every variable the settings read."""
    read = set()
    for module in (ROOT / "maillage" / "settings").glob("*.py"):
        read |= set(
            re.findall(r'env(?:_int|_bool|_list|_required)?\("([A-Z0-9_]+)"', module.read_text())
        )
    documented = (ROOT / "docs" / "deployment.md").read_text()
    assert "LOGIN_FAILURES_PER_IP" in read
    assert sorted(name for name in read if f"`{name}`" not in documented) == []
