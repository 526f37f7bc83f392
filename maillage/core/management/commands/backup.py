from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one .tar.gz file, safely while "
        "the server runs (docs/deployment.md, Backups). `restore` puts it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to write (name ending in .tar.gz).")
        parser.add_argument(
            "--no-files",
            action="store_true",
            help="Leave the uploaded files (media/ and private/) out.",
        )

    def handle(self, *args, **options):
        # Messages in the language of the person at the terminal (English by default).
        with translation.override(backup.operator_language()):
            self._handle(**options)

    def _handle(self, *, file, no_files, **options):
        try:
            contents = backup.backup(file, with_files=not no_files)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = contents.manifest
        self.stdout.write(
            _(
                "Backup written to %(file)s: a %(engine)s database (%(tables)s tables, "
                "%(rows)s rows); uploaded files: %(files)s (%(bytes)s)."
            )
            % {
                "file": file,
                "engine": backup.ENGINE_NAMES[manifest["engine"]],
                "tables": len(manifest["counts"]),
                "rows": sum(manifest["counts"].values()),
                "files": len(contents.files),
                "bytes": filesizeformat(sum(size for _name, size in contents.files)),
            }
        )
        if no_files:
            self.stdout.write(_("The uploaded files were left out (--no-files)."))
