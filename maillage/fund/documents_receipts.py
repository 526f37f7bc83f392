"""A receipt as a document of the document layer (PDF).

Written in French always, whatever the reader's language: it is a tax document.

- The French receipt follows the Cerfa n° 11580*05, in its order: the beneficiary
  (name, address, object, status ticked), the donor (name, address), the amount in
  figures and in words, the date(s) of the gift(s), the article of the General Tax Code
  (200, 238 bis, 978) ticked, the form of the gift, its nature, the mode of payment,
  then the date and the signatory.
- The Swiss certificate ("attestation de don"): the foundation and its tax exemption,
  the donor, the amount and the dates, the year, and that no counterpart was given.
- A cancellation says so at the top, prominently: "Annulation du reçu n° …".

Everything comes from the receipt's snapshot (and its gifts' dates and payment
methods), so a document printed again reads the same, and a pseudonymised receipt
shows the pseudonym.
"""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify

from maillage.core.typography import amount
from maillage.documents import Document, Heading, Paragraph, Run, Table, render_pdf

from .models import (
    FrenchStatus,
    GiftForm,
    GiftNature,
    Method,
    PaymentMode,
    ReceiptKind,
    ReceiptScope,
    TaxArticle,
)

TICKED, EMPTY = "[X]", "[ ]"

STATUSES = [
    (FrenchStatus.PUBLIC_UTILITY, "Association ou fondation reconnue d'utilité publique"),
    (FrenchStatus.GENERAL_INTEREST, "Œuvre ou organisme d'intérêt général"),
    (FrenchStatus.ENDOWMENT_FUND, "Fonds de dotation"),
]
ARTICLES = [
    (TaxArticle.ART_200, "200 du CGI"),
    (TaxArticle.ART_238_BIS, "238 bis du CGI"),
    (TaxArticle.ART_978, "978 du CGI"),
]
FORMS = [
    (GiftForm.AUTHENTIC, "Acte authentique"),
    (GiftForm.PRIVATE, "Acte sous seing privé"),
    (GiftForm.MANUAL, "Déclaration de don manuel"),
    (GiftForm.OTHER, "Autres"),
]
NATURES = [
    (GiftNature.CASH, "Numéraire"),
    (GiftNature.SECURITIES, "Titres de sociétés cotés"),
    (GiftNature.OTHER, "Autres"),
]
MODES = [
    (PaymentMode.CASH, "Remise d'espèces"),
    (PaymentMode.CHEQUE, "Chèque"),
    (PaymentMode.TRANSFER, "Virement, prélèvement, carte bancaire"),
]
_METHOD_MODES = {
    Method.CASH: PaymentMode.CASH,
    Method.CHEQUE: PaymentMode.CHEQUE,
    Method.TRANSFER: PaymentMode.TRANSFER,
    Method.PROVIDER: PaymentMode.TRANSFER,
}


def title(receipt):
    if receipt.is_cancellation:
        return f"Annulation du reçu n° {receipt.cancels.number}"
    if receipt.kind == ReceiptKind.FR_CERFA:
        return "Reçu au titre des dons à certains organismes d'intérêt général"
    return "Attestation de don"


def filename(receipt):
    return f"{slugify(f'recu-{receipt.number}')}.pdf"


def _ticks(choices, chosen):
    return Paragraph(
        [
            Run(f"{TICKED if value in chosen else EMPTY} {label}    ", bold=value in chosen)
            for value, label in choices
        ]
    )


def _lines(text):
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _dates(receipt):
    if receipt.first_gift_on == receipt.last_gift_on:
        return date_format(receipt.first_gift_on, "DATE_FORMAT")
    return "du {} au {}".format(
        date_format(receipt.first_gift_on, "DATE_FORMAT"),
        date_format(receipt.last_gift_on, "DATE_FORMAT"),
    )


def _facts(rows):
    return Table(header=[], rows=rows, widths=[14, 36], label_column=True)


def _cancellation(receipt):
    if not receipt.is_cancellation:
        return []
    return [
        Paragraph.of(
            f"Ce document annule le reçu n° {receipt.cancels.number} du "
            f"{date_format(receipt.cancels.issued_at.date(), 'DATE_FORMAT')}, qui ne vaut "
            "plus justificatif. Un nouveau reçu sera émis s'il est dû.",
            bold=True,
        ),
        _facts([["Motif", receipt.reason]]),
    ]


def _number(receipt):
    return _facts([["Numéro d'ordre du reçu", receipt.number]])


def _signature(receipt):
    foundation = receipt.foundation
    return [
        Heading(2, "Date et signature"),
        _facts(
            [
                ["Date", date_format(receipt.issued_at.date(), "DATE_FORMAT")],
                ["Signataire", foundation.signatory or foundation.name],
            ]
        ),
    ]


def french_blocks(receipt):
    foundation = receipt.foundation
    modes = {_METHOD_MODES.get(gift.method, PaymentMode.TRANSFER) for gift in receipt.gifts.all()}
    modes = modes or {receipt.payment_mode}
    return [
        _number(receipt),
        *_cancellation(receipt),
        Heading(2, "Bénéficiaire des versements"),
        _facts(
            [
                ["Nom ou dénomination", foundation.name],
                ["Adresse", _lines(foundation.address)],
                ["Objet", foundation.purpose],
            ]
        ),
        _ticks(STATUSES, {foundation.fr_status}),
        Heading(2, "Donateur"),
        _facts(
            [
                ["Nom, prénoms ou dénomination", receipt.donor_name],
                ["Adresse", _lines(receipt.donor_address)],
            ]
        ),
        Heading(2, "Versement"),
        Paragraph.of(
            "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant "
            "droit à réduction d'impôt la somme de\u00a0:"
        ),
        _facts(
            [
                ["Montant", amount(receipt.amount, "€", cents=True)],
                ["Somme en toutes lettres", receipt.amount_words],
                [
                    "Date du versement ou du don"
                    if receipt.scope == ReceiptScope.GIFT
                    else "Dates des versements",
                    _dates(receipt),
                ],
            ]
        ),
        Paragraph.of(
            "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit "
            "ouvrent droit à la réduction d'impôt prévue à l'article\u00a0:"
        ),
        _ticks(ARTICLES, {receipt.article}),
        Heading(3, "Forme du don"),
        _ticks(FORMS, {receipt.form}),
        Heading(3, "Nature du don"),
        _ticks(NATURES, {receipt.nature}),
        Heading(3, "En cas de don en numéraire, mode de versement du don"),
        _ticks(MODES, modes),
        *_signature(receipt),
    ]


def swiss_blocks(receipt):
    foundation = receipt.foundation
    year = receipt.last_gift_on.year
    return [
        _number(receipt),
        *_cancellation(receipt),
        Heading(2, "Organisation bénéficiaire"),
        _facts(
            [
                ["Nom", foundation.name],
                ["Adresse", _lines(foundation.address)],
                ["But", foundation.purpose],
                ["Exonération fiscale", foundation.ch_exemption],
            ]
        ),
        Heading(2, "Donatrice ou donateur"),
        _facts(
            [
                ["Nom", receipt.donor_name],
                ["Adresse", _lines(receipt.donor_address)],
            ]
        ),
        Heading(2, f"Dons de l'année {year}"),
        _facts(
            [
                ["Montant", amount(receipt.amount, "CHF", cents=True)],
                ["En toutes lettres", receipt.amount_words],
                ["Date(s)", _dates(receipt)],
            ]
        ),
        Paragraph.of(
            f"{foundation.name} atteste avoir reçu ce montant à titre de don, sans aucune "
            "contre-prestation. Ce don peut être déduit du revenu imposable dans les "
            "limites prévues par la loi fiscale fédérale et cantonale."
        ),
        *_signature(receipt),
    ]


def receipt_document(receipt):
    """The receipt as a ``Document`` (in French, whatever the active language)."""
    with translation.override("fr"):
        foundation = receipt.foundation
        french = receipt.kind == ReceiptKind.FR_CERFA
        blocks = french_blocks(receipt) if french else swiss_blocks(receipt)
        notice = ""
        if receipt.is_cancellation:
            notice = (
                f"Annulation du reçu n° {receipt.cancels.number} — ce document n'est pas un reçu"
            )
        return Document(
            title=title(receipt),
            subtitle=foundation.name,
            topic=(
                "Cerfa n° 11580*05 — articles 200, 238 bis et 978 du code général des impôts"
                if french
                else "Attestation pour les impôts (Suisse)"
            ),
            meta=f"N° {receipt.number}",
            notice=notice,
            name=f"{title(receipt)} {receipt.number}",
            author=foundation.name,
            subject=f"Reçu n° {receipt.number}",
            footer=f"{foundation.name} · reçu n° {receipt.number}",
            blocks=blocks,
        )


def receipt_pdf(receipt) -> bytes:
    with translation.override("fr"):
        return render_pdf(receipt_document(receipt))
