"""API matrix entries (tests/api/test_api_permissions.py) for consultations, their
synthesis and their results.

The consultation is the world's private collective's, open, with a closed round of
agree/disagree votes: every member reads it, its synthesis and its results, as its
report and results pages; nobody outside sees the collective (404).
"""

from maillage.consultations.models import Vote

from ..factories import (
    ConsultationFactory,
    ParticipantFactory,
    RoundFactory,
    StatementFactory,
)
from .setting import api_in_collective


def consultation_with_votes(w, *, status="open", published=False):
    """A consultation of the world's collective with a closed agree round on two
    statements, voted by four participants."""
    from django.utils import timezone

    consultation = ConsultationFactory(
        collective=w.collective,
        created_by=w.coordinator,
        status=status,
        synthesis_published_at=timezone.now() if published else None,
    )
    first, second = (
        StatementFactory(consultation=consultation, created_by=w.coordinator, text=text)
        for text in ("Un revenu pour la transition", "Des emplois locaux d'abord")
    )
    round_ = RoundFactory(consultation=consultation, number=1, kind="agree", status="closed")
    round_.statements.set([first, second])
    choices = [(1, -1), (1, -1), (1, 1), (0, 1)]
    for one, two in choices:
        participant = ParticipantFactory(group__consultation=consultation)
        Vote.objects.create(round=round_, statement=first, participant=participant, choice=one)
        Vote.objects.create(round=round_, statement=second, participant=participant, choice=two)
    return consultation


def collective(w):
    return [w.collective.slug]


def consultation(w):
    return [w.collective.slug, consultation_with_votes(w).pk]


# "method url-name": (args builder or None, JSON body or None, expected status by persona)
MATRIX = {
    "get api:consultation-list": (collective, None, api_in_collective(200)),
    "get api:consultation-detail": (consultation, None, api_in_collective(200)),
    "get api:consultation-synthesis": (consultation, None, api_in_collective(200)),
    "get api:consultation-results": (consultation, None, api_in_collective(200)),
}
