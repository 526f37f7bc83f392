"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world and build the board
(tests/projects/setting.py), whose first project is marked public.

The results page of a public collective is for everyone, anonymous visitors
included; a private collective's answers 404 to everyone, its members too (they
have the board).
"""

from maillage.projects.models import Project

from ..permission_helpers import everyone
from .setting import build_board


def collective(w):
    return [w.collective.slug]


def public_project(w):
    board = build_board(w)
    Project.objects.filter(pk=board.project.pk).update(public=True)
    return [w.collective.slug, board.project.pk]


MATRIX = {
    "projects:public_results": ("get", collective, None, everyone(404)),
    "projects:public_project": ("get", public_project, None, everyone(404)),
}

PUBLIC_MATRIX = {
    "projects:public_results": ("get", collective, None, everyone(200)),
    "projects:public_project": ("get", public_project, None, everyone(200)),
}
