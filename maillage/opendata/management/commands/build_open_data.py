"""Build the open data of one public collective (by its slug), or of every public one."""

from django.core.management.base import BaseCommand, CommandError

from maillage.collectives.models import Collective
from maillage.core.errors import DomainError
from maillage.opendata import services


class Command(BaseCommand):
    help = "Build the open data ZIP of a public collective, or of every public collective."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="the collective's slug (default: all public)")

    def handle(self, *args, slug=None, **options):
        if slug:
            collective = Collective.objects.filter(slug=slug).first()
            if collective is None:
                raise CommandError(f"No collective with the slug {slug!r}.")
            collectives = [collective]
        else:
            services.drop_private()
            collectives = list(Collective.objects.public().order_by("pk"))
        for collective in collectives:
            try:
                found = services.publish(collective=collective)
            except DomainError as error:
                raise CommandError(f"{collective.slug}: {error}") from error
            self.stdout.write(
                f"{collective.slug}: {found.size} bytes, built {found.built_at.isoformat()}"
            )
