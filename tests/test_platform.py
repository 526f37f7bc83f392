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
