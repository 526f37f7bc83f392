"""Standing orders (started without an account, a gift a month made by the periodic job
once, ended by the donor or a treasurer) and round-up programmes (an employer's monthly
total, reported once per month, pledged to the ledger)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from maillage.audit.models import AuditEvent
from maillage.core import periodic
from maillage.core.errors import DomainError
from maillage.fund import ledger, services_recurring, tasks
from maillage.fund.models import (
    Gift,
    GiftStatus,
    Method,
    MonthlyGift,
    RoundUpProgramme,
    RoundUpReport,
)

D = Decimal


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def start(fund, **fields):
    values = {
        "foundation": fund.foundation,
        "campaign": fund.campaign,
        "name": "Nadia Benali",
        "email": "nadia@example.org",
        "address": "3 rue Voltaire\n93100 Montreuil",
        "amount": "15",
        "currency": "EUR",
        "shown": False,
    }
    values.update(fields)
    return services_recurring.start_monthly(**values)


# ------------------------------------------------------------------ standing orders


def test_start_monthly_gives_a_reference_a_key_and_an_email(
    fund, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        monthly = start(fund)
    assert monthly.reference.startswith("RF")
    assert len(monthly.key) >= 40
    assert monthly.amount == D("15.00") and monthly.donor.email == "nadia@example.org"
    assert monthly.starts_on == timezone.localdate()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@example.org"]
    assert monthly.reference in message.body
    assert fund.foundation.iban_eur in message.body
    assert monthly.key in message.body
    event = AuditEvent.objects.get(action="fund.monthly_started")
    assert "Nadia" not in str(event.after) and "nadia@" not in str(event.after)


def test_a_standing_order_in_francs_gets_a_qr_reference(fund):
    monthly = start(fund, campaign=None, currency="CHF")
    assert monthly.reference.isdigit() and len(monthly.reference) == 27


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"amount": "-10"}, "amount", "more than zero"),
        ({"amount": "2000000"}, "amount", "check the amount"),
        ({"currency": "GBP"}, "currency", "Unknown currency"),
        ({"currency": "CHF"}, "currency", "collects in EUR"),
        ({"email": ""}, "email", "Give an e-mail address"),
        ({"starts_on": date(2000, 1, 1)}, "starts_on", "today or later"),
    ],
)
def test_bad_standing_orders_are_refused(fund, fields, field, message):
    with pytest.raises(DomainError) as refused:
        start(fund, **fields)
    assert refused.value.field == field
    assert message in refused.value.message
    assert not MonthlyGift.objects.exists()


def test_no_standing_order_for_a_closed_campaign(fund):
    fund.campaign.ends_on = timezone.localdate() - timedelta(days=1)
    fund.campaign.starts_on = timezone.localdate() - timedelta(days=20)
    fund.campaign.save()
    with pytest.raises(DomainError, match="closed on"):
        start(fund)
    assert not MonthlyGift.objects.exists()


def test_pledge_months_makes_one_gift_a_month_however_often_it_runs(fund):
    monthly = start(fund)
    future = start(
        fund, email="later@example.org", starts_on=timezone.localdate() + timedelta(days=40)
    )
    assert tasks.pledge_due_months() == 1
    assert tasks.pledge_due_months() == 0
    tasks.pledge_months.call()
    gifts = Gift.objects.filter(monthly=monthly)
    assert gifts.count() == 1
    gift = gifts.get()
    assert gift.month == services_recurring.first_of_month(timezone.localdate())
    assert gift.status == GiftStatus.PLEDGED and gift.amount == D("15.00")
    assert not Gift.objects.filter(monthly=future).exists()
    assert ledger.check(fund.foundation).ok
    # Next month, the job makes next month's gift.
    next_month = timezone.now() + timedelta(days=32)
    assert tasks.pledge_due_months(next_month) == 1
    assert gifts.count() == 2


def test_the_jobs_are_registered_with_the_periodic_tick(fund):
    assert periodic.JOBS["fund.pledge_months"] is tasks.pledge_due_months
    assert periodic.JOBS["fund.close_due"] is tasks.close_due_now
    start(fund)
    done = periodic.run_jobs()
    assert done["fund.pledge_months"] == 1
    assert done["fund.close_due"] != "failed"


def test_an_ended_standing_order_makes_no_more_gifts(fund):
    monthly = start(fund)
    services_recurring.end_monthly(actor=None, monthly=monthly)
    assert tasks.pledge_due_months() == 0
    with pytest.raises(DomainError, match="already ended"):
        services_recurring.end_monthly(actor=fund.world.facilitator, monthly=monthly)
    assert AuditEvent.objects.filter(action="fund.monthly_ended").count() == 1


# ------------------------------------------------------------------ round-ups


def programme(fund, **fields):
    values = {
        "actor": fund.world.coordinator,
        "foundation": fund.foundation,
        "organisation": fund.world.organisation,
        "name": "Arrondi sur salaire",
        "currency": "EUR",
        "campaign": fund.campaign,
    }
    values.update(fields)
    return services_recurring.create_round_up(**values)


def test_create_round_up_gets_its_own_reference(fund):
    made = programme(fund)
    other = programme(fund, name="Arrondi en caisse", campaign=None)
    assert made.reference.startswith("RF") and made.reference != other.reference
    assert made.starts_on == timezone.localdate()


def test_round_up_refuses_an_organisation_of_another_collective(fund):
    from tests.factories import OrganisationFactory

    with pytest.raises(DomainError, match="collective's organisations"):
        programme(fund, organisation=OrganisationFactory(name="Ailleurs"))
    assert not RoundUpProgramme.objects.exists()


def test_report_round_up_pledges_one_gift_to_the_ledger(fund):
    made = programme(fund)
    month = timezone.localdate()
    report = services_recurring.report_round_up(
        actor=fund.world.member, programme=made, month=month, total="123,45", participants=17
    )
    assert report.month == services_recurring.first_of_month(month)
    gift = Gift.objects.get(round_up=report)
    assert gift.method == Method.ROUND_UP and gift.donor is None
    assert gift.amount == D("123.45") and gift.campaign == fund.campaign
    assert gift.status == GiftStatus.PLEDGED
    assert gift.project == fund.board.other_project
    assert ledger.check(fund.foundation).ok
    assert ledger.figures(fund.foundation, campaign=fund.campaign).pledged == D("173.45")


def test_a_second_report_for_the_same_month_is_refused_saying_when(fund):
    made = programme(fund)
    month = timezone.localdate()
    services_recurring.report_round_up(
        actor=fund.world.member, programme=made, month=month, total="50"
    )
    with pytest.raises(DomainError) as refused:
        services_recurring.report_round_up(
            actor=fund.world.facilitator, programme=made, month=month, total="60"
        )
    assert refused.value.field == "month"
    assert "already reported on" in refused.value.message
    assert RoundUpReport.objects.count() == 1
    assert Gift.objects.filter(method=Method.ROUND_UP).count() == 1


def test_months_in_the_future_or_before_the_programme_are_refused(fund):
    made = programme(fund)
    today = timezone.localdate()
    with pytest.raises(DomainError, match="once the month has started"):
        services_recurring.report_round_up(
            actor=fund.world.member, programme=made, month=today + timedelta(days=40), total="5"
        )
    with pytest.raises(DomainError, match="report a month since then"):
        services_recurring.report_round_up(
            actor=fund.world.member, programme=made, month=today - timedelta(days=40), total="5"
        )
    with pytest.raises(DomainError, match="more than zero"):
        services_recurring.report_round_up(
            actor=fund.world.member, programme=made, month=today, total="0"
        )
    with pytest.raises(DomainError, match="number of people"):
        services_recurring.report_round_up(
            actor=fund.world.member, programme=made, month=today, total="5", participants=-3
        )
    assert not RoundUpReport.objects.exists()
    assert ledger.check(fund.foundation).ok


def test_round_up_for_a_closed_campaign_goes_to_the_general_funds(fund):
    made = programme(fund)
    fund.campaign.ends_on = timezone.localdate() - timedelta(days=1)
    fund.campaign.starts_on = timezone.localdate() - timedelta(days=20)
    fund.campaign.save()
    report = services_recurring.report_round_up(
        actor=fund.world.member, programme=made, month=timezone.localdate(), total="40"
    )
    gift = Gift.objects.get(round_up=report)
    assert gift.campaign is None
    assert ledger.check(fund.foundation).ok


def test_an_ended_programme_takes_no_later_month(fund):
    made = programme(fund)
    services_recurring.end_round_up(actor=fund.world.coordinator, programme=made)
    with pytest.raises(DomainError, match="already ended"):
        services_recurring.end_round_up(actor=fund.world.coordinator, programme=made)
    # This month is still the programme's last month.
    services_recurring.report_round_up(
        actor=fund.world.member, programme=made, month=timezone.localdate(), total="12"
    )
