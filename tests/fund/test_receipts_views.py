"""The receipts' pages, used as a treasurer does."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from maillage.fund.models import Receipt

from .receipts_helpers import cash

YEAR = timezone.localdate().year


@pytest.fixture
def treasurer(client, fund):
    client.force_login(fund.world.facilitator)
    return client


def _url(fund, name, *args):
    return reverse(f"fund:{name}", args=[fund.world.collective.slug, *args])


def test_the_receipts_page_issues_a_receipt_from_a_gifts_number(
    treasurer, fund, django_capture_on_commit_callbacks
):
    page = treasurer.get(_url(fund, "receipts"))
    assert page.status_code == 200
    assert "Émettre le reçu" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = treasurer.post(_url(fund, "receipts"), {"gift": str(fund.received.pk)})
    receipt = Receipt.objects.get()
    assert done.status_code == 302 and done.url == _url(fund, "receipt", receipt.pk)
    assert len(mail.outbox) == 1
    shown = treasurer.get(done.url).content.decode()
    assert f"Reçu {YEAR}-00001" in shown and "cent cinquante euros" in shown
    listed = treasurer.get(_url(fund, "receipts")).content.decode()
    assert f"{YEAR}-00001" in listed and "Louis Bernard" in listed


def test_a_refused_number_is_shown_with_what_was_typed(treasurer, fund):
    answer = treasurer.post(_url(fund, "receipts"), {"gift": "987654"})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "987654" in text and 'value="987654"' in text
    assert not Receipt.objects.exists()
    answer = treasurer.post(_url(fund, "receipts"), {"gift": str(fund.pledged.pk)})
    assert answer.status_code == 400
    assert not Receipt.objects.exists()


def test_issuing_from_the_gifts_address_and_the_refusal_page(treasurer, fund):
    refused = treasurer.get(_url(fund, "receipt_issue", fund.pledged.pk))
    assert refused.status_code == 200 and 'id="refusal"' in refused.content.decode()
    assert treasurer.post(_url(fund, "receipt_issue", fund.pledged.pk)).status_code == 400
    done = treasurer.post(_url(fund, "receipt_issue", fund.received.pk))
    assert done.status_code == 302
    assert Receipt.objects.get().gifts.get() == fund.received


def test_the_pdf_and_the_cancellation(treasurer, fund):
    treasurer.post(_url(fund, "receipt_issue", fund.received.pk))
    receipt = Receipt.objects.get()
    pdf = treasurer.get(_url(fund, "receipt_pdf", receipt.pk))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert receipt.number in text and "Louis Bernard" in text
    page = treasurer.get(_url(fund, "receipt_cancel", receipt.pk))
    assert page.status_code == 200
    empty = treasurer.post(_url(fund, "receipt_cancel", receipt.pk), {"reason": ""})
    assert empty.status_code == 400 and Receipt.objects.count() == 1
    done = treasurer.post(_url(fund, "receipt_cancel", receipt.pk), {"reason": "Adresse fausse"})
    cancellation = Receipt.objects.get(cancels=receipt)
    assert done.url == _url(fund, "receipt", cancellation.pk)
    shown = treasurer.get(done.url).content.decode()
    assert f"Annulation du reçu {receipt.number}" in shown
    # The cancelled receipt offers no cancellation any more; the cancellation neither.
    assert (
        _url(fund, "receipt_cancel", receipt.pk)
        not in treasurer.get(_url(fund, "receipt", receipt.pk)).content.decode()
    )
    assert (
        treasurer.post(_url(fund, "receipt_cancel", cancellation.pk), {"reason": "x"}).status_code
        == 400
    )


def test_the_years_receipts_page(treasurer, fund):
    cash(fund, name="Awa Diallo", email="awa@example.org", amount="30")
    page = treasurer.get(_url(fund, "receipts_year"))
    text = page.content.decode()
    assert "Awa Diallo" in text and "Louis Bernard" in text
    done = treasurer.post(_url(fund, "receipts_year"), {"year": str(YEAR)})
    assert done.status_code == 302
    assert Receipt.objects.count() == 2
    again = treasurer.post(_url(fund, "receipts_year"), {"year": str(YEAR)})
    assert again.status_code == 302 and Receipt.objects.count() == 2
    bad = treasurer.post(_url(fund, "receipts_year"), {"year": "1890"})
    assert bad.status_code == 400 and Receipt.objects.count() == 2
