"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world.

Everyone in the collective reads its actions; facilitators and coordinators add
them; an action's owner (here the member) and those who run the collective move it.
"""

from datetime import timedelta

from django.utils import timezone

from maillage.actions.models import Action

from ..factories import make_action
from ..permission_helpers import in_collective, logged_in


def collective(w):
    return [w.collective.slug]


def members_action(w):
    action = make_action(
        collective=w.collective,
        title="Préparer le budget",
        owners=[w.member],
        due_date=timezone.localdate() + timedelta(days=7),
        created_by=w.coordinator,
    )
    return [w.collective.slug, action.pk]


def members_comment(w):
    from maillage.actions.services import add_action_comment

    slug, pk = members_action(w)
    comment = add_action_comment(
        actor=w.member, action=Action.objects.get(pk=pk), text="La salle est réservée."
    )
    return [slug, pk, comment.pk]


MATRIX = {
    "actions:list": ("get", collective, None, in_collective(200)),
    "actions:create": ("get", collective, None, in_collective(200, minimum="facilitator")),
    "actions:detail": ("get", members_action, None, in_collective(200)),
    "actions:status": (
        "post",
        members_action,
        {"status": "in_progress", "base_version": 1},
        {**in_collective(302, minimum="facilitator"), "member": 302},
    ),
    "actions:mine": ("get", None, None, logged_in(200)),
    # Members and above comment; the author (the member) and coordinators archive.
    "actions:comment_add": (
        "post",
        members_action,
        {"text": "Où en est-on ?"},
        in_collective(302, minimum="member"),
    ),
    "actions:comment_archive": (
        "post",
        members_comment,
        {},
        {**in_collective(302, minimum="coordinator"), "member": 302},
    ),
}
PUBLIC_MATRIX = {
    # A public collective's actions are still for its members only.
    "actions:list": ("get", collective, None, in_collective(200, outsider=403)),
    "actions:detail": ("get", members_action, None, in_collective(200, outsider=403)),
    "actions:comment_add": (
        "post",
        members_action,
        {"text": "Où en est-on ?"},
        in_collective(302, outsider=403, minimum="member"),
    ),
}
