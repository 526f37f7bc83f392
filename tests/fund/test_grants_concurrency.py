"""Decisions taken at the same time by several coordinators (real threads, on SQLite and
PostgreSQL alike): the call's budget is never overspent, an application is decided once,
and the ledger stays equal to the records."""

from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.core.errors import DomainError
from maillage.fund import ledger
from maillage.fund import services_grants_decisions as decisions
from maillage.fund.models import Application, GrantCall, GrantDecision, Outcome

from ..threads import run_together
from .setting import build_foundation

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_grants_never_overspend_the_budget(world):
    fund = build_foundation(world)
    GrantCall.objects.filter(pk=fund.call.pk).update(budget=Decimal("2000.00"))
    applications = [fund.application] + [
        Application.objects.create(
            call=fund.call,
            foundation=fund.foundation,
            applicant=person,
            title=f"Projet {n}",
            summary="—",
            budget_use="—",
            amount=Decimal("1000.00"),
            submitted_at=timezone.now(),
        )
        for n, person in enumerate([world.member, world.facilitator, world.coordinator])
    ]

    def grant(application):
        return lambda: decisions.decide(
            actor=world.coordinator, application=application, outcome="granted", amount="1000"
        )

    results, errors = run_together([grant(a) for a in applications], threads=4)
    assert len(results) == 2 and len(errors) == 2
    assert all(isinstance(error, DomainError) for error in errors), errors
    assert {error.message for error in errors} == {"Only 0.00 EUR are left of the call's budget."}
    granted = GrantDecision.objects.filter(outcome=Outcome.GRANTED)
    assert sum(decision.amount for decision in granted) == Decimal("2000.00")
    assert ledger.check(fund.foundation).ok
    assert ledger.figures(fund.foundation, call=fund.call).granted == Decimal("2000.00")


def test_one_application_decided_twice_at_once_is_decided_once(world):
    fund = build_foundation(world)

    def grant():
        return decisions.decide(
            actor=world.coordinator,
            application=fund.application,
            outcome="granted",
            amount="500",
        )

    results, errors = run_together([grant] * 4, threads=4)
    assert len(results) == 1 and len(errors) == 3
    assert all(isinstance(error, DomainError) for error in errors), errors
    assert GrantDecision.objects.count() == 1
    assert ledger.check(fund.foundation).ok
