"""The receipts' PDF read back: the Cerfa's fields, the Swiss certificate, a
cancellation; in French whatever the reader's language."""

import io

from django.utils import timezone, translation
from pypdf import PdfReader

from maillage.fund.documents_receipts import receipt_pdf
from maillage.fund.models import DonorKind, Method
from maillage.fund.services_receipts import cancel_receipt, issue_receipt

from .receipts_helpers import cash

YEAR = timezone.localdate().year


def _text(receipt):
    reader = PdfReader(io.BytesIO(receipt_pdf(receipt)))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_french_receipt_has_the_cerfa_fields_in_french(fund):
    receipt = issue_receipt(actor=fund.world.facilitator, gift=fund.received)
    with translation.override("en"):
        text = _text(receipt)
    for expected in (
        "Reçu au titre des dons à certains organismes d'intérêt général",
        "11580*05",
        f"Numéro d'ordre du reçu {YEAR}-00001",
        "Bénéficiaire des versements",
        "Fondation territoriale citoyenne",
        "[X] Œuvre ou organisme d'intérêt général",
        "Donateur",
        "Louis Bernard",
        "93170 Bagnolet",
        "cent cinquante euros",
        "[X] 200 du CGI",
        "[ ] 238 bis du CGI",
        "[X] Déclaration de don manuel",
        "[X] Numéraire",
        "[X] Virement, prélèvement, carte bancaire",
        "Claire Dupont, trésorière",
    ):
        assert expected in text, expected


def test_an_organisations_receipt_ticks_238_bis_and_cash(fund):
    gift = cash(fund, name="Scop Les Tisserands", email="scop@example.org", amount="1234.56")
    gift.donor.kind = DonorKind.ORGANISATION
    gift.donor.save(update_fields=["kind"])
    text = _text(issue_receipt(actor=fund.world.facilitator, gift=gift))
    assert "[X] 238 bis du CGI" in text and "[ ] 200 du CGI" in text
    assert "mille deux cent trente-quatre euros et cinquante-six centimes" in text
    assert "[X] Remise d'espèces" in text


def test_the_swiss_certificate(fund):
    gift = cash(fund, name="Lea Keller", amount="80", currency="CHF", method=Method.CHEQUE)
    text = _text(issue_receipt(actor=fund.world.facilitator, gift=gift))
    assert "Attestation de don" in text
    assert "Exonération, décision du 3 mars 2021, canton de Genève" in text
    assert "Lea Keller" in text and "quatre-vingts francs" in text
    assert "sans aucune contre-prestation" in text
    assert f"Dons de l'année {YEAR}" in text


def test_a_cancellation_says_so_prominently(fund):
    receipt = issue_receipt(actor=fund.world.facilitator, gift=fund.received)
    cancellation = cancel_receipt(
        actor=fund.world.facilitator, receipt=receipt, reason="Adresse erronée"
    )
    text = _text(cancellation)
    assert f"Annulation du reçu n° {receipt.number}" in text
    assert f"Numéro d'ordre du reçu {cancellation.number}" in text
    assert "Adresse erronée" in text
