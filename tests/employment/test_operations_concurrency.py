"""What holds when people act on an operation at the same time, in real threads with
their own database connections (SQLite, or PostgreSQL in CI): the same channel added
twice gives one channel and a clear message; two people moving the same candidate
from the same page: one change, the other refused as stale."""

from datetime import date

import pytest

from maillage.core.errors import ConflictError, DomainError
from maillage.employment import services_operations as services
from maillage.employment.models_operations import CandidateStep, Channel, Stage

from ..threads import run_together
from .setting_operations import build_operation

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_channel_added_at_once_is_one_channel(world):
    made = build_operation(world, candidates=False)

    def add():
        return services.add_channel(
            actor=world.coordinator, operation=made.operation, kind="plie", name="PLIE de l'Est"
        )

    results, errors = run_together([add] * 6, threads=6)
    assert len(results) == 1
    assert len(errors) == 5
    assert all(isinstance(error, DomainError) for error in errors)
    assert {error.message for error in errors} == {
        "This operation already has a channel of that name."
    }
    assert Channel.objects.filter(operation=made.operation, name="PLIE de l'Est").count() == 1


def test_one_page_sent_twice_moves_the_candidate_once(world):
    made = build_operation(world)
    candidate = made.candidates["D"]

    def move():
        return services.move_candidate(
            actor=world.member,
            candidate=candidate,
            stage=Stage.INFORMATION,
            on=date(2026, 12, 2),
            base_version=candidate.version,
        )

    results, errors = run_together([move] * 4, threads=4)
    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(error, ConflictError) for error in errors)
    assert CandidateStep.objects.filter(candidate=candidate).count() == 2


def test_the_same_candidate_sent_twice_at_once_is_one_candidate(world):
    made = build_operation(world, candidates=False)

    def add():
        return services.add_candidate(
            actor=world.member,
            operation=made.operation,
            name="Awa Diallo",
            email="awa.diallo@example.org",
            channel=made.channels["ml"],
            sourced_on=date(2026, 12, 1),
        )

    results, errors = run_together([add] * 4, threads=4)
    assert len(results) == 1
    assert [error.message for error in errors] == [
        "This candidate is already in the operation, with the same date."
    ] * 3
    assert made.operation.candidates.filter(name="Awa Diallo").count() == 1
