"""The matching funds' pages: a coordinator creates, changes and ends a fund by its
forms (what was typed is kept when a service refuses it); the treasurer records what a
funder paid; the fund's page shows what it drew and what is left."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from maillage.fund import ledger, services_gifts
from maillage.fund.models import FunderPayment, MatchingFund


@pytest.fixture
def site(fund, english):
    return fund


def _form(fund, **fields):
    data = {
        "funder": fund.world.organisation.pk,
        "name": "Abondement Entreprise solidaire",
        "ratio": "0,5",
        "currency": "EUR",
        "total": "2 000",
        "cap_per_gift": "50",
        "cap_per_donor": "",
        "cap_per_project": "",
        "campaigns": [fund.campaign.pk],
        "starts_on": timezone.localdate().isoformat(),
        "ends_on": "",
    }
    data.update(fields)
    return data


def test_coordinator_creates_a_fund(client, site):
    client.force_login(site.world.coordinator)
    url = reverse("fund:matching_add", args=[site.world.collective.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(site))
    made = MatchingFund.objects.get(name="Abondement Entreprise solidaire")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "fund:matching", args=[site.world.collective.slug, made.pk]
    )
    assert made.ratio == Decimal("0.50") and made.total == Decimal("2000.00")
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Matching fund created."]
    page = client.get(response["Location"]).content.decode()
    assert "Abondement Entreprise solidaire" in page
    assert "0.50 × each gift" in page


def test_a_refused_fund_keeps_what_was_typed(client, site):
    client.force_login(site.world.coordinator)
    url = reverse("fund:matching_add", args=[site.world.collective.slug])
    before = MatchingFund.objects.count()
    response = client.post(url, _form(site, ratio="12", name="Abondement du Département"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "more than 0 and at most 10" in page
    assert 'value="Abondement du Département"' in page
    assert 'value="12"' in page
    assert MatchingFund.objects.count() == before


def test_fund_page_shows_drawn_and_left(client, site):
    client.force_login(site.world.facilitator)
    url = reverse("fund:matching", args=[site.world.collective.slug, site.matching.pk])
    page = client.get(url).content.decode()
    # The setting's received gift of 150 € drew 100 € (its cap per gift) of 1,000 €.
    assert "drawn for the gifts matched" in page
    assert "100.00&nbsp;EUR" in page
    assert "900.00&nbsp;EUR" in page
    assert "Record a payment of the funder" in page
    assert (
        reverse("fund:matching_edit", args=[site.world.collective.slug, site.matching.pk])
        not in page
    )


def test_coordinator_lowers_the_total_below_what_is_drawn_and_is_told(client, site):
    client.force_login(site.world.coordinator)
    url = reverse("fund:matching_edit", args=[site.world.collective.slug, site.matching.pk])
    data = _form(site, name=site.matching.name, ratio="1", total="80", cap_per_gift="80")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "already drawn 100.00 EUR" in response.content.decode()
    site.matching.refresh_from_db()
    assert site.matching.total == Decimal("1000.00")


def test_coordinator_ends_a_fund(client, site):
    client.force_login(site.world.coordinator)
    url = reverse("fund:matching_end", args=[site.world.collective.slug, site.matching.pk])
    assert "stays drawn" in client.get(url).content.decode()
    response = client.post(url, {})
    assert response.status_code == 302
    site.matching.refresh_from_db()
    assert site.matching.ended_at is not None
    assert client.post(url, {}).status_code == 400


def test_treasurer_records_a_funder_payment(client, site):
    client.force_login(site.world.facilitator)
    url = reverse("fund:funder_payment", args=[site.world.collective.slug, site.matching.pk])
    too_much = client.post(url, {"amount": "150", "received_on": timezone.localdate().isoformat()})
    assert too_much.status_code == 400
    assert "for the gifts it matched, not more" in too_much.content.decode()
    assert not FunderPayment.objects.exists()
    response = client.post(url, {"amount": "60", "received_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert FunderPayment.objects.get().amount == Decimal("60.00")
    assert ledger.check(site.foundation).ok


def test_a_matched_gift_shows_on_the_fund_page_per_project(client, site):
    services_gifts.receive_gift(
        actor=site.world.facilitator, gift=site.pledged, received_on=timezone.localdate()
    )
    client.force_login(site.world.coordinator)
    url = reverse("fund:matching", args=[site.world.collective.slug, site.matching.pk])
    page = client.get(url).content.decode()
    assert escape(site.board.other_project.title) in page
    assert "150.00&nbsp;EUR" in page  # 100 + 50 drawn for the project
