"""Entries of the permission matrix (tests/test_permissions.py) for the employer group's
set-up and needs (tests/employers/setting.py builds the group).

- The group's page, its members' list and the qualifications table: every member of the
  collective (their figures name no member's needs).
- Creating the group (when there is none), its rules, adding and ending members, the
  sites and the table's changes: coordinators.
- The needs' list and declaring a need: coordinators and the people who represent a member
  employer (the world's member); the facilitator and the observer represent nobody (403).
- A member's page, a need, changing and withdrawing it: coordinators and who acts for
  that member. The world's member gets 403 on ANOTHER member's page and need.
- Outsiders never learn the collective exists (404); on a public collective, which they
  may see, they are refused (403).
"""

from ..permission_helpers import in_collective
from .setting import build_group

MEMBERS = in_collective(200)
COORDINATORS = in_collective(200, minimum="coordinator")
COORDINATORS_POST = in_collective(302, minimum="coordinator")
ACTORS = {**in_collective(200, minimum="coordinator"), "member": 200}
ACTORS_POST = {**in_collective(302, minimum="coordinator"), "member": 302}
# Another member's rows: the world's member is refused like the facilitator.
OTHERS = in_collective(200, minimum="coordinator")
OTHERS_POST = in_collective(302, minimum="coordinator")
PUBLIC_MEMBERS = in_collective(200, outsider=403)
PUBLIC_ACTORS = {**in_collective(200, outsider=403, minimum="coordinator"), "member": 200}


def collective(w):
    build_group(w)
    return [w.collective.slug]


def no_group(w):
    return [w.collective.slug]


def own(w):
    return [w.collective.slug, build_group(w).own.pk]


def other(w):
    return [w.collective.slug, build_group(w).others[0].pk]


def own_site(w):
    return [w.collective.slug, build_group(w).sites[0].pk]


def qualification(w):
    return [w.collective.slug, build_group(w).qualifications["bafa"].pk]


def training(w):
    return [w.collective.slug, build_group(w).trainings[0].pk]


def own_need(w):
    return [w.collective.slug, build_group(w).needs["cleaning"].pk]


def other_need(w):
    return [w.collective.slug, build_group(w).needs["mornings"].pk]


MATRIX = {
    "employers:home": ("get", collective, None, MEMBERS),
    "employers:create": ("get", no_group, None, COORDINATORS),
    "employers:settings": ("get", collective, None, COORDINATORS),
    "employers:members": ("get", collective, None, MEMBERS),
    "employers:member": ("get", own, None, ACTORS),
    "employers:member_add": ("get", collective, None, COORDINATORS),
    "employers:member_end": (
        "post",
        other,
        {"left_on": "2027-06-30"},
        COORDINATORS_POST,
    ),
    "employers:site_add": ("get", own, None, COORDINATORS),
    "employers:site_edit": ("get", own_site, None, COORDINATORS),
    "employers:table": ("get", collective, None, MEMBERS),
    "employers:family_add": ("get", collective, None, COORDINATORS),
    "employers:qualification_add": ("get", collective, None, COORDINATORS),
    "employers:qualification_edit": ("get", qualification, None, COORDINATORS),
    "employers:training_add": ("get", collective, None, COORDINATORS),
    "employers:training_edit": ("get", training, None, COORDINATORS),
    "employers:training_remove": ("post", training, {}, COORDINATORS_POST),
    "employers:needs": ("get", collective, None, ACTORS),
    "employers:need_add": ("get", collective, None, ACTORS),
    "employers:need": ("get", own_need, None, ACTORS),
    "employers:need_edit": ("get", own_need, None, ACTORS),
    "employers:need_withdraw": ("post", own_need, {}, ACTORS_POST),
}

# Another member's rows, checked under their own names (the matrix is keyed by URL name).
OTHER_MATRIX = {
    "employers:member": ("get", other, None, OTHERS),
    "employers:need": ("get", other_need, None, OTHERS),
    "employers:need_edit": ("get", other_need, None, OTHERS),
    "employers:need_withdraw": ("post", other_need, {}, OTHERS_POST),
}

PUBLIC_MATRIX = {
    "employers:home": ("get", collective, None, PUBLIC_MEMBERS),
    "employers:table": ("get", collective, None, PUBLIC_MEMBERS),
    "employers:need": ("get", own_need, None, PUBLIC_ACTORS),
}
