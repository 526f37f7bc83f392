"""Entries of the permission matrix (tests/test_permissions.py) for the Gantt charts'
exports: whoever sees the chart downloads it (the collective's people); outsiders
never learn it exists."""

from maillage.projects.models import Project, WorkStream

from ..consultations.workshop import build_workshop
from ..permission_helpers import in_collective
from .setting import build_board


def project(w):
    build_board(w)
    return [w.collective.slug, Project.objects.get(title="Cafés de l'emploi").pk]


def stream(w):
    build_board(w)
    return [w.collective.slug, WorkStream.objects.get(title="Emploi").pk]


def consultation(w):
    return [w.collective.slug, build_workshop(w).consultation.pk]


MATRIX = {
    "projects:gantt_xlsx": ("get", project, None, in_collective(200)),
    "projects:gantt_pdf": ("get", project, None, in_collective(200)),
    "projects:stream_gantt_xlsx": ("get", stream, None, in_collective(200)),
    "projects:stream_gantt_pdf": ("get", stream, None, in_collective(200)),
    "actions:consultation_gantt_xlsx": ("get", consultation, None, in_collective(200)),
    "actions:consultation_gantt_pdf": ("get", consultation, None, in_collective(200)),
}
PUBLIC_MATRIX = {}
