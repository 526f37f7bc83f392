"""Donors: corrections, and erasure on request (what is blanked, what the law keeps)."""

import io
from contextlib import suppress

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from pypdf import PdfReader

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.fund import ledger, services_gifts
from maillage.fund.models import (
    Donor,
    DonorKind,
    Gift,
    ImmutableRow,
    MonthlyGift,
    Receipt,
)
from maillage.fund.services_donors import change_donor, erase_donor
from maillage.fund.services_receipts import cancel_receipt, issue_receipt

from .receipts_helpers import cash

NAME, EMAIL = "Camille Martin", "camille.martin@example.org"


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are checked in English."""
    with translation.override("en"):
        yield


def _url(fund, name, *args):
    return reverse(name, args=[fund.world.collective.slug, *args])


def test_change_donor_corrects_the_details_and_records_no_name(fund):
    donor = fund.pledged.donor
    change_donor(
        actor=fund.world.facilitator,
        donor=donor,
        name="Camille Martin-Roy",
        address="5 rue des Lilas\n93260 Les Lilas",
        kind=DonorKind.PERSON,
    )
    donor.refresh_from_db()
    assert donor.name == "Camille Martin-Roy"
    event = AuditEvent.objects.get(action="fund.donor_changed")
    assert event.after == {"kind": "person", "fields": ["name"]}
    with pytest.raises(DomainError, match="Write the donor's name"):
        change_donor(actor=fund.world.facilitator, donor=donor, name=" ", address="", kind="person")
    with pytest.raises(DomainError, match="Choose a person"):
        change_donor(actor=fund.world.facilitator, donor=donor, name="X", address="", kind="robot")
    donor.refresh_from_db()
    assert donor.name == "Camille Martin-Roy"


def test_erasure_blanks_the_person_and_keeps_what_the_law_needs(fund):
    facilitator = fund.world.facilitator
    gift = services_gifts.receive_gift(
        actor=facilitator, gift=fund.pledged, received_on=fund.received.received_on
    )
    receipt = issue_receipt(actor=facilitator, gift=gift)
    cancellation = cancel_receipt(actor=facilitator, receipt=receipt, reason="Adresse")
    receipt_again = issue_receipt(actor=facilitator, gift=gift)
    donor = gift.donor
    monthly = MonthlyGift.objects.create(
        foundation=fund.foundation,
        donor=donor,
        amount="10",
        currency="EUR",
        reference="RF712348231",
        key="k" * 43,
        starts_on=gift.received_on,
        shown=True,
    )
    erase_donor(actor=facilitator, donor=donor)
    donor.refresh_from_db()
    assert donor.name == donor.pseudonym and donor.pseudonym.startswith("D-")
    assert donor.email == "" and donor.address == "" and donor.erased_at is not None
    gift.refresh_from_db()
    assert gift.amount == 50 and gift.message == "" and gift.shown is False
    monthly.refresh_from_db()
    assert monthly.ended_at is not None and monthly.shown is False
    for kept in (receipt, cancellation, receipt_again):
        kept.refresh_from_db()
        assert kept.donor_name == donor.pseudonym and kept.donor_address == ""
        assert kept.pseudonymised_at is not None
        assert kept.amount == 50
    assert Receipt.objects.filter(donor=donor).count() == 3
    event = AuditEvent.objects.get(action="fund.donor_erased")
    assert NAME not in str(event.after) and EMAIL not in str(event.after)
    assert ledger.check(fund.foundation).ok
    # Only the pseudonym may change on a receipt.
    receipt_again.amount = 1
    with pytest.raises(ImmutableRow):
        receipt_again.save(update_fields=["amount"])
    with pytest.raises(ImmutableRow):
        receipt_again.save(update_fields=["donor_name", "amount"])
    # Erased once; nothing to change after.
    with pytest.raises(DomainError, match="was erased on"):
        erase_donor(actor=facilitator, donor=donor)
    with pytest.raises(DomainError, match="was erased on"):
        change_donor(actor=facilitator, donor=donor, name="X", address="", kind="person")
    # A new gift with the same e-mail address is a new donor.
    again = services_gifts.pledge_gift(
        foundation=fund.foundation, name=NAME, email=EMAIL, amount="5", currency="EUR"
    )
    assert again.donor != donor and Donor.objects.filter(email=EMAIL).count() == 1


def test_after_erasure_the_name_appears_on_no_page(client, fund):
    facilitator = fund.world.facilitator
    gift = services_gifts.receive_gift(
        actor=facilitator, gift=fund.pledged, received_on=fund.received.received_on
    )
    receipt = issue_receipt(actor=facilitator, gift=gift)
    client.force_login(fund.world.coordinator)
    donor_url = _url(fund, "fund:donor", gift.donor_id)
    assert NAME in client.get(donor_url).content.decode()
    confirm = client.get(_url(fund, "fund:donor_erase", gift.donor_id)).content.decode()
    assert "pseudonym" in confirm
    refused = client.post(_url(fund, "fund:donor_erase", gift.donor_id), {})
    assert refused.status_code == 400
    assert Donor.objects.get(pk=gift.donor_id).erased_at is None
    done = client.post(_url(fund, "fund:donor_erase", gift.donor_id), {"confirm": "on"})
    assert done.status_code == 302
    pages = [
        donor_url,
        _url(fund, "fund:donors"),
        f"{_url(fund, 'fund:donors')}?q=Camille",
        _url(fund, "fund:receipts"),
        _url(fund, "fund:receipt", receipt.pk),
        _url(fund, "fund:receipt_issue", gift.pk),
        _url(fund, "fund:ledger"),
    ]
    for name in ("campaign", "transparency", "gifts"):
        args = [fund.campaign.pk] if name == "campaign" else []
        with suppress(NoReverseMatch):  # another part's page, once merged
            pages.append(_url(fund, f"fund:{name}", *args))
    for url in pages:
        answer = client.get(url)
        assert answer.status_code == 200, url
        text = answer.content.decode()
        assert NAME not in text and EMAIL not in text and "Lilas" not in text, url
    pdf = client.get(_url(fund, "fund:receipt_pdf", receipt.pk)).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert NAME not in text and "Lilas" not in text
    assert Gift.objects.get(pk=gift.pk).donor.pseudonym in text
    csv = client.get(_url(fund, "fund:ledger_csv")).content.decode("utf-8-sig")
    assert NAME not in csv


def test_the_donors_page_searches_and_sums_per_year(client, fund):
    client.force_login(fund.world.facilitator)
    page = client.get(_url(fund, "fund:donors"), {"q": "louis"}).content.decode()
    assert "Louis Bernard" in page and NAME not in page
    assert "150,00" in page
    by_mail = client.get(_url(fund, "fund:donors"), {"q": "camille.martin@"}).content.decode()
    assert NAME in by_mail and "Louis Bernard" not in by_mail


def test_the_donor_page_corrects_the_details_and_keeps_what_was_typed(client, fund):
    client.force_login(fund.world.facilitator)
    url = _url(fund, "fund:donor", fund.received.donor_id)
    bad = client.post(url, {"name": "", "address": "1 rue Neuve", "kind": "person"})
    assert bad.status_code == 400 and "1 rue Neuve" in bad.content.decode()
    done = client.post(url, {"name": "Louis Bernard", "address": "1 rue Neuve", "kind": "person"})
    assert done.status_code == 302
    assert Donor.objects.get(pk=fund.received.donor_id).address == "1 rue Neuve"


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_read_in_the_same_number_of_queries_for_more_rows(client, fund):
    client.force_login(fund.world.facilitator)
    donors, receipts = _url(fund, "fund:donors"), _url(fund, "fund:receipts")
    issue_receipt(actor=fund.world.facilitator, gift=fund.received)
    before = (_queries(client, donors), _queries(client, receipts))
    for n in range(4):
        gift = cash(fund, name=f"Personne {n}", email=f"p{n}@example.org")
        issue_receipt(actor=fund.world.facilitator, gift=gift)
    assert (_queries(client, donors), _queries(client, receipts)) == before
