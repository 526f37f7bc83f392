"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world; build_workshop(world) gives the workshop.

A group's wall is for its participants and facilitators (and for everyone who may
see the consultation once its synthesis is published, see test_live.py). None of
the personas is a participant here: the collective's facilitator and coordinator
run the consultation; observers and members see that it exists (403); outsiders,
and visitors without an account, do not (404).
"""

from ..permission_helpers import everyone, in_collective
from .workshop import build_workshop


def group(w):
    return [w.collective.slug, build_workshop(w).group.pk]


def note(w):
    workshop = build_workshop(w)
    return [w.collective.slug, workshop.group.pk, workshop.notes[0].pk]


# Open to participants without an account: no login redirect, a 404 instead.
WALL = in_collective(200, anonymous=404, minimum="facilitator")
FACILITATORS = in_collective(200, minimum="facilitator")
FACILITATORS_CHANGE = in_collective(302, minimum="facilitator")
OWN = in_collective(403, anonymous=404)

MATRIX = {
    "consultations:wall": ("get", group, None, WALL),
    "consultations:wall_notes": ("get", group, None, WALL),
    "consultations:mood": ("get", group, None, WALL),
    "consultations:screen": ("get", group, None, FACILITATORS),
    "consultations:paper": ("get", group, None, FACILITATORS),
    "consultations:live_session": ("post", group, {"action": "close"}, FACILITATORS_CHANGE),
    "consultations:hide_note": (
        "post",
        note,
        {"reason": "Hors sujet", "base_version": 1},
        FACILITATORS_CHANGE,
    ),
    "consultations:show_note": ("post", note, {}, FACILITATORS_CHANGE),
    "consultations:correct_note": (
        "post",
        note,
        {"text": "Avoir un logement décent", "base_version": 1},
        FACILITATORS_CHANGE,
    ),
    # A participant's own address and return link: none of the personas takes part.
    "consultations:contact": ("get", group, None, OWN),
    "consultations:forget_contact": ("post", group, {}, OWN),
    "consultations:my_link": ("get", group, None, OWN),
    "consultations:renew_link": ("post", group, {}, OWN),
    # A return link that is not one: the same page for everyone.
    "consultations:come_back": ("get", lambda w: ["pas-un-lien"], None, everyone(400)),
    "consultations:stop_emails": ("get", lambda w: ["pas-un-lien"], None, everyone(400)),
}

# On a public collective the consultation is visible to all: those who may not read
# the wall get 403, and visitors without an account are asked to log in.
PUBLIC_WALL = in_collective(200, anonymous=302, outsider=403, minimum="facilitator")
PUBLIC_MATRIX = {
    "consultations:wall": ("get", group, None, PUBLIC_WALL),
    "consultations:wall_notes": ("get", group, None, PUBLIC_WALL),
    "consultations:mood": ("get", group, None, PUBLIC_WALL),
    "consultations:screen": (
        "get",
        group,
        None,
        in_collective(200, outsider=403, minimum="facilitator"),
    ),
    "consultations:hide_note": (
        "post",
        note,
        {"reason": "Hors sujet", "base_version": 1},
        in_collective(302, outsider=403, minimum="facilitator"),
    ),
    "consultations:contact": ("get", group, None, in_collective(403, outsider=403)),
    "consultations:my_link": ("get", group, None, in_collective(403, outsider=403)),
    "consultations:renew_link": ("post", group, {}, in_collective(403, outsider=403)),
}
