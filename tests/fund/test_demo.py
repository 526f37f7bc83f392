"""The demo's foundation (maillage/demo/fund.py) loads on a fresh database, through the
services: a campaign for a 20,000 € diagnosis, a matching fund, gifts of all kinds, a
reconciled statement, receipts and a call for applications; a second run creates
nothing; the ledger holds what the records say; the texts follow French typography."""

import pytest

from maillage.demo import fund as demo
from maillage.fund import ledger
from maillage.fund.models import (
    Application,
    ApplicationStatus,
    BankLine,
    CallStatus,
    Campaign,
    Conflict,
    Gift,
    GiftStatus,
    LineStatus,
    Method,
    MonthlyGift,
    Receipt,
)
from tests.typography import slips

from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def foundation(world):
    extra = {
        key: MembershipFactory(collective=world.collective, role="member").user
        for key in ("olivier", "camille")
    }
    people = {
        "sebastien": world.coordinator,
        "fatou": world.facilitator,
        "amina": world.member,
        "hugo": world.member,
        **extra,
    }
    return demo.load(people.get, world.collective)


def test_the_campaign_the_gifts_and_the_statement(foundation):
    campaign = Campaign.objects.get(foundation=foundation)
    assert campaign.goal == 20000 and campaign.currency == "EUR" and campaign.is_open
    assert campaign.campaign_needs.get().need.project.public
    gifts = Gift.objects.filter(foundation=foundation)
    assert set(gifts.values_list("method", flat=True)) == {
        Method.TRANSFER,
        Method.CASH,
        Method.ROUND_UP,
    }
    assert MonthlyGift.objects.filter(foundation=foundation).count() == 2
    lines = BankLine.objects.filter(foundation=foundation)
    assert lines.filter(status=LineStatus.MATCHED, matched_how="reference").count() == 8
    assert lines.filter(status=LineStatus.MATCHED, matched_how="name").count() == 2
    assert lines.filter(status=LineStatus.REVIEW).count() == 1
    assert gifts.filter(status=GiftStatus.PLEDGED).count() == 2  # two promises
    figures = ledger.figures(foundation, campaign=campaign)
    assert figures.matched > 0 and figures.received > 2000
    assert ledger.check(foundation).ok


def test_receipts_and_the_call(foundation):
    numbers = list(Receipt.objects.filter(foundation=foundation).values_list("sequence", flat=True))
    assert sorted(numbers) == [1, 2, 3]
    call = foundation.calls.get()
    assert call.status == CallStatus.REVIEW and call.criteria.count() == 3
    granted = Application.objects.get(call=call, status=ApplicationStatus.GRANTED)
    assert granted.decision.disbursements.get().amount == 600
    assert Conflict.objects.filter(application=granted).count() == 1
    assert granted.reports.count() == 1
    assert ledger.figures(foundation).disbursed == 600


def test_a_second_run_creates_nothing(foundation, world):
    gifts = Gift.objects.count()
    assert demo.load(lambda key: None, world.collective) == foundation
    assert Gift.objects.count() == gifts


def test_french_typography(foundation):
    texts = [
        foundation.purpose,
        *Campaign.objects.values_list("description", flat=True),
        *foundation.calls.values_list("description", flat=True),
        *Gift.objects.exclude(message="").values_list("message", flat=True),
    ]
    assert [slip for text in texts for slip in slips(text)] == []
