"""Matching funds: created, changed and ended by the coordinators (services_matching),
and drawn as gifts arrive (services_gifts.receive_gift): the ratio, the caps per gift,
per donor and per project, the total running out mid-gift, two funds on one campaign,
a fund's dates, a refund releasing the draw. The ledger stays balanced after each."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.fund import ledger, matching, services_gifts, services_matching
from maillage.fund.models import (
    Campaign,
    CampaignNeed,
    CampaignStatus,
    DrawKind,
    MatchDraw,
    MatchingFund,
)
from maillage.projects import services as project_services

D = Decimal


@pytest.fixture(autouse=True)
def english():
    """The services' messages are checked in English."""
    with translation.override("en"):
        yield


def today():
    return timezone.localdate()


def fresh_campaign(fund, *, currency="EUR", needs=None):
    """An open campaign matched by no fund yet (the setting's fund matches its own)."""
    campaign = Campaign.objects.create(
        foundation=fund.foundation,
        title="Diagnostic territorial",
        goal=D("20000"),
        currency=currency,
        starts_on=today() - timedelta(days=5),
        ends_on=today() + timedelta(days=30),
        status=CampaignStatus.OPEN,
        created_by=fund.world.coordinator,
    )
    for need in needs if needs is not None else [fund.board.funding]:
        CampaignNeed.objects.create(campaign=campaign, need=need)
    return campaign


def new_fund(fund, campaign, **fields):
    values = {
        "actor": fund.world.coordinator,
        "foundation": fund.foundation,
        "funder": fund.world.organisation,
        "name": "Abondement",
        "ratio": "1",
        "currency": campaign.currency,
        "total": "1000",
        "starts_on": today() - timedelta(days=1),
        "campaigns": [campaign],
    }
    values.update(fields)
    return services_matching.create_matching_fund(**values)


def give(fund, campaign, amount, *, email="alice@example.org", name="Alice", project=None):
    gift = services_gifts.pledge_gift(
        foundation=fund.foundation,
        campaign=campaign,
        project=project,
        name=name,
        email=email,
        amount=amount,
        currency=campaign.currency,
    )
    gift = services_gifts.receive_gift(actor=fund.world.facilitator, gift=gift, received_on=today())
    assert ledger.check(fund.foundation).ok
    return gift


def drawn_for(gift, fund=None):
    draws = MatchDraw.objects.filter(gift=gift, kind=DrawKind.DRAWN)
    if fund is not None:
        draws = draws.filter(fund=fund)
    return sum((d.amount for d in draws), D("0.00"))


# ------------------------------------------------------------------ the services


def test_create_matching_fund_records_it_and_logs_codes(fund):
    campaign = fresh_campaign(fund)
    made = new_fund(fund, campaign, ratio="0,5", cap_per_gift="50", cap_per_donor="80")
    assert made.ratio == D("0.50")
    assert made.cap_per_gift == D("50.00") and made.cap_per_project is None
    assert list(made.campaigns.all()) == [campaign]
    event = AuditEvent.objects.get(action="fund.matching_created", object_id=str(made.pk))
    assert event.after["ratio"] == "0.50"
    assert event.after["campaigns"] == [campaign.pk]
    assert event.after["funder"] == fund.world.organisation.pk


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"ratio": "0"}, "ratio", "more than 0 and at most 10"),
        ({"ratio": "10.5"}, "ratio", "more than 0 and at most 10"),
        ({"ratio": "abc"}, "ratio", "Write the ratio"),
        ({"total": "-5"}, "total", "more than zero"),
        ({"total": "5000000"}, "total", "check the amount"),
        ({"currency": "USD"}, "currency", "Unknown currency"),
        ({"cap_per_gift": "0"}, "cap_per_gift", "more than zero"),
        ({"cap_per_donor": "2000"}, "cap_per_donor", "cannot be more than the fund's total"),
        ({"name": "  "}, "name", "Give the matching fund a name"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_made(fund, fields, field, message):
    campaign = fresh_campaign(fund)
    before = MatchingFund.objects.count()
    with pytest.raises(DomainError) as refused:
        new_fund(fund, campaign, **fields)
    assert refused.value.field == field
    assert message in refused.value.message
    assert MatchingFund.objects.count() == before


def test_funder_must_be_an_organisation_of_the_collective(fund):
    from tests.factories import OrganisationFactory

    campaign = fresh_campaign(fund)
    with pytest.raises(DomainError, match="collective's organisations"):
        new_fund(fund, campaign, funder=OrganisationFactory(name="Ailleurs"))


def test_campaigns_must_be_in_the_fund_currency(fund):
    with pytest.raises(DomainError) as refused:
        new_fund(fund, fund.campaign, currency="CHF")
    assert refused.value.field == "campaigns"
    assert "collects in EUR" in refused.value.message


def test_dates_must_be_in_order(fund):
    campaign = fresh_campaign(fund)
    with pytest.raises(DomainError, match="cannot end before it starts"):
        new_fund(fund, campaign, ends_on=today() - timedelta(days=3))


def _change(fund, made, **fields):
    values = {
        "actor": fund.world.coordinator,
        "fund": made,
        "funder": made.funder,
        "name": made.name,
        "ratio": made.ratio,
        "currency": made.currency,
        "total": made.total,
        "starts_on": made.starts_on,
        "ends_on": made.ends_on,
        "cap_per_gift": made.cap_per_gift,
        "cap_per_donor": made.cap_per_donor,
        "cap_per_project": made.cap_per_project,
        "campaigns": list(made.campaigns.all()),
    }
    values.update(fields)
    return services_matching.change_matching_fund(**values)


def test_lowering_the_total_below_what_is_drawn_is_refused(fund):
    campaign = fresh_campaign(fund)
    made = new_fund(fund, campaign, total="300")
    give(fund, campaign, "200")
    with pytest.raises(DomainError) as refused:
        _change(fund, made, total="150")
    assert refused.value.field == "total"
    assert "already drawn 200.00 EUR" in refused.value.message
    made.refresh_from_db()
    assert made.total == D("300.00")
    changed = _change(fund, made, total="200", name="Abondement 2026")
    assert changed.total == D("200.00")
    event = AuditEvent.objects.get(action="fund.matching_changed")
    assert event.before == {"total": "300.00 EUR"} and event.after == {"total": "200.00 EUR"}


def test_currency_stays_once_the_fund_has_drawn(fund):
    campaign = fresh_campaign(fund)
    made = new_fund(fund, campaign)
    give(fund, campaign, "20")
    with pytest.raises(DomainError, match="currency stays"):
        _change(fund, made, currency="CHF", campaigns=[])


def test_an_ended_fund_matches_no_new_gift_and_keeps_its_draws(fund):
    campaign = fresh_campaign(fund)
    made = new_fund(fund, campaign)
    first = give(fund, campaign, "40")
    services_matching.end_matching_fund(actor=fund.world.coordinator, fund=made)
    second = give(fund, campaign, "40", email="bob@example.org", name="Bob")
    assert drawn_for(first) == D("40.00")
    assert drawn_for(second) == D("0.00")
    with pytest.raises(DomainError, match="already ended"):
        services_matching.end_matching_fund(actor=fund.world.coordinator, fund=made)
    with pytest.raises(DomainError, match="can no longer be changed"):
        _change(fund, made, total="2000")


# ------------------------------------------------------------------ matching as gifts arrive


def test_ratio_one_half_adds_half_rounded_down_to_the_cent(fund):
    campaign = fresh_campaign(fund)
    made = new_fund(fund, campaign, ratio="0.5")
    gift = give(fund, campaign, "25.55")
    assert drawn_for(gift) == D("12.77")
    assert ledger.figures(fund.foundation, fund=made).matched == D("12.77")


def test_cap_per_gift(fund):
    campaign = fresh_campaign(fund)
    new_fund(fund, campaign, cap_per_gift="30")
    assert drawn_for(give(fund, campaign, "100")) == D("30.00")
    assert drawn_for(give(fund, campaign, "10", email="b@example.org")) == D("10.00")


def test_cap_per_donor_counts_two_gifts_by_the_same_email(fund):
    campaign = fresh_campaign(fund)
    new_fund(fund, campaign, cap_per_donor="50")
    first = give(fund, campaign, "30", email="Same@Example.org")
    second = give(fund, campaign, "30", email="same@example.org")
    other = give(fund, campaign, "30", email="someone@example.org")
    assert first.donor_id == second.donor_id
    assert (drawn_for(first), drawn_for(second), drawn_for(other)) == (
        D("30.00"),
        D("20.00"),
        D("30.00"),
    )


def test_cap_per_project(fund):
    other_need = project_services.add_need(
        actor=fund.world.coordinator,
        project=fund.board.project,
        kind="funding",
        description="Local pour les cafés",
        amount="5000",
        currency="EUR",
    )
    campaign = fresh_campaign(fund, needs=[fund.board.funding, other_need])
    new_fund(fund, campaign, cap_per_project="60")
    study = fund.board.other_project
    cafes = fund.board.project
    a = give(fund, campaign, "50", project=study)
    b = give(fund, campaign, "50", email="b@example.org", project=study)
    c = give(fund, campaign, "50", email="c@example.org", project=cafes)
    assert (drawn_for(a), drawn_for(b), drawn_for(c)) == (D("50.00"), D("10.00"), D("50.00"))
    figures = services_matching.summary(MatchingFund.objects.get(campaigns=campaign))
    per_project = {row["gift__project"]: row["drawn"] for row in figures["per_project"]}
    assert per_project == {study.pk: D("60.00"), cafes.pk: D("50.00")}
    assert figures["donors"] == 3


def test_the_total_running_out_mid_gift_matches_part_of_it(fund):
    campaign = fresh_campaign(fund)
    made = new_fund(fund, campaign, total="100")
    give(fund, campaign, "70")
    partial = give(fund, campaign, "70", email="b@example.org")
    none = give(fund, campaign, "70", email="c@example.org")
    assert drawn_for(partial) == D("30.00")
    assert drawn_for(none) == D("0.00")
    assert matching.room(made).total == D("0.00")
    assert not matching.preview(campaign, D("10"), on=today())


def test_two_funds_on_one_campaign_each_draw_their_share(fund):
    campaign = fresh_campaign(fund)
    company = new_fund(fund, campaign, name="Entreprise", ratio="1", cap_per_gift="20")
    public = new_fund(fund, campaign, name="Département", ratio="0.5")
    gift = give(fund, campaign, "60")
    assert drawn_for(gift, company) == D("20.00")
    assert drawn_for(gift, public) == D("30.00")
    assert ledger.figures(fund.foundation, campaign=campaign).matched == D("50.00")
    shown = {row.fund.pk: row.matched for row in matching.preview(campaign, D("10"), on=today())}
    assert shown == {company.pk: D("10.00"), public.pk: D("5.00")}


def test_a_fund_matches_between_its_dates_only(fund):
    campaign = fresh_campaign(fund)
    later = new_fund(fund, campaign, starts_on=today() + timedelta(days=3))
    past = new_fund(
        fund,
        campaign,
        name="Passé",
        starts_on=today() - timedelta(days=20),
        ends_on=today() - timedelta(days=1),
    )
    gift = give(fund, campaign, "40")
    assert drawn_for(gift) == D("0.00")
    assert not MatchDraw.objects.filter(fund__in=[later, past]).exists()


def test_a_refund_releases_the_draw_for_the_next_gifts(fund):
    campaign = fresh_campaign(fund)
    made = new_fund(fund, campaign, total="50")
    first = give(fund, campaign, "50")
    services_gifts.refund_gift(actor=fund.world.facilitator, gift=first, reason="Erreur")
    assert ledger.check(fund.foundation).ok
    assert matching.room(made).total == D("50.00")
    second = give(fund, campaign, "50", email="b@example.org")
    assert drawn_for(second) == D("50.00")
    assert services_matching.drawn(made) == D("50.00")


def test_funder_payment_settles_what_it_owes(fund):
    campaign = fresh_campaign(fund)
    made = new_fund(fund, campaign)
    give(fund, campaign, "80")
    services_gifts.receive_funder_payment(
        actor=fund.world.facilitator, fund=made, amount="50", received_on=today()
    )
    assert ledger.check(fund.foundation).ok
    assert services_matching.summary(made)["owed"] == D("30.00")
    with pytest.raises(DomainError, match="owes 30(.00)? EUR"):
        services_gifts.receive_funder_payment(
            actor=fund.world.facilitator, fund=made, amount="31", received_on=today()
        )
