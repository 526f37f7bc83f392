"""The pages of standing orders and round-ups: a visitor without an account starts a
standing order and finds its bank details on its page (by key), and ends it there;
the employer's representative reports a month's total once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.collectives.models import Visibility
from maillage.fund import ledger, services_recurring
from maillage.fund.models import Gift, Method, MonthlyGift, RoundUpReport

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def site(fund, english):
    return fund


def test_a_visitor_starts_a_standing_order_and_ends_it_from_its_page(client, site):
    site.world.collective.visibility = Visibility.PUBLIC
    site.world.collective.save()
    url = reverse("fund:give_monthly", args=[site.world.collective.slug])
    assert client.get(url, **EN).status_code == 200
    data = {
        "amount": "20",
        "currency": "EUR",
        "campaign": site.campaign.pk,
        "name": "Sofia Costa",
        "email": "sofia@example.org",
        "address": "",
        "starts_on": "",
    }
    bad = client.post(url, {**data, "amount": "-3"}, **EN)
    assert bad.status_code == 400
    assert "more than zero" in bad.content.decode()
    assert 'value="sofia@example.org"' in bad.content.decode()
    assert not MonthlyGift.objects.exists()
    response = client.post(url, data, **EN)
    monthly = MonthlyGift.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "fund:monthly", args=[site.world.collective.slug, monthly.key]
    )
    page = client.get(response["Location"], **EN).content.decode()
    assert monthly.reference in page
    assert site.foundation.iban_eur in page
    ended = client.post(response["Location"], {}, **EN)
    assert ended.status_code == 302
    monthly.refresh_from_db()
    assert monthly.ended_at is not None
    assert "This standing order ended on" in client.get(response["Location"], **EN).content.decode()


def test_a_private_collective_sends_anonymous_visitors_to_log_in(client, site):
    url = reverse("fund:give_monthly", args=[site.world.collective.slug])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/comptes/connexion/")
    nowhere = reverse("fund:give_monthly", args=["nowhere"])
    assert client.get(nowhere)["Location"].startswith("/comptes/connexion/")


def test_treasurer_lists_and_ends_a_standing_order(client, site):
    monthly = services_recurring.start_monthly(
        foundation=site.foundation,
        campaign=None,
        name="Paul Girard",
        email="paul@example.org",
        address="",
        amount="10",
        currency="EUR",
        shown=False,
    )
    client.force_login(site.world.facilitator)
    page = client.get(reverse("fund:monthlies", args=[site.world.collective.slug]))
    assert "Paul Girard" in page.content.decode() and monthly.reference in page.content.decode()
    url = reverse("fund:monthly_end", args=[site.world.collective.slug, monthly.pk])
    assert client.post(url, {}).status_code == 302
    monthly.refresh_from_db()
    assert monthly.ended_at is not None


def test_the_employer_reports_a_month_once(client, site):
    programme = services_recurring.create_round_up(
        actor=site.world.coordinator,
        foundation=site.foundation,
        organisation=site.world.organisation,
        name="Arrondi sur salaire",
        currency="EUR",
        campaign=site.campaign,
    )
    client.force_login(site.world.member)
    listing = client.get(reverse("fund:round_ups", args=[site.world.collective.slug]))
    assert "Arrondi sur salaire" in listing.content.decode()
    url = reverse("fund:round_up_report", args=[site.world.collective.slug, programme.pk])
    month = services_recurring.first_of_month(timezone.localdate()).isoformat()
    response = client.post(url, {"month": month, "total": "245,60", "participants": "31"})
    assert response.status_code == 302
    report = RoundUpReport.objects.get()
    assert report.total == Decimal("245.60") and report.reported_by == site.world.member
    gift = Gift.objects.get(round_up=report)
    assert gift.method == Method.ROUND_UP
    assert ledger.check(site.foundation).ok
    again = client.post(url, {"month": month, "total": "10"})
    assert again.status_code == 400
    assert "already reported on" in again.content.decode()
    assert RoundUpReport.objects.count() == 1
    page = client.get(reverse("fund:round_up", args=[site.world.collective.slug, programme.pk]))
    assert "245.60" in page.content.decode()
    assert programme.reference in page.content.decode()


def test_the_observer_sees_no_programme(client, site):
    services_recurring.create_round_up(
        actor=site.world.coordinator,
        foundation=site.foundation,
        organisation=site.world.organisation,
        name="Arrondi sur salaire",
        currency="EUR",
    )
    client.force_login(site.world.observer)
    page = client.get(reverse("fund:round_ups", args=[site.world.collective.slug]))
    assert page.status_code == 200
    assert "Arrondi sur salaire" not in page.content.decode()


def test_coordinator_creates_and_ends_a_programme(client, site):
    client.force_login(site.world.coordinator)
    url = reverse("fund:round_up_add", args=[site.world.collective.slug])
    response = client.post(
        url,
        {
            "organisation": site.world.organisation.pk,
            "name": "Arrondi en caisse",
            "currency": "EUR",
            "campaign": "",
        },
    )
    assert response.status_code == 302
    programme = site.foundation.round_ups.get()
    assert programme.campaign is None
    end = reverse("fund:round_up_end", args=[site.world.collective.slug, programme.pk])
    assert client.post(end, {}).status_code == 302
    programme.refresh_from_db()
    assert programme.ended_at is not None
    # A month before the programme is refused by the form (it lists its months only).
    report = reverse("fund:round_up_report", args=[site.world.collective.slug, programme.pk])
    old = (timezone.localdate() - timedelta(days=400)).replace(day=1).isoformat()
    refused = client.post(report, {"month": old, "total": "5"})
    assert refused.status_code == 400
    assert "Choose one of the months listed" in refused.content.decode()
