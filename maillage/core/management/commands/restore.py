from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured database, which must be empty, "
        "and put its files back; then check every table's row count. Stop the web servers "
        "and the workers first (docs/deployment.md, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to restore (a .tar.gz made by `backup`).")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Read the whole file and list what it holds, without restoring anything.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even into a database that holds data: everything it holds is deleted.",
        )

    def handle(self, *args, **options):
        # Messages in the language of the person at the terminal (English by default).
        with translation.override(backup.operator_language()):
            self._handle(**options)

    def _handle(self, *, file, check, force, **options):
        try:
            if check:
                self._describe(file, backup.read(file))
                return
            restored = backup.restore(file, force=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Rows per table (in the backup, restored):"))
        width = max((len(table) for table, _expected, _found in restored.counts), default=0)
        for table, expected, found in restored.counts:
            mark = "" if expected == found else "  <-- " + _("differs")
            found = "-" if found is None else found
            self.stdout.write(f"  {table:<{width}}  {expected:>8}  {found:>8}{mark}")
        if restored.files is None:
            self.stdout.write(
                _(
                    "The backup holds no files (made with --no-files): put media/ and "
                    "private/ back yourself."
                )
            )
        else:
            self.stdout.write(
                _("Files put back: %(media)s in media/, %(private)s in private/.")
                % {"media": restored.files["media"], "private": restored.files["private"]}
            )
        if restored.unknown_migrations:
            self.stderr.write(
                _("The backup was made by a newer Maillage (migrations unknown here: %(names)s).")
                % {"names": ", ".join(restored.unknown_migrations)}
            )
        if restored.mismatches:
            raise CommandError(
                _("Tables that do not hold the rows the backup recorded: %(tables)s.")
                % {"tables": ", ".join(table for table, _e, _f in restored.mismatches)}
            )
        if restored.migrate_needed:
            self.stdout.write(
                _("The backup was made by an older Maillage: run `manage.py migrate` now.")
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(file)s: %(tables)s tables, %(rows)s rows, as the backup recorded.")
                % {
                    "file": file,
                    "tables": len(restored.counts),
                    "rows": sum(expected for _table, expected, _found in restored.counts),
                }
            )
        )

    def _describe(self, file, contents):
        manifest = contents.manifest
        self.stdout.write(
            _("%(file)s: a complete Maillage backup (format %(format)s).")
            % {"file": file, "format": manifest["format"]}
        )
        self.stdout.write(
            _("Made at %(when)s from a %(engine)s database by Maillage %(version)s.")
            % {
                "when": manifest["created_at"],
                "engine": backup.ENGINE_NAMES[manifest["engine"]],
                "version": manifest["maillage_version"],
            }
        )
        self.stdout.write(_("Last migration of each app:"))
        for app, name in sorted(manifest["migrations"].items()):
            self.stdout.write(f"  {app}: {name}")
        counts = manifest["counts"]
        self.stdout.write(
            _("Rows per table (%(tables)s tables, %(rows)s rows):")
            % {"tables": len(counts), "rows": sum(counts.values())}
        )
        width = max((len(table) for table in counts), default=0)
        for table, rows in sorted(counts.items()):
            self.stdout.write(f"  {table:<{width}}  {rows:>8}")
        if not manifest["files"]:
            self.stdout.write(_("No files (made with --no-files)."))
            return
        for root in backup.file_roots():
            sizes = [size for name, size in contents.files if name.split("/")[1] == root]
            self.stdout.write(
                _("Files in %(root)s/: %(count)s (%(bytes)s).")
                % {"root": root, "count": len(sizes), "bytes": filesizeformat(sum(sizes))}
            )
