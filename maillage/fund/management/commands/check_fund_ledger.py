"""Check the foundations' ledgers: each one is recomputed from its records
(ledger.check). Prints the problems found; exits with status 1 when there are any."""

from django.core.management.base import BaseCommand, CommandError

from maillage.fund import ledger
from maillage.fund.models import Foundation


class Command(BaseCommand):
    help = "Recompute every foundation's ledger from its records and print the differences."

    def add_arguments(self, parser):
        parser.add_argument("--collective", help="the slug of one collective")

    def handle(self, *args, collective=None, **options):
        foundations = Foundation.objects.select_related("collective").order_by("pk")
        if collective:
            foundations = foundations.filter(collective__slug=collective)
            if not foundations.exists():
                raise CommandError(f"No foundation for the collective {collective!r}.")
        failed = 0
        for foundation in foundations:
            result = ledger.check(foundation)
            slug = foundation.collective.slug
            if result.ok:
                self.stdout.write(
                    f"{slug}: ok ({result.movements} movements, {result.lines} lines)"
                )
                continue
            failed += 1
            self.stdout.write(f"{slug}: {len(result.problems)} problem(s)")
            for problem in result.problems:
                self.stdout.write(f"  {problem}")
        if failed:
            self.stderr.write(f"{failed} foundation(s) with problems.")
            raise SystemExit(1)
