"""Receipts: who may have one, how they are numbered, cancelled, and never changed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.fund import ledger, services_gifts
from maillage.fund.models import (
    DonorKind,
    Gift,
    ImmutableRow,
    Method,
    PaymentMode,
    Receipt,
    ReceiptKind,
    ReceiptScope,
    ReceiptSequence,
    TaxArticle,
)
from maillage.fund.services_receipts import (
    cancel_receipt,
    gift_by_number,
    issue_receipt,
    issue_year,
)

from .receipts_helpers import cash, round_up_gift

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are checked in English."""
    with translation.override("en"):
        yield


def _refused(fund, gift, expected):
    before = (Receipt.objects.count(), ReceiptSequence.objects.filter(last__gt=0).count())
    with pytest.raises(DomainError) as refused:
        issue_receipt(actor=fund.world.facilitator, gift=gift)
    assert expected in refused.value.message
    assert (Receipt.objects.count(), ReceiptSequence.objects.filter(last__gt=0).count()) == before
    return refused.value


def test_a_received_gift_gets_a_numbered_receipt_with_its_snapshot(
    fund, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = issue_receipt(actor=fund.world.facilitator, gift=fund.received)
    assert receipt.number == f"{YEAR}-00001"
    assert receipt.kind == ReceiptKind.FR_CERFA
    assert receipt.scope == ReceiptScope.GIFT
    assert receipt.donor_name == "Louis Bernard"
    assert receipt.donor_address == "8 avenue Gambetta\n93170 Bagnolet"
    assert receipt.amount == Decimal("150.00")
    assert receipt.amount_words == "cent cinquante euros"
    assert receipt.article == TaxArticle.ART_200
    assert receipt.payment_mode == PaymentMode.TRANSFER
    assert receipt.first_gift_on == receipt.last_gift_on == fund.received.received_on
    fund.received.refresh_from_db()
    assert fund.received.receipt == receipt
    assert list(receipt.gifts.all()) == [fund.received]
    # The donor gets the PDF.
    (sent,) = mail.outbox
    assert sent.to == ["louis.bernard@example.org"]
    assert sent.attachments[0][0] == f"recu-{YEAR}-00001.pdf"
    assert sent.attachments[0][1].startswith(b"%PDF")
    event = AuditEvent.objects.get(action="fund.receipt_issued")
    assert "Louis" not in str(event.after) and event.after["number"] == receipt.number
    assert ledger.check(fund.foundation).ok


def test_an_organisation_gets_article_238_bis_and_cash_its_mode(fund):
    donor_gift = cash(fund, name="Scop Les Tisserands", email="contact@tisserands.example")
    donor_gift.donor.kind = DonorKind.ORGANISATION
    donor_gift.donor.save(update_fields=["kind"])
    receipt = issue_receipt(actor=fund.world.facilitator, gift=donor_gift)
    assert receipt.article == TaxArticle.ART_238_BIS
    assert receipt.payment_mode == PaymentMode.CASH
    assert receipt.amount_words == "quatre-vingts euros"


def test_a_gift_in_francs_gets_a_swiss_certificate(fund):
    gift = cash(fund, amount="200", currency="CHF", method=Method.CHEQUE)
    receipt = issue_receipt(actor=fund.world.facilitator, gift=gift)
    assert receipt.kind == ReceiptKind.CH_CERTIFICATE
    assert receipt.article == ""
    assert receipt.amount_words == "deux cents francs"
    assert receipt.payment_mode == PaymentMode.CHEQUE


def test_refusals_say_why_and_change_nothing(fund):
    _refused(fund, fund.pledged, "has not been received")
    _refused(fund, round_up_gift(fund), "round-up total")
    anonymous = cash(fund, name="")
    _refused(fund, anonymous, "no named donor")
    no_address = cash(fund, name="Nina Petit", address="")
    _refused(fund, no_address, "postal address is missing")
    issue_receipt(actor=fund.world.facilitator, gift=fund.received)
    _refused(fund, fund.received, f"Receipt {YEAR}-00001 already covers this gift")
    fund.foundation.fr_receipts = False
    fund.foundation.save(update_fields=["fr_receipts"])
    _refused(fund, cash(fund), "does not issue French tax receipts")
    fund.foundation.ch_certificates = False
    fund.foundation.save(update_fields=["ch_certificates"])
    _refused(fund, cash(fund, currency="CHF"), "does not issue Swiss donation certificates")
    refused = _refused(fund, 999999, "There is no such gift")
    assert refused.field == "gift"
    assert ledger.check(fund.foundation).ok


def test_gift_by_number_finds_a_gift_by_its_number_or_reference(fund):
    assert gift_by_number(fund.foundation, str(fund.received.pk)) == fund.received
    spaced = " ".join(fund.pledged.reference[i : i + 4] for i in range(0, 27, 4))
    assert gift_by_number(fund.foundation, spaced.lower()) == fund.pledged
    with pytest.raises(DomainError, match="There is no gift 424242 in this foundation"):
        gift_by_number(fund.foundation, "424242")


def test_year_receipts_group_per_donor_and_currency_and_leave_covered_gifts_out(fund):
    facilitator = fund.world.facilitator
    first = cash(fund, name="Awa Diallo", email="awa@example.org", amount="30")
    second = cash(
        fund, name="Awa Diallo", email="awa@example.org", amount="20.50", method=Method.CHEQUE
    )
    francs = cash(fund, name="Awa Diallo", email="awa@example.org", amount="10", currency="CHF")
    own = issue_receipt(actor=facilitator, gift=fund.received)  # 00001
    cash(fund, name="", amount="5")  # anonymous: no receipt
    no_receipt = cash(fund, name="Paul Roux", email="paul@example.org", amount="15")
    Gift.objects.filter(pk=no_receipt.pk).update(wants_receipt=False)
    receipts = issue_year(actor=facilitator, foundation=fund.foundation, year=YEAR)
    assert [r.number for r in receipts] == [f"{YEAR}-00002", f"{YEAR}-00003"]
    euros = next(r for r in receipts if r.currency == "EUR")
    assert euros.scope == ReceiptScope.YEAR
    assert set(euros.gifts.all()) == {first, second}
    assert euros.amount == Decimal("50.50")
    assert euros.amount_words == "cinquante euros et cinquante centimes"
    assert next(r for r in receipts if r.currency == "CHF").gifts.get() == francs
    assert own.gifts.get() == fund.received
    # Again: nothing left to cover.
    assert issue_year(actor=facilitator, foundation=fund.foundation, year=YEAR) == []
    with pytest.raises(DomainError, match="Choose a year"):
        issue_year(actor=facilitator, foundation=fund.foundation, year=YEAR + 1)


def test_numbers_run_unbroken_across_gift_year_receipts_and_cancellations(fund):
    facilitator = fund.world.facilitator
    one = issue_receipt(actor=facilitator, gift=fund.received)
    cash(fund, name="Awa Diallo", email="awa@example.org")
    (year,) = issue_year(actor=facilitator, foundation=fund.foundation, year=YEAR)
    cancellation = cancel_receipt(actor=facilitator, receipt=one, reason="Adresse erronée")
    again = issue_receipt(actor=facilitator, gift=fund.received)
    numbers = [r.number for r in (one, year, cancellation, again)]
    assert numbers == [f"{YEAR}-0000{n}" for n in (1, 2, 3, 4)]
    assert list(Receipt.objects.order_by("sequence").values_list("sequence", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    assert ReceiptSequence.objects.get(foundation=fund.foundation, year=YEAR).last == 4


def test_cancelling_makes_a_new_document_and_frees_the_gifts(fund):
    facilitator = fund.world.facilitator
    receipt = issue_receipt(actor=facilitator, gift=fund.received)
    with pytest.raises(DomainError, match="Say why"):
        cancel_receipt(actor=facilitator, receipt=receipt, reason="  ")
    cancellation = cancel_receipt(actor=facilitator, receipt=receipt, reason="Montant erroné")
    assert cancellation.cancels == receipt and cancellation.reason == "Montant erroné"
    assert cancellation.amount == receipt.amount
    assert cancellation.donor_name == receipt.donor_name
    fund.received.refresh_from_db()
    assert fund.received.receipt is None
    with pytest.raises(DomainError, match="already cancelled by"):
        cancel_receipt(actor=facilitator, receipt=receipt, reason="Encore")
    with pytest.raises(DomainError, match="cannot be cancelled itself"):
        cancel_receipt(actor=facilitator, receipt=cancellation, reason="Encore")
    assert Receipt.objects.count() == 2
    assert ledger.check(fund.foundation).ok


def test_a_receipt_is_never_changed_nor_deleted(fund):
    receipt = issue_receipt(actor=fund.world.facilitator, gift=fund.received)
    receipt.amount = Decimal("1.00")
    with pytest.raises(ImmutableRow):
        receipt.save()
    with pytest.raises(ImmutableRow):
        receipt.save(update_fields=["amount"])
    with pytest.raises(ImmutableRow):
        receipt.delete()
    receipt.refresh_from_db()
    assert receipt.amount == Decimal("150.00")


def test_a_refund_is_refused_while_a_receipt_covers_the_gift(fund):
    facilitator = fund.world.facilitator
    receipt = issue_receipt(actor=facilitator, gift=fund.received)
    with pytest.raises(DomainError, match="cancel the receipt first"):
        services_gifts.refund_gift(actor=facilitator, gift=fund.received)
    cancel_receipt(actor=facilitator, receipt=receipt, reason="Don remboursé")
    services_gifts.refund_gift(actor=facilitator, gift=fund.received)
    assert ledger.check(fund.foundation).ok


def test_numbers_start_again_each_year_of_issue(fund):
    facilitator = fund.world.facilitator
    last_year = timezone.now() - timedelta(days=366)
    old = issue_receipt(actor=facilitator, gift=cash(fund), now=last_year)
    new = issue_receipt(actor=facilitator, gift=fund.received)
    assert old.number == f"{last_year.year}-00001"
    assert new.number == f"{YEAR}-00001"
