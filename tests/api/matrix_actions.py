"""API matrix entries (tests/api/test_api_permissions.py) for actions.

Everyone in the collective reads its actions; facilitators and coordinators add them;
an action's owner (here the member) and those who run the collective change it and mark
it done. A change needs a token that may write (``reader`` gets 403) and a token at all
(``anonymous`` gets 401 before anything is looked up)."""

from datetime import timedelta

from django.utils import timezone

from ..factories import make_action
from .setting import api_change, api_in_collective


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


def new_action(w):
    return {"title": "Écrire aux communes", "guests": ["Léa Dupuis"]}


def change(status, *, minimum):
    expected = api_change(status, minimum=minimum)
    expected["anonymous"] = 401
    return expected


# The member owns the action: they change it, the observer does not.
owner_changes = change(200, minimum="member")

MATRIX = {
    "get api:action-list": (collective, None, api_in_collective(200)),
    "get api:action-detail": (members_action, None, api_in_collective(200)),
    "post api:action-list": (collective, new_action, change(201, minimum="facilitator")),
    "patch api:action-detail": (
        members_action,
        {"version": 1, "title": "Préparer le budget 2027"},
        owner_changes,
    ),
    "post api:action-done": (members_action, {"done": True}, owner_changes),
}
