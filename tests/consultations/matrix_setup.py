"""Entries of the permission matrix (tests/test_permissions.py) for setting up
consultations and joining them.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). The world's collective is private; ``world.facilitator`` runs
the workshop's consultation (build_workshop).
"""

from ..permission_helpers import everyone, in_collective
from .workshop import build_workshop


def collective(w):
    return [w.collective.slug]


def consultation(w):
    return [w.collective.slug, build_workshop(w).consultation.pk]


def question(w):
    workshop = build_workshop(w)
    return [w.collective.slug, workshop.consultation.pk, workshop.questions[0].pk]


def grid_code(w):
    workshop = build_workshop(w)
    return [
        w.collective.slug,
        workshop.consultation.pk,
        workshop.consultation.grid_codes.first().pk,
    ]


def group(w):
    return [w.collective.slug, build_workshop(w).group.pk]


def join_code(w):
    return [build_workshop(w).group.join_code]


RUNS = {"minimum": "facilitator"}

MATRIX = {
    "consultations:join": ("get", None, None, everyone(200)),
    "consultations:join_code": ("get", join_code, None, everyone(200)),
    "consultations:list": ("get", collective, None, in_collective(200, anonymous=404)),
    "consultations:create": ("get", collective, None, in_collective(200, **RUNS)),
    "consultations:detail": ("get", consultation, None, in_collective(200, anonymous=404)),
    "consultations:edit": ("get", consultation, None, in_collective(200, **RUNS)),
    "consultations:questions": ("get", consultation, None, in_collective(200, **RUNS)),
    "consultations:question_edit": ("get", question, None, in_collective(200, **RUNS)),
    "consultations:groups": ("get", consultation, None, in_collective(200, **RUNS)),
    "consultations:group_facilitators": ("get", group, None, in_collective(200, **RUNS)),
    "consultations:grid": ("get", consultation, None, in_collective(200, **RUNS)),
    "consultations:grid_code_edit": ("get", grid_code, None, in_collective(200, **RUNS)),
    "consultations:publish": ("post", consultation, {}, in_collective(302, **RUNS)),
    "consultations:close": ("get", consultation, None, in_collective(200, **RUNS)),
}

# On a public collective, a started consultation can be read by anyone.
PUBLIC_MATRIX = {
    "consultations:list": (
        "get",
        collective,
        None,
        in_collective(200, anonymous=200, outsider=200),
    ),
    "consultations:detail": (
        "get",
        consultation,
        None,
        in_collective(200, anonymous=200, outsider=200),
    ),
    "consultations:edit": ("get", consultation, None, in_collective(200, outsider=403, **RUNS)),
}
