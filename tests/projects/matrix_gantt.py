"""Entries of the permission matrix (tests/test_permissions.py) for the Gantt pages.

Whoever may see the project (the board, for a work stream) or the consultation and the
collective's actions reads its Gantt chart: everyone in the collective. Outsiders never
learn it exists (404); anonymous visitors are sent to log in.
"""

from ..consultations.workshop import build_workshop
from ..permission_helpers import in_collective
from .setting import build_board


def project(w):
    return [w.collective.slug, build_board(w).project.pk]


def stream(w):
    return [w.collective.slug, build_board(w).streams[0].pk]


def consultation(w):
    return [w.collective.slug, build_workshop(w).consultation.pk]


MATRIX = {
    "projects:gantt": ("get", project, None, in_collective(200)),
    "projects:stream_gantt": ("get", stream, None, in_collective(200)),
    "actions:consultation_gantt": ("get", consultation, None, in_collective(200)),
}
PUBLIC_MATRIX = {}
