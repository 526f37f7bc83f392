"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world.

Everyone in the collective reads the kanban of its actions; an action's owner (here
the member) and those who run the collective move it. "My work" is each person's own.
"""

from datetime import timedelta

from django.utils import timezone

from ..factories import make_action
from ..permission_helpers import in_collective, logged_in


def collective(w):
    return [w.collective.slug]


def members_action(w):
    action = make_action(
        collective=w.collective,
        title="Réserver la salle",
        owners=[w.member],
        due_date=timezone.localdate() + timedelta(days=7),
        created_by=w.coordinator,
    )
    return [w.collective.slug, action.pk]


MATRIX = {
    "projects:kanban": ("get", collective, None, in_collective(200)),
    "projects:kanban_move": (
        "post",
        members_action,
        {"status": "in_progress", "base_version": 1},
        {**in_collective(302, minimum="facilitator"), "member": 302},
    ),
    "projects:mine": ("get", None, None, logged_in(200)),
}
PUBLIC_MATRIX = {
    # A public collective's actions board is still for its members only.
    "projects:kanban": ("get", collective, None, in_collective(200, outsider=403)),
    "projects:kanban_move": (
        "post",
        members_action,
        {"status": "in_progress", "base_version": 1},
        {**in_collective(302, minimum="facilitator", outsider=403), "member": 302},
    ),
}
