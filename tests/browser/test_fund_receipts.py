"""Receipts in a real browser: the treasurer issues a receipt from a gift's number on
the receipts page, opens it, downloads its PDF and reads it back; the donors' and the
ledger's pages too; axe-core checks each page."""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from maillage.fund.models import Receipt
from tests.fund.setting import build_foundation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_treasurer_issues_opens_and_downloads_a_receipt(
    page, live_server, world, log_in, axe_check
):
    fund = build_foundation(world)
    base = f"{live_server.url}/collectifs/{world.collective.slug}/fondation"
    log_in(world.facilitator)
    page.goto(f"{base}/recus/")
    axe_check(page)
    page.get_by_label("Numéro du don ou référence de paiement").fill(str(fund.received.pk))
    page.get_by_role("button", name="Émettre le reçu").click()
    receipt = Receipt.objects.get()
    page.wait_for_url(f"{base}/recus/{receipt.pk}/")
    number = f"{timezone.localdate().year}-00001"
    expect(page.locator("h1")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text("cent cinquante euros")
    axe_check(page)
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Télécharger le PDF").click()
    pdf = downloaded.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert number in text and "Louis Bernard" in text and "200 du CGI" in text
    for path in (
        "/recus/annee/",
        f"/recus/{receipt.pk}/annuler/",
        "/donateurs/",
        f"/donateurs/{fund.received.donor_id}/",
        f"/donateurs/{fund.received.donor_id}/effacer/",
        "/grand-livre/",
    ):
        assert page.goto(base + path).status == 200, path
        axe_check(page)
