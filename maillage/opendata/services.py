"""The open data files: built, kept up to date, dropped. Every change is here.

``publish`` builds a public collective's file and keeps it (new bytes only when the
content changed: the fingerprint); ``rebuild_due`` is the periodic job: each public
collective whose file was checked more than ``OPENDATA_REBUILD_MINUTES`` ago, or has
none, and no file for a collective that became private; ``current_file`` is what the
pages serve, built on demand the first time.

The files are built in the site's default language (their README), whoever asks.
Nothing is logged in the collective's history: the job acts for nobody, and the
file's dates say when it was built and checked.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.collectives.models import Collective, Visibility
from maillage.core.errors import DomainError

from . import build
from .models import OpenDataFile

logger = logging.getLogger(__name__)


def _rebuild_minutes():
    return getattr(settings, "OPENDATA_REBUILD_MINUTES", 60 * 24)


@transaction.atomic
def publish(*, collective, now=None):
    """Build the collective's open data and keep it; the file (new or unchanged)."""
    now = now or timezone.now()
    collective = Collective.objects.select_for_update().get(pk=collective.pk)
    if collective.visibility != Visibility.PUBLIC:
        raise DomainError(_("Only a public collective publishes open data."), field="collective")
    with translation.override(settings.LANGUAGE_CODE):
        fingerprint, content = build.build(collective, built_at=now)
    found = OpenDataFile.objects.select_for_update().filter(collective=collective).first()
    if found is not None and found.fingerprint == fingerprint:
        found.checked_at = now
        found.save(update_fields=["checked_at"])
        return found
    if found is None:
        found = OpenDataFile(collective=collective)
    found.built_at = found.checked_at = now
    found.fingerprint = fingerprint
    found.content = content
    found.size = len(content)
    found.save()
    return found


@transaction.atomic
def drop_private():
    """Delete the files of collectives that are no longer public; how many."""
    deleted, _rows = (
        OpenDataFile.objects.select_for_update()
        .exclude(collective__visibility=Visibility.PUBLIC)
        .delete()
    )
    return deleted


def due_collectives(now=None):
    """The public collectives whose file is missing or was checked too long ago."""
    now = now or timezone.now()
    before = now - timedelta(minutes=_rebuild_minutes())
    fresh = OpenDataFile.objects.filter(checked_at__gte=before).values("collective_id")
    return Collective.objects.public().exclude(pk__in=fresh).order_by("pk")


def rebuild_due(now=None):
    """The periodic job: drop private collectives' files, then build each due one
    (each in its own transaction: one that fails does not stop the others)."""
    now = now or timezone.now()
    dropped = drop_private()
    built = 0
    for collective in due_collectives(now):
        try:
            publish(collective=collective, now=now)
        except Exception:
            logger.exception("Open data of collective %s not built", collective.pk)
            continue
        built += 1
    return {"built": built, "dropped": dropped}


def current_file(collective):
    """The public collective's file, built now if it has none yet."""
    found = OpenDataFile.objects.filter(collective=collective).first()
    return found or publish(collective=collective)
