"""The treasurers' pages of gifts (views_gifts) and the members' pages of campaigns
(views_campaigns), clicked through with the test client."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.fund import ledger
from maillage.fund.models import Campaign, CampaignStatus, Gift, GiftStatus, Method

pytestmark = pytest.mark.django_db


def _url(fund, name, *args):
    return reverse(f"fund:{name}", args=[fund.world.collective.slug, *args])


def test_the_treasurer_lists_filters_and_receives(client, fund, english):
    client.force_login(fund.world.facilitator)
    page = client.get(_url(fund, "gifts"), {"status": "pledged"}).content.decode()
    assert "Camille Martin" in page and "Louis Bernard" not in page
    response = client.post(
        _url(fund, "gift_receive", fund.pledged.pk),
        {"received_on": timezone.localdate().isoformat(), "amount": ""},
    )
    assert response.status_code == 302
    gift = Gift.objects.get(pk=fund.pledged.pk)
    assert gift.status == GiftStatus.RECEIVED
    assert ledger.check(fund.foundation).ok
    detail = client.get(_url(fund, "gift", gift.pk)).content.decode()
    assert "Matched" in detail and "Bank and cash" in detail


def test_cancel_and_refund(client, fund, english):
    client.force_login(fund.world.facilitator)
    response = client.post(_url(fund, "gift_cancel", fund.pledged.pk), {"reason": "Jamais reçu"})
    assert response.status_code == 302
    assert Gift.objects.get(pk=fund.pledged.pk).status == GiftStatus.CANCELLED
    response = client.post(_url(fund, "gift_refund", fund.pledged.pk), {"reason": ""})
    assert response.status_code == 400
    assert "Only a received gift can be refunded" in response.content.decode()
    response = client.post(_url(fund, "gift_refund", fund.received.pk), {"reason": "Erreur"})
    assert response.status_code == 302
    assert Gift.objects.get(pk=fund.received.pk).status == GiftStatus.REFUNDED
    assert ledger.check(fund.foundation).ok


def test_cash_at_an_event(client, fund, english):
    client.force_login(fund.world.facilitator)
    response = client.post(
        _url(fund, "cash_add"),
        {
            "method": Method.CASH,
            "amount": "35",
            "currency": "CHF",
            "received_on": timezone.localdate().isoformat(),
            "campaign": fund.campaign.pk,
            "name": "",
        },
    )
    assert response.status_code == 302
    gift = Gift.objects.filter(method=Method.CASH).get()
    # The campaign's currency wins over the one chosen.
    assert (gift.amount, gift.currency, gift.donor) == (Decimal("35.00"), "EUR", None)
    assert ledger.check(fund.foundation).ok
    future = client.post(
        _url(fund, "cash_add"),
        {
            "method": Method.CASH,
            "amount": "35",
            "currency": "EUR",
            "received_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert future.status_code == 400
    assert "in the future" in future.content.decode()
    assert Gift.objects.filter(method=Method.CASH).count() == 1


def test_a_coordinator_runs_a_campaign(client, fund, english):
    client.force_login(fund.world.coordinator)
    today = timezone.localdate()
    response = client.post(
        _url(fund, "campaign_add"),
        {
            "title": "Étude bis",
            "needs": [fund.board.funding.pk],
            "currency": "EUR",
            "goal": "",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=20)).isoformat(),
            "mode": "all_or_nothing",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(title="Étude bis")
    assert campaign.goal == Decimal("25000.00")
    response = client.post(_url(fund, "campaign_open", campaign.pk), {"version": campaign.version})
    assert response.status_code == 302
    campaign.refresh_from_db()
    response = client.post(
        _url(fund, "news_add", campaign.pk),
        {"project": fund.board.other_project.pk, "title": "Lancement", "body": "C'est parti."},
    )
    assert response.status_code == 302
    page = client.get(_url(fund, "campaign", campaign.pk)).content.decode()
    assert "Lancement" in page
    refused = client.post(_url(fund, "campaign_close", campaign.pk), {"version": campaign.version})
    assert refused.status_code == 400
    assert "confirm that you close it before its end" in refused.content.decode()
    response = client.post(
        _url(fund, "campaign_close", campaign.pk), {"version": campaign.version, "early": "on"}
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FAILED


def test_home_shows_figures_and_create_form(client, fund, world, english):
    client.force_login(world.member)
    page = client.get(_url(fund, "home")).content.decode()
    assert fund.foundation.name in page and "Campaigns" in page
    assert "Gifts</a>" not in page  # members do not handle money
    client.force_login(world.coordinator)
    response = client.get(reverse("fund:home", args=[world.other.slug]))
    assert response.status_code == 404  # not a member there
