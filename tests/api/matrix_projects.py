"""API matrix entries (tests/api/test_api_permissions.py) for the board: work streams,
projects, a project's progress and its milestones reached.

The board (tests/projects/setting.py) is the world's private collective's: its
members read it; the project "Cafés de l'emploi" is piloted by the member, so the
member and the coordinators change it, nobody else (the read-only token neither).
"""

from maillage.projects.models import Project

from ..projects.setting import build_board
from .setting import api_change, api_in_collective


def collective(w):
    return [w.collective.slug]


def stream(w):
    return [w.collective.slug, build_board(w).streams[0].pk]


def project(w):
    return [w.collective.slug, build_board(w).project.pk]


def milestone(w):
    board = build_board(w)
    return [w.collective.slug, board.project.pk, board.milestone.pk]


def progress(w):
    found = Project.objects.get(collective=w.collective, title="Cafés de l'emploi")
    return {"version": found.version, "status": "paused", "progress": 40}


# Its pilot (the member) and the coordinators: not the facilitator nor the observer;
# a change without a token is asked for one (401) before anything is read.
PILOTS = {**api_change(200), "facilitator": 403, "anonymous": 401}

# "method url-name": (args builder or None, JSON body or None, expected status by persona)
MATRIX = {
    "get api:workstream-list": (collective, None, api_in_collective(200)),
    "get api:workstream-detail": (stream, None, api_in_collective(200)),
    "get api:project-list": (collective, None, api_in_collective(200)),
    "get api:project-detail": (project, None, api_in_collective(200)),
    "patch api:project-detail": (project, progress, PILOTS),
    "post api:project-reach-milestone": (milestone, {}, PILOTS),
}
