"""`manage.py backup` and `manage.py restore` on the demo.

The demo (with a logo uploaded and a private file) is backed up once per module from the
test database, then restored by another process into a fresh database: another SQLite
file, or a new PostgreSQL database when DATABASE_URL is set. That process runs with the
development settings and only MAILLAGE_VAR_DIR / DATABASE_URL pointing at the fresh
database, as an operator would. Then every table's rows are counted there and a public
page is served from it. The refusals follow: a database that holds data, another
engine's backup, a file cut short, a name that is not .tar.gz, a backup that fails.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils.html import escape
from PIL import Image

from maillage.collectives.models import Collective, Membership
from maillage.collectives.services import update_collective
from maillage.core import backup
from maillage.core.private_files import private_storage

from ..factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}
PRIVATE_NAME = "referrals/backup-test.pdf"
PRIVATE_BYTES = b"%PDF-1.4\n% a referral's document\n"


def table_counts():
    """Every installed model's table and its rows, many-to-many links included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.proxy and meta.managed:
            counts[meta.db_table] = model._base_manager.count()
    return counts


def png():
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 60)).save(out, format="PNG")
    return out.getvalue()


@dataclass
class Source:
    file: Path
    output: str
    counts: dict
    slug: str
    name: str
    logo: str
    logo_bytes: bytes
    folder: Path


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """The commands speak the operator's language (LANG): English here, unless a test
    chooses otherwise."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="module")
def source(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, a logo and a private file, backed up once; the database emptied after."""
    folder = tmp_path_factory.mktemp("backup")
    environment = {key: os.environ.get(key) for key in ("LANG", "LANGUAGE", "LC_ALL")}
    os.environ.update(LANG="C.UTF-8", LANGUAGE="", LC_ALL="")
    with (
        override_settings(MEDIA_ROOT=folder / "source" / "media"),
        django_db_blocker.unblock(),
    ):
        try:
            call_command("load_demo", stdout=io.StringIO())
            collective = Collective.objects.public().order_by("pk").first()
            coordinator = Membership.objects.coordinators(collective).first().user
            logo_bytes = png()
            update_collective(
                actor=coordinator, collective=collective, logo=ContentFile(logo_bytes, "logo.png")
            )
            collective.refresh_from_db()
            private_storage().save(PRIVATE_NAME, ContentFile(PRIVATE_BYTES))
            file = folder / "demo.tar.gz"
            out = io.StringIO()
            call_command("backup", str(file), stdout=out)
            yield Source(
                file=file,
                output=out.getvalue(),
                counts=table_counts(),
                slug=collective.slug,
                name=collective.name,
                logo=collective.logo.name,
                logo_bytes=logo_bytes,
                folder=folder,
            )
        finally:
            call_command("flush", interactive=False, verbosity=0)
            ContentType.objects.clear_cache()
            for key, value in environment.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


# --- A fresh database, in another process -------------------------------------------------


@dataclass
class Fresh:
    """A database with no table, reached as an operator would: MAILLAGE_VAR_DIR (SQLite
    and the files) and DATABASE_URL (PostgreSQL)."""

    var_dir: Path
    url: str | None

    def manage(self, *args, extra=None):
        env = {
            key: value
            for key, value in os.environ.items()
            if key
            not in {"DATABASE_URL", "REDIS_URL", "MAILLAGE_FILES_DIR", "DJANGO_SETTINGS_MODULE"}
            and not key.startswith(("PYTEST", "LC_", "LANG"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="maillage.settings.dev",
            SECRET_KEY="a-restored-instance",
            DEBUG="0",
            ALLOWED_HOSTS="testserver",
            MAILLAGE_VAR_DIR=str(self.var_dir),
            LANG="C.UTF-8",
            **(extra or {}),
        )
        if self.url:
            env["DATABASE_URL"] = self.url
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def tables(self):
        result = self.manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.db import connection; print(len(connection.introspection.table_names()))",
        )
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip())


@pytest.fixture(scope="module")
def fresh_databases(django_db_setup, django_db_blocker, tmp_path_factory):
    """Makes fresh databases; PostgreSQL's are dropped at the end."""
    made = []

    def make(name):
        var_dir = tmp_path_factory.mktemp(name)
        if connection.vendor != "postgresql":
            return Fresh(var_dir=var_dir, url=None)
        settings_dict = connection.settings_dict
        database = f"{settings_dict['NAME']}_{name}"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{database}"')
        made.append(database)
        credentials = settings_dict["USER"] + (
            f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        )
        host = f"{settings_dict['HOST'] or 'localhost'}:{settings_dict['PORT'] or 5432}"
        return Fresh(var_dir=var_dir, url=f"postgres://{credentials}@{host}/{database}")

    yield make
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for database in made:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# What the restored database holds and serves, read by the restored instance itself.
READ_BACK = """
import hashlib, json, os
from django.apps import apps
from django.conf import settings
from django.test import Client
from maillage.core.private_files import private_storage

counts = {}
for model in apps.get_models(include_auto_created=True):
    meta = model._meta
    if not meta.proxy and meta.managed:
        counts[meta.db_table] = model._base_manager.count()
page = Client().get("/collectifs/%s/" % os.environ["CHECK_SLUG"])
logo = os.path.join(settings.MEDIA_ROOT, os.environ["CHECK_LOGO"])
with private_storage().open(os.environ["CHECK_PRIVATE"]) as fh:
    private = fh.read().decode()
print(json.dumps({
    "counts": counts,
    "status": page.status_code,
    "page": page.content.decode(),
    "logo": hashlib.sha256(open(logo, "rb").read()).hexdigest(),
    "private": private,
    "media_root": str(settings.MEDIA_ROOT),
}))
"""


def read_back(fresh, source):
    result = fresh.manage(
        "shell",
        "--no-imports",
        "-c",
        READ_BACK,
        extra={"CHECK_SLUG": source.slug, "CHECK_LOGO": source.logo, "CHECK_PRIVATE": PRIVATE_NAME},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def restored(source, fresh_databases):
    fresh = fresh_databases("restored")
    result = fresh.manage("restore", str(source.file))
    return fresh, result


def test_the_backup_says_what_it_wrote(source):
    engine = backup.ENGINE_NAMES[connection.vendor]
    rows = sum(source.counts.values())
    assert f"a {engine} database ({len(source.counts)} tables, {rows} rows)" in source.output
    assert "uploaded files: 2 (" in source.output
    assert source.file.stat().st_mode & 0o777 == 0o600  # it holds personal data
    with tarfile.open(source.file) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
    assert names[:2] == ["manifest.json", backup.DATABASE_MEMBER[connection.vendor]]
    assert f"files/media/{source.logo}" in names and f"files/private/{PRIVATE_NAME}" in names
    assert manifest["engine"] == connection.vendor and manifest["counts"] == source.counts
    assert manifest["migrations"]["collectives"].startswith("00")
    assert manifest["maillage_version"] and manifest["created_at"]


def test_the_demo_restored_into_a_fresh_database_holds_every_row_and_serves_its_pages(
    source, restored
):
    fresh, result = restored
    assert result.returncode == 0, result.stderr
    assert f"{len(source.counts)} tables, {sum(source.counts.values())} rows" in result.stdout
    assert "Files put back: 1 in media/, 1 in private/." in result.stdout
    assert "differs" not in result.stdout

    found = read_back(fresh, source)
    assert found["counts"] == source.counts
    assert sum(found["counts"].values()) > 1000
    # A public page of the demo, served from the restored database, with its logo.
    assert found["status"] == 200
    assert escape(source.name) in found["page"]
    assert f"/media/{source.logo}" in found["page"]
    assert found["media_root"] == str(fresh.var_dir / "media")
    assert found["logo"] == hashlib.sha256(source.logo_bytes).hexdigest()
    assert found["private"] == PRIVATE_BYTES.decode()


def test_restoring_again_into_the_restored_database_is_refused_unless_forced(source, restored):
    fresh, first = restored
    assert first.returncode == 0, first.stderr

    again = fresh.manage("restore", str(source.file))
    assert again.returncode != 0
    assert "The database is not empty; tables that hold rows:" in again.stderr
    assert "--force" in again.stderr
    assert "accounts_user" in again.stderr

    # The restore counts every table again and fails on any difference with the manifest,
    # whose counts are the source's (test_the_backup_says_what_it_wrote).
    forced = fresh.manage("restore", "--force", str(source.file))
    assert forced.returncode == 0, forced.stderr
    assert f"{len(source.counts)} tables, {sum(source.counts.values())} rows" in forced.stdout


def test_a_file_cut_short_is_refused_before_anything_is_restored(source, fresh_databases):
    cut = source.folder / "cut.tar.gz"
    data = source.file.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    fresh = fresh_databases("cut")

    result = fresh.manage("restore", str(cut))

    assert result.returncode != 0
    assert "cannot be read to its end" in result.stderr
    assert "not a complete backup" in result.stderr
    assert fresh.tables() == 0
    assert not (fresh.var_dir / "media").exists()


# --- In this process: --check, and the refusals that change nothing --------------------------


def test_check_lists_what_the_file_holds(source):
    out = io.StringIO()
    call_command("restore", str(source.file), "--check", stdout=out)
    text = out.getvalue()
    engine = backup.ENGINE_NAMES[connection.vendor]
    assert "a complete Maillage backup (format 1)" in text
    assert f"from a {engine} database by Maillage" in text
    assert "  collectives: 00" in text
    rows = sum(source.counts.values())
    assert f"Rows per table ({len(source.counts)} tables, {rows} rows):" in text
    count = source.counts["collectives_collective"]
    assert any(line.split() == ["collectives_collective", str(count)] for line in text.splitlines())
    assert "Files in media/: 1" in text and "Files in private/: 1" in text


def test_check_refuses_a_file_cut_short(source, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    data = source.file.read_bytes()
    cut.write_bytes(data[: len(data) - 100])
    with pytest.raises(CommandError, match="cannot be read to its end"):
        call_command("restore", str(cut), "--check", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_restoring_into_a_database_that_holds_data_is_refused_and_changes_nothing(source, settings):
    UserFactory()
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(source.file), stdout=io.StringIO())

    assert "The database is not empty" in str(refused.value)
    assert "give --force to delete everything it holds first" in str(refused.value)
    assert table_counts() == before
    assert not Path(settings.MEDIA_ROOT).exists()


def _as_other_engine(source, target):
    """The same backup, its manifest saying it was made from the other engine."""
    other = OTHER_ENGINE[connection.vendor]
    with tarfile.open(source.file) as archive, tarfile.open(target, "w:gz") as copy:
        for member in archive:
            data = archive.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["engine"] = other
                manifest["database"]["member"] = backup.DATABASE_MEMBER[other]
                data = json.dumps(manifest).encode()
                member.size = len(data)
            elif member.name == backup.DATABASE_MEMBER[connection.vendor]:
                member.name = backup.DATABASE_MEMBER[other]
            copy.addfile(member, io.BytesIO(data) if data is not None else None)
    return other


@pytest.mark.django_db(transaction=True)
def test_another_engines_backup_is_refused_and_says_why(source, tmp_path):
    before = table_counts()
    other = _as_other_engine(source, tmp_path / "other.tar.gz")

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "other.tar.gz"), "--force", stdout=io.StringIO())

    message = str(refused.value)
    assert f"a backup of a {backup.ENGINE_NAMES[other]} database" in message
    assert f"this one is {backup.ENGINE_NAMES[connection.vendor]}" in message
    assert "dumpdata and loaddata" in message
    assert table_counts() == before


def test_a_backup_is_a_tar_gz(tmp_path):
    with pytest.raises(CommandError, match=r"must end with \.tar\.gz"):
        call_command("backup", str(tmp_path / "maillage.zip"), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_messages_speak_the_operators_language(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "fr_CH.UTF-8")
    with pytest.raises(CommandError, match=r"doit se terminer par \.tar\.gz"):
        call_command("backup", str(tmp_path / "maillage.zip"), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_backup_that_fails_leaves_no_file(source, tmp_path, monkeypatch):
    def disk_full(archive):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_add_files", disk_full)
    target = tmp_path / "maillage.tar.gz"

    with pytest.raises(CommandError, match="No space left on device"):
        call_command("backup", str(target), stdout=io.StringIO())

    assert list(tmp_path.iterdir()) == []
