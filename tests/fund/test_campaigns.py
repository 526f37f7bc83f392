"""The foundation's and its campaigns' services (services_campaigns): creating and
setting up the foundation, a campaign for the board's funding needs, its news, and
closing it in both modes, with the ledger checked after each money change."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.fund import ledger, services_campaigns, services_gifts
from maillage.fund.models import (
    Campaign,
    CampaignNeed,
    CampaignNews,
    CampaignStatus,
    DrawKind,
    Foundation,
    FundingMode,
    Gift,
    GiftStatus,
    MatchDraw,
)
from maillage.projects import services as projects

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


TODAY = timezone.localdate


def _need(fund, amount="8000", currency="EUR", project=None):
    return projects.add_need(
        actor=fund.world.coordinator,
        project=project or fund.board.project,
        kind="funding",
        description="Diagnostic territorial",
        amount=amount,
        currency=currency,
    )


def _campaign(fund, *, mode=FundingMode.ALL_OR_NOTHING, goal="1000", needs=None, days=30):
    campaign = services_campaigns.create_campaign(
        actor=fund.world.coordinator,
        foundation=fund.foundation,
        title="Diagnostic territorial",
        needs=needs or [fund.board.funding],
        currency="EUR",
        starts_on=TODAY(),
        ends_on=TODAY() + timedelta(days=days),
        mode=mode,
        goal=goal,
    )
    return services_campaigns.open_campaign(actor=fund.world.coordinator, campaign=campaign)


def _give(fund, campaign, amount, email, *, receive=True):
    gift = services_gifts.pledge_gift(
        foundation=fund.foundation,
        campaign=campaign,
        name="Donatrice",
        email=email,
        amount=amount,
        currency="EUR",
    )
    if receive:
        gift = services_gifts.receive_gift(
            actor=fund.world.facilitator, gift=gift, received_on=TODAY()
        )
    return gift


def assert_balanced(foundation):
    result = ledger.check(foundation)
    assert result.ok, result.problems


# ------------------------------------------------------------------ the foundation


def test_one_foundation_per_collective(fund):
    with pytest.raises(DomainError) as refused:
        services_campaigns.create_foundation(
            actor=fund.world.coordinator, collective=fund.world.collective, name="Autre"
        )
    assert "already has its foundation" in refused.value.message
    assert Foundation.objects.filter(collective=fund.world.collective).count() == 1


def test_a_foundation_is_created_and_logged(world):
    made = services_campaigns.create_foundation(
        actor=world.coordinator, collective=world.other, name="  Fondation du pôle  "
    )
    assert made.name == "Fondation du pôle"
    assert AuditEvent.objects.filter(action="fund.foundation_created", collective=world.other)


def _settings(fund, **changes):
    foundation = fund.foundation
    values = {name: getattr(foundation, name) for name in services_campaigns.FOUNDATION_FIELDS}
    values["treasurers"] = [fund.world.facilitator]
    values.update(changes)
    return services_campaigns.change_foundation(
        actor=fund.world.coordinator, foundation=foundation, version=foundation.version, **values
    )


def test_settings_change_treasurers_and_accounts(fund):
    changed = _settings(
        fund,
        iban_eur="fr76 3000 6000 0112 3456 7890 189",
        treasurers=[fund.world.facilitator, fund.world.member],
        provider="mollie",
        provider_key="test_secret_key",
    )
    assert changed.iban_eur == "FR7630006000011234567890189"
    assert set(changed.treasurers.all()) == {fund.world.facilitator, fund.world.member}
    event = AuditEvent.objects.filter(action="fund.foundation_changed").latest("pk")
    assert "test_secret_key" not in str(event.after)
    assert event.after["provider_key_set"] is True


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"iban_eur": "FR7630006000011234567890100"}, "iban_eur", "not valid"),
        ({"iban_eur": "CH4431999123000889012"}, "iban_eur", "QR-IBAN receives francs only"),
        ({"iban_chf": "FR7630006000011234567890189"}, "iban_chf", "Swiss or Liechtenstein"),
        ({"bic_eur": "BNP"}, "bic_eur", "BIC is not valid"),
        ({"provider": "mollie", "provider_key": ""}, "provider_key", "API key"),
    ],
)
def test_settings_refuse_bad_accounts(fund, changes, field, words):
    version = fund.foundation.version
    with pytest.raises(DomainError) as refused:
        _settings(fund, **changes)
    assert refused.value.field == field
    assert words in refused.value.message
    fund.foundation.refresh_from_db()
    assert fund.foundation.version == version
    assert fund.foundation.iban_eur == "FR7630006000011234567890189"


def test_treasurers_are_current_members(fund):
    with pytest.raises(DomainError) as refused:
        _settings(fund, treasurers=[fund.world.outsider])
    assert refused.value.field == "treasurers"
    assert list(fund.foundation.treasurers.all()) == [fund.world.facilitator]


# ------------------------------------------------------------------ campaigns


def test_a_campaign_goal_defaults_to_its_needs(fund):
    second = _need(fund, amount="8000")
    campaign = services_campaigns.create_campaign(
        actor=fund.world.coordinator,
        foundation=fund.foundation,
        title="Deux besoins",
        needs=[fund.board.funding, second],
        currency="EUR",
        starts_on=TODAY(),
        ends_on=TODAY() + timedelta(days=30),
    )
    assert campaign.goal == Decimal("33000.00")
    assert campaign.status == CampaignStatus.DRAFT
    assert set(services_gifts.projects_of(campaign)) == {
        fund.board.project,
        fund.board.other_project,
    }


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"needs": []}, "needs", "at least one funding need"),
        ({"currency": "CHF"}, "needs", "in CHF"),
        ({"currency": "USD"}, "currency", "Unknown currency"),
        ({"goal": "-5"}, "goal", "more than zero"),
        ({"goal": "99999999999"}, "goal", "check the amount"),
        ({"title": "  "}, "title", "title"),
        ({"ends_on_days": -1}, "ends_on", "on or after"),
    ],
)
def test_a_campaign_refuses_bad_input(fund, kwargs, field, words):
    before = Campaign.objects.count()
    values = {
        "title": "Diagnostic",
        "needs": [fund.board.funding],
        "currency": "EUR",
        "starts_on": TODAY(),
        "ends_on": TODAY() + timedelta(days=kwargs.pop("ends_on_days", 30)),
    }
    values.update(kwargs)
    with pytest.raises(DomainError) as refused:
        services_campaigns.create_campaign(
            actor=fund.world.coordinator, foundation=fund.foundation, **values
        )
    assert refused.value.field == field
    assert words in refused.value.message
    assert Campaign.objects.count() == before


def test_a_met_need_or_another_collectives_need_is_refused(fund):
    need = _need(fund)
    need.met_at = timezone.now()
    need.save()
    with pytest.raises(DomainError) as refused:
        services_campaigns.create_campaign(
            actor=fund.world.coordinator,
            foundation=fund.foundation,
            title="Diagnostic",
            needs=[need],
            currency="EUR",
            starts_on=TODAY(),
            ends_on=TODAY() + timedelta(days=3),
        )
    assert "open funding needs" in refused.value.message


def test_an_open_campaign_keeps_its_terms(fund):
    campaign = fund.campaign
    with pytest.raises(DomainError) as refused:
        services_campaigns.change_campaign(
            actor=fund.world.coordinator,
            campaign=campaign,
            version=campaign.version,
            title=campaign.title,
            goal="30000",
            starts_on=campaign.starts_on - timedelta(days=1),
            ends_on=campaign.ends_on,
        )
    assert refused.value.field == "starts_on"
    changed = services_campaigns.change_campaign(
        actor=fund.world.coordinator,
        campaign=campaign,
        version=campaign.version,
        title="Étude du groupement",
        goal="30 000",
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on + timedelta(days=10),
    )
    assert changed.goal == Decimal("30000.00")
    assert changed.title == "Étude du groupement"
    event = AuditEvent.objects.filter(action="fund.campaign_changed").latest("pk")
    assert event.after["goal"] == "30000.00 EUR"


def test_a_stale_version_is_refused(fund):
    campaign = fund.campaign
    with pytest.raises(DomainError) as refused:
        services_campaigns.change_campaign(
            actor=fund.world.coordinator,
            campaign=campaign,
            version=campaign.version - 1 if campaign.version > 1 else 99,
            title="Autre",
            goal="100",
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
        )
    assert refused.value.code == "conflict"


def test_opening_a_draft(fund):
    with pytest.raises(DomainError) as refused:
        services_campaigns.open_campaign(actor=fund.world.coordinator, campaign=fund.draft)
    assert "funding needs" in refused.value.message
    CampaignNeed.objects.create(campaign=fund.draft, need=_need(fund, "3000", "CHF"))
    opened = services_campaigns.open_campaign(actor=fund.world.coordinator, campaign=fund.draft)
    assert opened.status == CampaignStatus.OPEN
    with pytest.raises(DomainError):
        services_campaigns.open_campaign(actor=fund.world.coordinator, campaign=opened)


def test_news_comes_from_one_of_the_campaigns_projects(fund):
    with pytest.raises(DomainError) as refused:
        services_campaigns.add_news(
            actor=fund.world.coordinator,
            campaign=fund.campaign,
            project=fund.board.project,
            title="Nouvelles",
            body="Texte",
        )
    assert refused.value.field == "project"
    news = services_campaigns.add_news(
        actor=fund.world.coordinator,
        campaign=fund.campaign,
        project=fund.board.other_project,
        title="L'étude commence",
        body="Le bureau d'études est choisi.",
    )
    assert CampaignNews.objects.get(campaign=fund.campaign) == news


# ------------------------------------------------------------------ gifts refused


@pytest.mark.parametrize(
    ("amount", "currency", "words"),
    [
        ("-20", "EUR", "more than zero"),
        ("0", "EUR", "more than zero"),
        ("5000000", "EUR", "check the amount"),
        ("12.345", "EUR", "two decimals"),
        ("douze", "EUR", "as a number"),
        ("20", "USD", "Unknown currency"),
        ("20", "CHF", "collects in EUR"),
    ],
)
def test_a_bad_gift_is_refused_and_nothing_saved(fund, amount, currency, words):
    gifts, lines = Gift.objects.count(), ledger.Line.objects.count()
    with pytest.raises(DomainError) as refused:
        services_gifts.pledge_gift(
            foundation=fund.foundation,
            campaign=fund.campaign,
            name="Nadia",
            email="nadia@example.org",
            amount=amount,
            currency=currency,
        )
    assert words in refused.value.message
    assert (Gift.objects.count(), ledger.Line.objects.count()) == (gifts, lines)


def test_a_gift_before_the_campaign_opens_or_after_it_closed(fund):
    gifts = Gift.objects.count()
    with pytest.raises(DomainError) as refused:
        _give(fund, fund.draft, "20", "tot@example.org", receive=False)
    assert "has not opened yet" in refused.value.message
    campaign = _campaign(fund, mode=FundingMode.KEEP)
    services_campaigns.close_campaign(actor=fund.world.coordinator, campaign=campaign, early=True)
    with pytest.raises(DomainError) as refused:
        _give(fund, campaign, "20", "tard@example.org", receive=False)
    assert "gifts are no longer recorded" in refused.value.message
    assert Gift.objects.count() == gifts


# ------------------------------------------------------------------ closing


def test_closing_before_the_end_needs_a_choice(fund):
    with pytest.raises(DomainError) as refused:
        services_campaigns.close_campaign(actor=fund.world.coordinator, campaign=fund.campaign)
    assert refused.value.field == "early"
    fund.campaign.refresh_from_db()
    assert fund.campaign.status == CampaignStatus.OPEN


def test_keep_mode_missed_goal_closes_and_keeps_the_money(fund):
    closed = services_campaigns.close_campaign(
        actor=fund.world.coordinator, campaign=fund.campaign, early=True
    )
    assert closed.status == CampaignStatus.CLOSED
    assert Gift.objects.get(pk=fund.received.pk).status == GiftStatus.RECEIVED
    assert Gift.objects.get(pk=fund.pledged.pk).status == GiftStatus.PLEDGED
    assert_balanced(fund.foundation)


def test_all_or_nothing_missed_refunds_cancels_and_tells(fund, django_capture_on_commit_callbacks):
    campaign = _campaign(fund, goal="1000")
    fund.matching.campaigns.add(campaign)
    received = _give(fund, campaign, "200", "alice@example.org")
    assert_balanced(fund.foundation)
    pledged = _give(fund, campaign, "300", "bob@example.org", receive=False)
    assert_balanced(fund.foundation)
    # 200 received + 100 matched: the 300 promised do not count.
    assert not services_campaigns.reached(campaign)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        closed = services_campaigns.close_campaign(
            actor=fund.world.coordinator, campaign=campaign, early=True
        )
    assert closed.status == CampaignStatus.FAILED
    assert Gift.objects.get(pk=received.pk).status == GiftStatus.REFUNDED
    assert Gift.objects.get(pk=pledged.pk).status == GiftStatus.CANCELLED
    assert MatchDraw.objects.filter(gift=received, kind=DrawKind.RELEASED).count() == 1
    figures = ledger.figures(fund.foundation, campaign=campaign)
    assert (figures.received, figures.pledged, figures.matched) == (0, 0, 0)
    assert_balanced(fund.foundation)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.org",
        "bob@example.org",
    ]
    assert any("refunded" in m.body or "remboursé" in m.body for m in mail.outbox)
    event = AuditEvent.objects.filter(action="fund.campaign_closed").latest("pk")
    assert event.after == {"status": "failed", "early": True, "refunded": 1, "cancelled": 1}
    assert "alice" not in str(event.after)


def test_all_or_nothing_reached_succeeds(fund):
    campaign = _campaign(fund, goal="400")
    fund.matching.campaigns.add(campaign)
    received = _give(fund, campaign, "300", "alice@example.org")  # + 100 matched
    closed = services_campaigns.close_campaign(
        actor=fund.world.coordinator, campaign=campaign, early=True
    )
    assert closed.status == CampaignStatus.SUCCEEDED
    assert Gift.objects.get(pk=received.pk).status == GiftStatus.RECEIVED
    assert_balanced(fund.foundation)


def test_due_campaigns_close_on_their_own(fund, django_capture_on_commit_callbacks):
    campaign = _campaign(fund, goal="1000", days=2)
    _give(fund, campaign, "50", "alice@example.org")
    later = timezone.now() + timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        closed = services_campaigns.close_due_campaigns(later)
    assert [c.pk for c in closed] == [campaign.pk]
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FAILED
    assert fund.campaign.status == CampaignStatus.OPEN  # its end is later
    assert_balanced(fund.foundation)
    assert CampaignNeed.objects.filter(campaign=campaign).count() == 1
