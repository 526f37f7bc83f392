"""The results of a call's review, read from the committee's scores (no change here):
per application, each criterion's mean, the total on 100, the number of scorers and of
conflicted members, and the rank. Scores of a member who declared a conflict of interest
on an application are kept in the database but left out here."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import Application, ApplicationStatus, Conflict, Score


@dataclass
class Result:
    application: Application
    means: list = field(default_factory=list)  # (criterion, mean or None), rubric order
    total: Decimal | None = None  # on 100
    scorers: int = 0
    conflicted: int = 0
    rank: int | None = None


def _mean(values):
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def results(call):
    """Per application (withdrawn ones left out): the mean of the members' scores on each
    criterion, the total on 100 (each criterion's mean over its highest score, weighted),
    the number of scorers and of conflicted members; ranked by total (unscored last).
    Scores of a member who declared a conflict are left out."""
    criteria = list(call.criteria.all())
    applications = list(
        call.applications.exclude(status=ApplicationStatus.WITHDRAWN).order_by("submitted_at", "pk")
    )
    conflicts = defaultdict(set)
    for application_id, member_id in Conflict.objects.filter(application__call=call).values_list(
        "application_id", "member_id"
    ):
        conflicts[application_id].add(member_id)
    scores = defaultdict(list)
    scorers = defaultdict(set)
    for application_id, criterion_id, member_id, value in Score.objects.filter(
        application__call=call
    ).values_list("application_id", "criterion_id", "member_id", "value"):
        if member_id in conflicts[application_id]:
            continue
        scores[(application_id, criterion_id)].append(value)
        scorers[application_id].add(member_id)
    weights = sum(criterion.weight for criterion in criteria)
    rows = []
    for application in applications:
        row = Result(
            application=application,
            scorers=len(scorers[application.pk]),
            conflicted=len(conflicts[application.pk]),
        )
        weighted = Decimal(0)
        for criterion in criteria:
            values = scores[(application.pk, criterion.pk)]
            mean = _mean(values) if values else None
            row.means.append((criterion, mean))
            if mean is not None:
                weighted += (
                    Decimal(criterion.weight)
                    * Decimal(sum(values))
                    / len(values)
                    / criterion.max_score
                )
        if row.scorers and weights:
            row.total = (weighted * 100 / weights).quantize(Decimal("0.1"), ROUND_HALF_UP)
        rows.append(row)
    ranked = sorted((row for row in rows if row.total is not None), key=lambda row: -row.total)
    previous, rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if row.total != previous:
            rank, previous = position, row.total
        row.rank = rank
    return ranked + [row for row in rows if row.total is None]
