"""What must hold when two treasurers act at once (real threads, SQLite and PostgreSQL
alike): the same statement sent twice is imported once; two overlapping statements add
each line once; one line matched twice receives its gift once."""

import pytest
from django.utils import timezone

from maillage.core.errors import DomainError
from maillage.fund import ledger, services_bank
from maillage.fund.models import Gift, GiftStatus, Movement
from maillage.fund.models_bank import BankLine, BankStatement, LineStatus

from ..threads import run_together
from .setting import build_foundation
from .statements.build import camt

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_statement_sent_twice_at_once_is_imported_once(world):
    fund = build_foundation(world)
    data = camt(
        [
            {
                "amount": "50.00",
                "booked_on": timezone.localdate(),
                "reference": fund.pledged.reference,
            }
        ]
    )

    def send():
        return services_bank.import_statement(
            actor=world.facilitator, foundation=fund.foundation, file_name="r.xml", data=data
        )

    results, errors = run_together([send] * 3, threads=3)
    assert len(results) == 1
    assert len(errors) == 2 and all(isinstance(error, DomainError) for error in errors)
    assert all("already imported on" in error.message for error in errors)
    assert BankStatement.objects.count() == 1 and BankLine.objects.count() == 1
    assert Movement.objects.filter(gift=fund.pledged, kind="received").count() == 1
    assert ledger.check(fund.foundation).ok


def test_overlapping_statements_at_once_add_each_line_once(world):
    fund = build_foundation(world)
    today = timezone.localdate()
    shared = {"amount": "50.00", "booked_on": today, "reference": fund.pledged.reference}
    files = [
        camt([shared, {"amount": "5.00", "booked_on": today, "bank_ref": "A"}], statement_id="1"),
        camt([shared, {"amount": "6.00", "booked_on": today, "bank_ref": "B"}], statement_id="2"),
    ]

    def send(data):
        return lambda: services_bank.import_statement(
            actor=world.facilitator, foundation=fund.foundation, file_name="r.xml", data=data
        )

    results, errors = run_together([send(data) for data in files], threads=2)
    assert not errors and len(results) == 2
    assert BankLine.objects.count() == 3
    assert sorted(result.statement.new_lines for result in results) == [1, 2]
    assert Gift.objects.get(pk=fund.pledged.pk).status == GiftStatus.RECEIVED
    assert ledger.check(fund.foundation).ok


def test_one_line_matched_twice_at_once_receives_once(world):
    fund = build_foundation(world)
    services_bank.import_statement(
        actor=world.facilitator,
        foundation=fund.foundation,
        file_name="r.xml",
        data=camt([{"amount": "42.00", "booked_on": timezone.localdate(), "bank_ref": "X"}]),
    )
    line = BankLine.objects.get()

    def match():
        return services_bank.match_line(actor=world.facilitator, line=line, gift=fund.pledged)

    results, errors = run_together([match] * 3, threads=3)
    assert len(results) == 1 and len(errors) == 2
    assert all(isinstance(error, DomainError) for error in errors)
    assert BankLine.objects.get().status == LineStatus.MATCHED
    assert Movement.objects.filter(gift=fund.pledged, kind="received").count() == 1
    assert ledger.check(fund.foundation).ok
