"""Backups that restore: the database and the uploaded files in one ``.tar.gz``.

A backup holds, in this order:

- ``manifest.json``: the format, the engine, when, Maillage's version, the last applied
  migration of each app, the row count of every table of every installed model, the
  database member's SHA-256, whether the files are in;
- ``database.sqlite3`` (SQLite: an online copy made with SQLite's backup API, which
  is consistent while the server keeps writing, WAL included) or ``database.pgdump``
  (PostgreSQL: ``pg_dump --format=custom``, backup_postgresql.py);
- ``files/media/…`` and ``files/private/…``: the uploaded files (MEDIA_ROOT, and
  ``private/`` beside it, core/private_files.py), unless made without them.

The counts are those of the copy itself: SQLite's are read from the copy, PostgreSQL's
in the transaction whose snapshot ``pg_dump --snapshot`` dumps. A restore reads the
manifest first (another engine's backup, or a database that holds data, is refused
before anything is written), the whole file next (a file cut short is refused), then
puts the database and the files back and counts the rows again: a table whose count
differs fails the restore. The archive is written to a temporary file in the target's
folder and renamed at the end, so a failed backup never leaves a half file under the
final name.

A backup restores into the same engine only: moving between SQLite and PostgreSQL goes
through ``dumpdata``/``loaddata`` (docs/deployment.md).
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
FILES = "files"
# Tables `migrate` fills in a new database: a database whose only rows are there was
# made by `migrate` and never used, and counts as empty.
MIGRATE_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restore refused or failed, with a translated message."""


@dataclass
class Contents:
    """What a backup file holds, read from its manifest and checked against its members."""

    manifest: dict
    database_member: str
    files: list = field(default_factory=list)

    @property
    def engine(self):
        return self.manifest["engine"]

    @property
    def counts(self):
        return self.manifest["counts"]


# --- Where the files are --------------------------------------------------------------


def file_roots():
    """The folders a backup holds, by their name in the archive."""
    media = Path(settings.MEDIA_ROOT)
    return {"media": media, "private": media.parent / "private"}


def operator_language():
    """The language of the person at the terminal, from the environment as gettext
    reads it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: fr_CH.UTF-8 gives French), English
    when it names none of the site's languages (C, POSIX: cron, containers)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(":")[0].split(".")[0].split("_")[0].lower()
            return code if code in dict(settings.LANGUAGES) else "en"
    return "en"


def check_name(path):
    path = Path(path)
    if not path.name.endswith(SUFFIX) or path.name == SUFFIX:
        raise BackupError(
            _("%(name)s: a backup's name must end with %(suffix)s (it is a compressed tar file).")
            % {"name": path, "suffix": SUFFIX}
        )
    return path


def engine_of(connection):
    if connection.vendor not in DATABASE_MEMBER:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL; this database is %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def model_tables(alias=DEFAULT_DB_ALIAS):
    """The table of every installed model (many-to-many links included), once each."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or not router.allow_migrate_model(alias, model):
            continue
        tables.add(meta.db_table)
    return sorted(tables)


def _version():
    try:
        return metadata.version("maillage")
    except metadata.PackageNotFoundError:
        return "unknown"


def count_rows(cursor, quote, tables, existing):
    counts = {}
    for table in tables:
        if table in existing:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - a quoted model table
            counts[table] = cursor.fetchone()[0]
    return counts


def last_migrations(cursor):
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return dict(cursor.fetchall())


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Backup ---------------------------------------------------------------------------


def backup(path, *, with_files=True, alias=DEFAULT_DB_ALIAS):
    """Write a backup of the database (and the uploaded files) to ``path``; return what
    it holds. ``path`` must end with .tar.gz, may not exist yet, and its folder must."""
    path = check_name(path)
    if path.exists():
        raise BackupError(
            _("%(name)s already exists: a backup never replaces a file, give another name.")
            % {"name": path}
        )
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    connection = connections[alias]
    engine = engine_of(connection)
    try:
        return _write(path, connection, engine, with_files)
    except OSError as exc:
        raise BackupError(_("The backup could not be written: %(error)s") % {"error": exc}) from exc


def _write(path, connection, engine, with_files):
    from . import backup_postgresql as postgresql

    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".maillage-backup-") as work:
        database = Path(work) / DATABASE_MEMBER[engine]
        if engine == "sqlite":
            migrations, counts = _copy_sqlite(connection, database)
        else:
            migrations, counts = postgresql.dump(connection, database)
        manifest = {
            "format": FORMAT_VERSION,
            "engine": engine,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "maillage_version": _version(),
            "migrations": migrations,
            "counts": counts,
            "database": {
                "member": database.name,
                "bytes": database.stat().st_size,
                "sha256": _sha256(database),
            },
            "files": with_files,
        }
        partial = Path(work) / "backup.partial"
        # It holds personal data: readable by its owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
                _add_manifest(archive, manifest)
                archive.add(database, arcname=database.name)
                files = _add_files(archive) if with_files else []
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the new name survives a crash too
    finally:
        os.close(folder)
    return Contents(manifest=manifest, database_member=database.name, files=files)


def _add_manifest(archive, manifest):
    body = json.dumps(manifest, indent=2, sort_keys=True).encode()
    info = tarfile.TarInfo(MANIFEST)
    info.size, info.mtime, info.mode = len(body), int(datetime.now(UTC).timestamp()), 0o600
    archive.addfile(info, io.BytesIO(body))


def _copy_sqlite(connection, target):
    """SQLite's online backup into ``target``, then the migrations and counts read from
    the copy (what the file holds, whatever the server wrote since)."""
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot run inside a transaction."))
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # The copy stands alone: no -wal file beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        existing = {row[0] for row in cursor.fetchall()}
        quote = connection.ops.quote_name
        counts = count_rows(cursor, quote, model_tables(connection.alias), existing)
        migrations = last_migrations(cursor) if "django_migrations" in existing else {}
    finally:
        copy.close()
    return migrations, counts


def _add_files(archive):
    """Every regular file under the roots, as files/<root>/<path>; returns their
    (member, size). A file removed meanwhile (an erasure) is left out."""
    added = []
    for name, root in file_roots().items():
        if root.is_dir():
            for folder, _folders, names in os.walk(root):
                for file_name in sorted(names):
                    source = Path(folder) / file_name
                    if source.is_symlink() or not source.is_file():
                        continue
                    member = PurePosixPath(FILES, name, source.relative_to(root).as_posix())
                    try:
                        info = archive.gettarinfo(source, arcname=str(member))
                        with open(source, "rb") as fh:
                            archive.addfile(info, fh)
                    except FileNotFoundError:
                        continue
                    added.append((str(member), info.size))
    return added


# --- Reading a backup -------------------------------------------------------------------


def read(path, *, extract_to=None, before_extracting=None):
    """What the backup at ``path`` holds, every member read to its end (a file cut short
    is refused) and the database member checked against its SHA-256.

    The manifest is the first member: ``before_extracting(contents)`` runs as soon as it
    is read, before anything is written. With ``extract_to``, the database is written
    there under its member's name and the files under files/.
    """
    path = check_name(path)
    if not path.is_file():
        raise BackupError(_("%(name)s does not exist.") % {"name": path})
    contents, digest = None, None
    try:
        with tarfile.open(path, "r|gz") as archive:
            for member in archive:
                name = _safe_name(path, member)
                if member.isdir():
                    continue
                source = archive.extractfile(member)
                if contents is None:
                    contents = _manifest(path, name, source)
                    if before_extracting:
                        before_extracting(contents)
                elif name == contents.database_member:
                    digest = _copy(source, extract_to and Path(extract_to) / name)
                elif name.startswith(FILES + "/"):
                    contents.files.append((name, member.size))
                    _copy(source, extract_to and Path(extract_to) / name)
                else:
                    raise BackupError(_not_a_backup(path))
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(
            _(
                "%(name)s cannot be read to its end (%(error)s): it is not a complete backup; "
                "it may have been cut short while it was written or copied."
            )
            % {"name": path, "error": exc}
        ) from exc
    if contents is None:
        raise BackupError(_not_a_backup(path))
    if digest != contents.manifest["database"]["sha256"]:
        raise BackupError(
            _("%(name)s: the database it holds is not the one its manifest describes.")
            % {"name": path}
        )
    return contents


def _not_a_backup(path):
    return _("%(name)s is not a backup made by manage.py backup (format %(format)s).") % {
        "name": path,
        "format": FORMAT_VERSION,
    }


def _manifest(path, name, source):
    try:
        manifest = json.loads(source.read().decode()) if name == MANIFEST else None
        valid = (
            manifest["format"] == FORMAT_VERSION
            and manifest["engine"] in DATABASE_MEMBER
            and manifest["database"]["member"] == DATABASE_MEMBER[manifest["engine"]]
            and isinstance(manifest["counts"], dict)
        )
    except (ValueError, TypeError, KeyError):
        valid = False
    if not valid:
        raise BackupError(_not_a_backup(path))
    return Contents(manifest=manifest, database_member=manifest["database"]["member"])


def _safe_name(path, member):
    """A member's name, refused unless it is one a backup writes: a regular file or a
    folder, no absolute path, no '..'."""
    name = PurePosixPath(member.name)
    if (
        name.is_absolute()
        or ".." in name.parts
        or not (member.isfile() or member.isdir())
        or (name.parts[0] == FILES and (len(name.parts) < 3 or name.parts[1] not in file_roots()))
    ):
        raise BackupError(
            _("%(name)s holds %(member)s, which a backup never holds: it is not restored.")
            % {"name": path, "member": member.name}
        )
    return str(name)


def _copy(source, target):
    digest = hashlib.sha256()
    out = None
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = open(target, "wb")  # noqa: SIM115 (closed below)
    try:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            if out:
                out.write(chunk)
    finally:
        if out:
            out.close()
    return digest.hexdigest()


# --- Restore ----------------------------------------------------------------------------


@dataclass
class Restored:
    contents: Contents
    # (table, rows in the backup, rows now); None when the table is missing.
    counts: list
    files: dict
    migrate_needed: bool
    unknown_migrations: list

    @property
    def mismatches(self):
        return [
            (table, expected, found) for table, expected, found in self.counts if expected != found
        ]


def tables_with_rows(connection):
    """The configured database's tables holding rows, except those `migrate` fills in a
    new database (migrations applied, content types, permissions)."""
    quote = connection.ops.quote_name
    busy = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in MIGRATE_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - a quoted table
            if cursor.fetchone():
                busy.append(table)
    return busy


def restore(path, *, force=False, alias=DEFAULT_DB_ALIAS):
    """Put the backup at ``path`` back: the database into the configured one, which
    must be empty (no table, or only the rows `migrate` writes) unless ``force`` (what
    it holds is dropped first), then the files; then count the rows again."""
    from . import backup_postgresql as postgresql

    connection = connections[alias]
    engine = engine_of(connection)
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a transaction."))
    refuse = _refusals(path, connection, engine, force)
    media_parent = Path(settings.MEDIA_ROOT).parent
    staging = media_parent if media_parent.is_dir() else None
    with tempfile.TemporaryDirectory(dir=staging, prefix=".maillage-restore-") as work:
        work = Path(work)
        contents = read(path, extract_to=work, before_extracting=refuse)
        if engine == "sqlite":
            _restore_sqlite(connection, work / contents.database_member)
        else:
            postgresql.restore(connection, work / contents.database_member)
        files = _put_files_back(work / FILES) if contents.manifest["files"] else None
    executor = MigrationExecutor(connection)
    loader = executor.loader
    unknown = sorted(
        f"{app}.{name}"
        for app, name in loader.applied_migrations
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )
    return Restored(
        contents=contents,
        counts=compare_counts(connection, contents.counts),
        files=files,
        migrate_needed=bool(executor.migration_plan(loader.graph.leaf_nodes())),
        unknown_migrations=unknown,
    )


def _refusals(path, connection, engine, force):
    """The checks made as soon as the manifest is read, before anything changes."""

    def refuse(contents):
        if contents.engine != engine:
            raise BackupError(
                _(
                    "%(name)s is a backup of a %(theirs)s database and this one is %(ours)s: "
                    "a backup restores into the engine it was made from. To move between "
                    "SQLite and PostgreSQL, see docs/deployment.md (dumpdata and loaddata)."
                )
                % {
                    "name": path,
                    "theirs": ENGINE_NAMES[contents.engine],
                    "ours": ENGINE_NAMES[engine],
                }
            )
        busy = tables_with_rows(connection)
        if busy and not force:
            shown = ", ".join(busy[:5]) + ("…" if len(busy) > 5 else "")
            raise BackupError(
                _(
                    "The database is not empty; tables that hold rows: %(tables)s. Restore "
                    "into an empty database, or give --force to delete everything it holds first."
                )
                % {"tables": shown}
            )

    return refuse


def _restore_sqlite(connection, source):
    """SQLite's backup API from the restored copy into the configured file: it replaces
    the whole database (what was there included) in one step."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("An in-memory SQLite database cannot be restored into."))
    copy = sqlite3.connect(source)
    try:
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(_("The database in the backup is damaged (PRAGMA quick_check)."))
        connection.close()
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(name, timeout=30)
        try:
            copy.backup(target)
        finally:
            target.close()
    finally:
        copy.close()


def _put_files_back(staged):
    """The backup's files into MEDIA_ROOT and private/: a file of the same name is
    replaced, a file the backup does not hold is left where it is."""
    placed = {}
    for name, root in file_roots().items():
        count = 0
        source_root = staged / name
        if source_root.is_dir():
            for folder, _folders, names in os.walk(source_root):
                for file_name in names:
                    source = Path(folder) / file_name
                    target = root / source.relative_to(source_root)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(source, target)
                    count += 1
        placed[name] = count
    return placed


def compare_counts(connection, expected):
    """(table, rows the backup recorded, rows the database holds now) for each table."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        found = count_rows(cursor, connection.ops.quote_name, sorted(expected), existing)
    return [(table, expected[table], found.get(table)) for table in sorted(expected)]
