"""Entries of the permission matrix (tests/test_permissions.py) for the public
questionnaire and the professional's page of hand-over codes.

- The questionnaire and what its result page offers (PDF, e-mail, hand-over code,
  "does it match"): anyone on a public collective, no account needed; on a private
  collective, its members only (404 for everyone else, anonymous visitors included,
  as its other open pages).
- Reading a handed-over questionnaire by its code: the collective's coordinators and
  the people of its member structures (active members whose membership names an
  organisation: the world's member); the facilitator and observer represent none: 403.
"""

from ..permission_helpers import everyone, in_collective


def collective(w):
    return [w.collective.slug]


MEMBERS = in_collective(200, anonymous=404)
PROFESSIONALS = {**in_collective(200), "facilitator": 403, "observer": 403}
EVERYONE = everyone(200)

MATRIX = {
    "orientation:questionnaire": ("get", collective, None, MEMBERS),
    "orientation:questionnaire_step": ("post", collective, {"state": ""}, MEMBERS),
    "orientation:questionnaire_pdf": ("post", collective, {"state": ""}, MEMBERS),
    "orientation:questionnaire_email": (
        "post",
        collective,
        {"state": "", "email": "personne@example.org"},
        MEMBERS,
    ),
    "orientation:questionnaire_handover": ("post", collective, {"state": ""}, MEMBERS),
    "orientation:questionnaire_feedback": (
        "post",
        collective,
        {"state": "", "answer": "yes"},
        MEMBERS,
    ),
    "orientation:handover": ("get", collective, None, PROFESSIONALS),
}

PUBLIC_MATRIX = {
    "orientation:questionnaire": ("get", collective, None, EVERYONE),
    "orientation:questionnaire_step": ("post", collective, {"state": ""}, EVERYONE),
    "orientation:questionnaire_pdf": ("post", collective, {"state": ""}, EVERYONE),
    "orientation:questionnaire_handover": ("post", collective, {"state": ""}, EVERYONE),
    "orientation:questionnaire_feedback": (
        "post",
        collective,
        {"state": "", "answer": "partly"},
        EVERYONE,
    ),
    "orientation:handover": ("get", collective, None, {**PROFESSIONALS, "outsider": 403}),
}
