"""Receipts issued at the same time (real threads, on SQLite here and on PostgreSQL in
CI): numbers without a gap or a duplicate, and one receipt per gift."""

import pytest
from django.utils import timezone

from maillage.core.errors import DomainError
from maillage.fund import ledger
from maillage.fund.models import Gift, Receipt, ReceiptSequence
from maillage.fund.services_receipts import issue_receipt

from ..threads import run_together
from .receipts_helpers import cash
from .setting import build_foundation

pytestmark = pytest.mark.django_db(transaction=True)


def test_twelve_requests_at_once_make_receipts_one_to_eight_without_gap(world):
    fund = build_foundation(world)
    year = timezone.localdate().year
    shared = fund.received
    gifts = [cash(fund, name=f"Donatrice {n}", email=f"d{n}@example.org") for n in range(7)]
    gifts.append(shared)  # 8 threads for 8 gifts, and 4 more threads for this one
    jobs = [
        (lambda gift=gift: issue_receipt(actor=world.facilitator, gift=gift)) for gift in gifts
    ] + [(lambda: issue_receipt(actor=world.facilitator, gift=shared))] * 4
    results, errors = run_together(jobs, threads=12)
    assert len(results) == 8, errors
    assert len(errors) == 4
    assert all(isinstance(error, DomainError) for error in errors), errors
    assert all("already covers this gift" in error.message for error in errors)
    numbers = sorted(Receipt.objects.values_list("number", flat=True))
    assert numbers == [f"{year}-{n:05d}" for n in range(1, 9)]
    assert ReceiptSequence.objects.get(foundation=fund.foundation, year=year).last == 8
    assert Receipt.objects.filter(gifts=shared).count() == 1
    assert Gift.objects.filter(receipt__isnull=False).count() == 8
    assert ledger.check(fund.foundation).ok
