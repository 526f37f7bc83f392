"""PostgreSQL's side of backups (core/backup.py): pg_dump of a snapshot whose rows were
counted, pg_restore in one transaction. The connection comes from the database's
settings, the password through the child's environment (PGPASSWORD), never on its
command line, where `ps` would show it."""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .backup import BackupError, count_rows, last_migrations, model_tables


def dump(connection, target):
    """pg_dump of the snapshot in which the migrations and counts are read: a
    REPEATABLE READ transaction exports its snapshot and stays open while pg_dump dumps it."""
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot run inside a transaction."))
    tables = model_tables(connection.alias)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        existing = set(connection.introspection.table_names(cursor))
        counts = count_rows(cursor, connection.ops.quote_name, tables, existing)
        migrations = last_migrations(cursor) if "django_migrations" in existing else {}
        _run(
            "pg_dump",
            [
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            connection.settings_dict,
        )
    return migrations, counts


def restore(connection, dump):
    """Every table of the configured database dropped (none holds rows unless --force),
    then pg_restore in one transaction: it restores everything or nothing."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        listed = connection.introspection.get_table_list(cursor)
        quote = connection.ops.quote_name
        views = [quote(info.name) for info in listed if info.type == "v"]
        tables = [quote(info.name) for info in listed if info.type != "v"]
        if views:
            cursor.execute(f"DROP VIEW IF EXISTS {', '.join(views)} CASCADE")
        if tables:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(tables)} CASCADE")
    settings_dict = connection.settings_dict
    connection.close()
    # Everything but the extensions' comments: only an extension's owner may comment on
    # it, and btree_gist may have been created by a superuser (docs/deployment.md).
    listing = _run("pg_restore", ["--list", str(dump)], settings_dict)
    kept = dump.with_suffix(".list")
    kept.write_text(
        "\n".join(line for line in listing.splitlines() if " COMMENT - EXTENSION " not in line)
    )
    _run(
        "pg_restore",
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={kept}",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        settings_dict,
    )


def _pg_env(settings_dict):
    """The connection for pg_dump and pg_restore, in the child's environment only (the
    password never appears on a command line, where `ps` would show it)."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS", {})
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _tool(name):
    """A PostgreSQL client program: on the PATH (Debian's wrapper picks the right
    version), else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    raise BackupError(
        _("%(tool)s was not found: install PostgreSQL's client programs (postgresql-client).")
        % {"tool": name}
    )


def _run(name, arguments, settings_dict):
    result = subprocess.run(  # noqa: S603 - PostgreSQL's own tool, arguments from settings
        [_tool(name), *arguments],
        env=_pg_env(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed (exit status %(status)s): %(error)s")
            % {"tool": name, "status": result.returncode, "error": result.stderr.strip()[-2000:]}
        )
    return result.stdout
