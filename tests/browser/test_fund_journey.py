"""A gift's whole way in a real browser, across the foundation's parts: a donor without
an account gives in francs and gets a Swiss QR-bill; the treasurer imports the bank's
camt.053 statement, which pays the gift by its QR reference; the treasurer issues the
donation certificate and downloads its PDF, read back here. axe-core checks each page."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from maillage.collectives.models import Visibility
from maillage.fund import ledger
from maillage.fund.models import (
    Campaign,
    CampaignNeed,
    CampaignStatus,
    FundingMode,
    Gift,
    GiftStatus,
    Receipt,
)
from maillage.projects import services as project_services
from tests.fund.setting import CHF_QR_IBAN, build_foundation
from tests.fund.statements.build import camt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _campaign_in_francs(fund):
    world, today = fund.world, timezone.localdate()
    need = project_services.add_need(
        actor=world.coordinator,
        project=fund.board.project,
        kind="funding",
        description="Une deuxième salle pour les cafés de Genève",
        amount="6000",
        currency="CHF",
    )
    campaign = Campaign.objects.create(
        foundation=fund.foundation,
        title="Une salle de plus pour les cafés",
        goal=Decimal("6000.00"),
        currency="CHF",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=30),
        mode=FundingMode.KEEP,
        status=CampaignStatus.OPEN,
        created_by=world.coordinator,
    )
    CampaignNeed.objects.create(campaign=campaign, need=need)
    return campaign


def test_a_gift_by_qr_bill_reconciled_and_its_certificate_read_back(
    page, live_server, world, log_in, axe_check, tmp_path
):
    fund = build_foundation(world)
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    campaign = _campaign_in_francs(fund)
    base = f"{live_server.url}/collectifs/{world.collective.slug}/fondation"

    # The donor, without an account.
    page.goto(f"{base}/campagnes/{campaign.pk}/donner/")
    axe_check(page)
    page.locator("input[name=amount]").fill("80")
    page.locator("input[name=name]").fill("Léa Rochat")
    page.locator("input[name=email]").fill("lea.rochat@example.org")
    page.locator("textarea[name=address]").fill("Rue de Carouge 12\n1205 Genève")
    page.locator("form.fund-give button[type=submit]:not([name])").click()
    gift = Gift.objects.get(donor__email="lea.rochat@example.org")
    expect(page).to_have_url(f"{live_server.url}/dons/{gift.key}/")
    # A QR-IBAN takes a Swiss QR reference: 27 digits, the last one a check digit.
    assert gift.reference.isdigit() and len(gift.reference) == 27
    expect(page.locator("#gift-reference")).to_have_text(gift.reference)
    expect(page.locator("svg[role='img']")).to_be_visible()
    axe_check(page)

    # The treasurer imports the bank's statement: the transfer carries the reference.
    statement = tmp_path / "releve-chf.xml"
    statement.write_bytes(
        camt(
            [
                {
                    "amount": "80.00",
                    "currency": "CHF",
                    "booked_on": timezone.localdate(),
                    "reference": gift.reference,
                    "name": "ROCHAT LEA",
                    "bank_ref": "CHF-1",
                }
            ],
            iban=CHF_QR_IBAN,
        )
    )
    log_in(world.facilitator)
    page.goto(f"{base}/releves/importer/")
    axe_check(page)
    page.get_by_label("Relevé bancaire").set_input_files(str(statement))
    page.get_by_role("button", name="Importer et rapprocher").click()
    expect(page.locator("#lines-table")).to_contain_text("par référence")
    axe_check(page)
    gift.refresh_from_db()
    assert gift.status == GiftStatus.RECEIVED
    assert ledger.check(fund.foundation).ok

    # The certificate: issued from the receipts' page, its PDF downloaded and read.
    page.goto(f"{base}/recus/")
    page.get_by_label("Numéro du don ou référence de paiement").fill(gift.reference)
    page.get_by_role("button", name="Émettre le reçu").click()
    receipt = Receipt.objects.get(gifts=gift)
    expect(page.locator("h1")).to_contain_text(receipt.number)
    axe_check(page)
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Télécharger le PDF").click()
    pdf = downloaded.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert receipt.number in text
    assert "Léa Rochat" in text
    assert "quatre-vingts francs" in text
    assert fund.foundation.name in text
