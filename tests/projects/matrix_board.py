"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world and build the board
(tests/projects/setting.py), where the world's member pilots the project.

Everyone in the collective reads the board and the projects; coordinators add work
streams and projects; a project's pilots (the member) and coordinators change it;
members and above sign up as volunteers.
"""

from datetime import timedelta

from django.utils import timezone

from maillage.projects import services

from ..permission_helpers import in_collective
from .setting import build_board


def collective(w):
    return [w.collective.slug]


def stream(w):
    return [w.collective.slug, build_board(w).streams[0].pk]


def project(w):
    return [w.collective.slug, build_board(w).project.pk]


def milestone(w):
    board = build_board(w)
    return [w.collective.slug, board.project.pk, board.milestone.pk]


def call(w):
    board = build_board(w)
    return [w.collective.slug, board.project.pk, board.call.pk]


def signup(w):
    board = build_board(w)
    signed = services.volunteer(actor=w.member, need=board.call)
    return [w.collective.slug, board.project.pk, signed.pk]


def link(w):
    board = build_board(w)
    added = services.add_link(
        actor=w.coordinator, project=board.project, title="Compte rendu", url="https://example.org/"
    )
    return [w.collective.slug, board.project.pk, added.pk]


def members_comment(w):
    board = build_board(w)
    comment = services.add_project_comment(actor=w.member, project=board.project, text="Bravo")
    return [w.collective.slug, board.project.pk, comment.pk]


# Pilots (the member) and coordinators; not the facilitator, not the observer.
def editors(status):
    return {**in_collective(status, minimum="coordinator"), "member": status}


SOON = (timezone.localdate() + timedelta(days=20)).isoformat()

MATRIX = {
    "projects:board": ("get", collective, None, in_collective(200)),
    "projects:work_stream_add": (
        "get",
        collective,
        None,
        in_collective(200, minimum="coordinator"),
    ),
    "projects:work_stream_edit": ("get", stream, None, in_collective(200, minimum="coordinator")),
    "projects:create": ("get", collective, None, in_collective(200, minimum="coordinator")),
    "projects:detail": ("get", project, None, in_collective(200)),
    "projects:edit": ("get", project, None, editors(200)),
    "projects:status": ("post", project, {"status": "paused"}, editors(302)),
    "projects:progress": ("post", project, {"progress": "40"}, editors(302)),
    "projects:milestone_add": (
        "post",
        project,
        {"title": "Deuxième café", "due_on": SOON},
        editors(302),
    ),
    "projects:milestone_reach": ("post", milestone, {}, editors(302)),
    "projects:milestone_archive": ("post", milestone, {}, editors(302)),
    "projects:need_add": (
        "post",
        project,
        {"kind": "funding", "description": "Salle", "amount": "1200", "currency": "CHF"},
        editors(302),
    ),
    "projects:need_close": ("post", call, {}, editors(302)),
    "projects:volunteer": ("post", call, {}, in_collective(302, minimum="member")),
    "projects:withdraw": ("post", signup, {}, in_collective(302, minimum="member")),
    "projects:action_add": (
        "post",
        project,
        {"action-title": "Imprimer les affiches"},
        editors(302),
    ),
    "projects:archive": ("post", project, {}, editors(302)),
    # Refused (the stream holds projects): the coordinator is sent back with the reason.
    "projects:work_stream_archive": (
        "post",
        stream,
        {},
        in_collective(302, minimum="coordinator"),
    ),
    "projects:link_add": (
        "post",
        project,
        {"kind": "website", "title": "Site", "url": "https://example.org/cafes"},
        editors(302),
    ),
    "projects:link_archive": ("post", link, {}, editors(302)),
    # Members and above comment; the author (the member) and coordinators archive.
    "projects:comment_add": (
        "post",
        project,
        {"text": "Bonne idée"},
        in_collective(302, minimum="member"),
    ),
    "projects:comment_archive": (
        "post",
        members_comment,
        {},
        {**in_collective(302, minimum="coordinator"), "member": 302},
    ),
}
PUBLIC_MATRIX = {}
