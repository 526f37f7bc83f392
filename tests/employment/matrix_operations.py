"""Entries of the permission matrix (tests/test_permissions.py) for recruitment
operations (tests/employment/setting_operations.py builds the operation).

- The list, an operation's page and its export: every member (figures name nobody).
- Changing it, its targets, its channels, a channel's refusals: coordinators and the
  operation's managers (the world's member); the facilitator and the observer 403.
- The candidates, one candidate, adding one: the operation's managers only; the
  coordinator is refused (403) like the other members.
- Outsiders never learn the operation exists (404); on a public collective, which
  they may see, they are refused (403): none of these pages is public.
"""

from ..permission_helpers import in_collective
from .setting_operations import build_operation

MEMBERS = in_collective(200)
CHANGERS = {**in_collective(200, minimum="coordinator"), "member": 200}
MANAGERS = {**in_collective(403), "member": 200}
PUBLIC_MEMBERS = in_collective(200, outsider=403)
PUBLIC_MANAGERS = {**in_collective(403, outsider=403), "member": 200}


def collective(w):
    build_operation(w)
    return [w.collective.slug]


def operation(w):
    return [w.collective.slug, build_operation(w).operation.pk]


def channel(w):
    made = build_operation(w)
    return [w.collective.slug, made.operation.pk, made.channels["ml"].pk]


def candidate(w):
    made = build_operation(w)
    return [w.collective.slug, made.operation.pk, made.candidates["C"].pk]


MATRIX = {
    "employment:operations": ("get", collective, None, MEMBERS),
    "employment:operation": ("get", operation, None, MEMBERS),
    "employment:operation_export": ("get", operation, {"format": "xlsx"}, MEMBERS),
    "employment:operation_edit": ("get", operation, None, CHANGERS),
    "employment:operation_targets": ("get", operation, None, CHANGERS),
    "employment:channels": ("get", operation, None, CHANGERS),
    "employment:channel": ("get", channel, None, CHANGERS),
    "employment:candidates": ("get", operation, None, MANAGERS),
    "employment:candidate": ("get", candidate, None, MANAGERS),
    "employment:candidate_add": ("get", operation, None, MANAGERS),
}

PUBLIC_MATRIX = {
    "employment:operations": ("get", collective, None, PUBLIC_MEMBERS),
    "employment:operation": ("get", operation, None, PUBLIC_MEMBERS),
    "employment:candidate": ("get", candidate, None, PUBLIC_MANAGERS),
}
