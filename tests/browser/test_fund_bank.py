"""The bank reconciliation in a real browser: the treasurer imports a camt.053 file
through the file input, sees that one transfer was matched by its reference and another
waits in review, matches it to the promised gift by clicking; axe-core checks each page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from maillage.fund import ledger
from maillage.fund.models import Gift, GiftStatus, MatchDraw
from maillage.fund.models_bank import BankLine, LineStatus
from maillage.fund.services_gifts import pledge_gift
from tests.fund.setting import build_foundation
from tests.fund.statements.build import camt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_treasurer_imports_a_statement_and_matches_a_line(
    page, live_server, world, log_in, axe_check, tmp_path
):
    fund = build_foundation(world)
    other = pledge_gift(
        foundation=fund.foundation,
        campaign=fund.campaign,
        name="Zoé Keller",
        email="zoe.keller@example.org",
        amount="80",
        currency="EUR",
    )
    today = timezone.localdate()
    statement = tmp_path / "releve-mars.xml"
    statement.write_bytes(
        camt(
            [
                {"amount": "50.00", "booked_on": today, "reference": fund.pledged.reference},
                {"amount": "75.00", "booked_on": today, "name": "Z. KELLER", "bank_ref": "K"},
            ]
        )
    )
    base = f"{live_server.url}/collectifs/{world.collective.slug}/fondation/releves"
    log_in(world.facilitator)

    page.goto(f"{base}/")
    axe_check(page)
    page.get_by_role("link", name="Importer un relevé").click()
    axe_check(page)
    page.get_by_label("Relevé bancaire").set_input_files(str(statement))
    page.get_by_role("button", name="Importer et rapprocher").click()

    expect(page.locator("#messages")).to_contain_text(
        "2 nouvelles lignes, 1 rapprochée de son don, 1 à vérifier"
    )
    expect(page.locator("#lines-table")).to_contain_text("par référence")
    axe_check(page)

    page.get_by_role("link", name="Lignes à vérifier").click()
    line = BankLine.objects.get(status=LineStatus.REVIEW)
    card = page.locator(f"#review-{line.pk}")
    expect(card).to_contain_text("Z. KELLER")
    axe_check(page)
    card.get_by_label(other.reference, exact=False).check()
    card.get_by_role("button", name="Rapprocher de ce don").click()

    expect(page.get_by_text("Rien à vérifier")).to_be_visible()
    axe_check(page)
    gift = Gift.objects.get(pk=other.pk)
    assert gift.status == GiftStatus.RECEIVED and str(gift.amount) == "75.00"
    assert BankLine.objects.get(pk=line.pk).matched_how == "hand"
    assert MatchDraw.objects.filter(gift=gift).exists()
    assert ledger.check(fund.foundation).ok
