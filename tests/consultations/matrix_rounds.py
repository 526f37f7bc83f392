"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world; build_workshop(world) gives the workshop.

The workshop's round 1 (contributions) is open and round 2 (agree/disagree) is
planned. Rounds, results and the report are for those who may see the consultation
(and, for rounds and results, its participants: see test_rounds.py); setting rounds
up is for those who run it; the voting page is for participants, and members who
may still join get it with a word on how to.
"""

from ..permission_helpers import in_collective
from .workshop import build_workshop


def consultation(w):
    return [w.collective.slug, build_workshop(w).consultation.pk]


def contribution_round(w):
    return [*consultation(w), 1]


def vote_round(w):
    return [*consultation(w), 2]


def analysis(w):
    from maillage.consultations.models import Analysis

    workshop = build_workshop(w)
    found = Analysis.objects.create(
        consultation=workshop.consultation,
        round=workshop.consultation.rounds.get(number=2),
        kind=Analysis.Kind.OPINIONS,
        requested_by=w.facilitator,
    )
    return [*vote_round(w), found.pk]


RUNS = {"minimum": "facilitator"}
READERS = in_collective(200, anonymous=404)
PUBLIC_READERS = in_collective(200, anonymous=200, outsider=200)

MATRIX = {
    "consultations:rounds": ("get", consultation, None, READERS),
    "consultations:round_create": ("get", consultation, None, in_collective(200, **RUNS)),
    "consultations:round": ("get", vote_round, None, in_collective(200, **RUNS)),
    "consultations:round_edit": ("get", vote_round, None, in_collective(200, **RUNS)),
    # Round 2 has no statement yet: refused with a message, still a redirect.
    "consultations:round_open": ("post", vote_round, {}, in_collective(302, **RUNS)),
    "consultations:round_close": ("post", contribution_round, {}, in_collective(302, **RUNS)),
    "consultations:round_statements": ("get", vote_round, None, in_collective(200, **RUNS)),
    "consultations:vote": (
        "get",
        vote_round,
        None,
        in_collective(200, anonymous=404, minimum="member"),
    ),
    "consultations:results": ("get", vote_round, None, READERS),
    "consultations:round_analysis": ("post", vote_round, {}, in_collective(302, **RUNS)),
    "consultations:round_analysis_progress": ("get", analysis, None, in_collective(200, **RUNS)),
    "consultations:statement_create": ("get", consultation, None, in_collective(200, **RUNS)),
    "consultations:statements_from_themes": (
        "get",
        consultation,
        None,
        in_collective(200, **RUNS),
    ),
    "consultations:report": ("get", consultation, None, READERS),
    "consultations:report_pdf": ("get", consultation, None, READERS),
    "consultations:report_docx": ("get", consultation, None, READERS),
    "consultations:data_csv": ("get", consultation, None, READERS),
}

# On a public collective, a started consultation's rounds, results and report can be
# read by anyone; only members vote, and only those who run it set rounds up.
PUBLIC_MATRIX = {
    "consultations:rounds": ("get", consultation, None, PUBLIC_READERS),
    "consultations:results": ("get", vote_round, None, PUBLIC_READERS),
    "consultations:report": ("get", consultation, None, PUBLIC_READERS),
    "consultations:report_pdf": ("get", consultation, None, PUBLIC_READERS),
    "consultations:data_csv": ("get", consultation, None, PUBLIC_READERS),
    "consultations:vote": (
        "get",
        vote_round,
        None,
        in_collective(200, anonymous=404, outsider=403, minimum="member"),
    ),
    "consultations:round_create": (
        "get",
        consultation,
        None,
        in_collective(200, outsider=403, **RUNS),
    ),
    "consultations:round_open": (
        "post",
        vote_round,
        {},
        in_collective(302, outsider=403, **RUNS),
    ),
    "consultations:round_edit": (
        "get",
        vote_round,
        None,
        in_collective(200, outsider=403, **RUNS),
    ),
}
