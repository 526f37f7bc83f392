"""The statement as PDF (read back) and CSV, with its payment details: a Swiss
QR-bill for CHF, the IBAN and an RF reference for EUR, a notice when they are missing."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from qrbill import QRBill

from maillage.premises import documents_statements as documents
from maillage.premises import services_statements as services

from .statements_setting import after, priced_site

pytestmark = pytest.mark.django_db

QR_IBAN = "CH44 3199 9123 0008 8901 2"
IBAN_CH = "CH93 0076 2011 6238 5295 7"
IBAN_FR = "FR76 3000 6000 0112 3456 7890 189"


def issued(world, **site_fields):
    premises = priced_site(world, **site_fields)
    (statement,) = services.issue_statements(
        actor=world.coordinator, site=premises.site, year=2030, month=3, now=after(2030, 3)
    )
    return premises, statement


def pdf_text(statement):
    data = documents.statement_pdf(statement, list(statement.lines.all()))
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


CREDITOR = {
    "creditor_name": "PTCE Les Locaux",
    "creditor_address": "Rue de Lausanne 20\n1201 Genève",
}


def test_a_chf_statement_carries_a_qr_bill_with_its_reference(world):
    premises, statement = issued(world, iban=QR_IBAN, **CREDITOR)
    texts, figure = documents.payment_details(statement)
    assert figure is not None and figure.shapes
    bill = documents.qr_bill(statement)
    payload = bill.qr_data()
    assert "CH4431999123000889012" in payload
    assert "405.00\r\nCHF" in payload
    assert f"QRR\r\n{statement.reference}" in payload
    text = pdf_text(statement)
    assert statement.number in text
    assert "405" in text
    assert "3199 9123" in text


def test_a_chf_statement_with_an_ordinary_iban_uses_a_creditor_reference(world):
    premises, statement = issued(world, iban=IBAN_CH, **CREDITOR)
    assert statement.reference.startswith("RF")
    assert f"SCOR\r\n{statement.reference}" in documents.qr_bill(statement).qr_data()
    assert isinstance(documents.qr_bill(statement), QRBill)


def test_a_eur_statement_gives_the_iban_and_the_rf_reference(world):
    premises, statement = issued(
        world, iban=IBAN_FR, currency="EUR", time_zone="Europe/Paris", **CREDITOR
    )
    texts, figure = documents.payment_details(statement)
    assert figure is None
    joined = "\n".join(texts)
    assert "FR76 3000 6000 0112 3456 7890 189" in joined
    assert statement.reference.startswith("RF")
    assert " ".join(statement.reference[i : i + 4] for i in range(0, 8, 4)) in joined
    assert statement.number in pdf_text(statement)


def test_without_an_iban_the_statement_says_payment_details_are_missing(world):
    premises, statement = issued(world)
    texts, figure = documents.payment_details(statement)
    assert figure is None
    assert len(texts) == 1
    assert statement.number in pdf_text(statement)


def test_an_address_the_qr_bill_refuses_does_not_break_the_document(world):
    premises, statement = issued(world, iban=QR_IBAN, creditor_name="PTCE", creditor_address="?")
    texts, figure = documents.payment_details(statement)
    assert figure is None
    assert statement.number in pdf_text(statement)


def test_the_csv_has_the_lines_and_the_total(world):
    premises, statement = issued(world)
    text = documents.statement_csv(statement, list(statement.lines.all()))
    rows = text.lstrip("\ufeff").splitlines()
    assert len(rows) == 3  # header, the rent, the total
    assert rows[1].endswith(",18.00,22.50,405.00")
    assert rows[2].endswith(",405.00")
    assert statement.total == Decimal("405.00")
