"""Entries of the permission matrix (tests/test_permissions.py) for the pages after a
job café (the café is organised by the world's facilitator, its "organiser").

- The follow-up page, planning a session, noting an obstacle and making it an action:
  the café's organisers and the coordinators (``employment.change_cafe``);
- recording an outcome for a named seeker: the organisers only (``manage_seekers``);
- the figures and their exports: every member of the collective (they name nobody);
- the seeker's and the recruiter's outcome pages: anyone with the link (the key is
  the credential; tests/employment/test_after_links.py tries other keys).
"""

from maillage.employment.models import Obstacle

from ..permission_helpers import everyone, in_collective
from .setting_after import past_cafe


def cafe(w):
    return [w.collective.slug, past_cafe(w, recruiters=2, seekers=2).cafe.event_id]


def seeker(w):
    made = past_cafe(w, recruiters=2, seekers=2)
    return [w.collective.slug, made.cafe.event_id, made.seekers[0].pk]


def obstacle(w):
    made = past_cafe(w, recruiters=1, seekers=1)
    found = Obstacle.objects.create(cafe=made.cafe, theme="transport", text="Pas de bus")
    return [w.collective.slug, made.cafe.event_id, found.pk]


def collective(w):
    past_cafe(w, recruiters=1, seekers=1)
    return [w.collective.slug]


def seeker_link(w):
    return [past_cafe(w, recruiters=1, seekers=1).seekers[0].key]


def recruiter_link(w):
    made = past_cafe(w, recruiters=1, seekers=1)
    return [made.recruiters[0].key, made.seekers[0].pk]


ORGANISERS_AND_COORDINATORS = in_collective(200, minimum="facilitator")
ORGANISERS = {**in_collective(200, minimum="facilitator"), "coordinator": 403}
MEMBERS = in_collective(200)

MATRIX = {
    "employment:follow_up": ("get", cafe, None, ORGANISERS_AND_COORDINATORS),
    "employment:record_outcome": ("get", seeker, None, ORGANISERS),
    "employment:plan_session": ("get", cafe, None, ORGANISERS_AND_COORDINATORS),
    "employment:note_obstacle": ("get", cafe, None, ORGANISERS_AND_COORDINATORS),
    "employment:obstacle_action": ("get", obstacle, None, ORGANISERS_AND_COORDINATORS),
    "employment:cafe_figures": ("get", cafe, None, MEMBERS),
    "employment:figures": ("get", collective, None, MEMBERS),
    "employment:figures_export": ("get", collective, {"format": "csv"}, MEMBERS),
    "employment:seeker_outcome": ("get", seeker_link, None, everyone(200)),
    "employment:recruiter_outcome": ("get", recruiter_link, None, everyone(200)),
}

# On a public collective, outsiders learn the collective exists (403, not 404).
PUBLIC_MATRIX = {
    "employment:follow_up": (
        "get",
        cafe,
        None,
        in_collective(200, outsider=403, minimum="facilitator"),
    ),
    "employment:figures": ("get", collective, None, in_collective(200, outsider=403)),
}
