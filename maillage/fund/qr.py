"""The QR code a donor scans in their banking app to pay a promised gift by transfer.

- Francs: a Swiss QR-bill. ``qrbill`` checks the QR-IBAN or IBAN, the creditor's
  address and the reference, and gives the code's payload (``QRBill.qr_data()``); the
  code is drawn with error correction M and the Swiss cross in its middle.
- Euros: an EPC "GiroCode" (European Payments Council, EPC069-12, version 002): a
  SEPA credit transfer with the ISO 11649 creditor reference ("RF…") as structured
  remittance information.

Pure functions: they read the foundation's bank details and the gift, write nothing.
The drawing is an SVG of our own (no inline style, so the pages' Content-Security-Policy
holds), with ``role="img"`` and a title for screen readers.
"""

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

import segno
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from qrbill import QRBill

from maillage.premises.documents_statements import creditor_address

from .models import Currency
from .money import shown

QUIET = 4  # modules of white around the code (ISO/IEC 18004)
MODULE = 4  # SVG units per module


class NoPaymentCode(Exception):
    """The foundation's bank details cannot make a payment code for this gift."""


def _language():
    language = (get_language() or "fr")[:2]
    return language if language in ("fr", "en", "de", "it") else "fr"


def swiss_bill(foundation, gift):
    """The gift's Swiss QR-bill (francs), or NoPaymentCode."""
    creditor = creditor_address(foundation)
    if gift.currency != Currency.CHF or not foundation.iban_chf or creditor is None:
        raise NoPaymentCode
    try:
        return QRBill(
            account=foundation.iban_chf,
            creditor=creditor,
            amount=f"{gift.amount:.2f}",
            currency="CHF",
            reference_number=gift.reference or None,
            additional_information=_("Gift to %(name)s") % {"name": foundation.name[:100]},
            language=_language(),
        )
    except ValueError as error:
        raise NoPaymentCode(str(error)) from error


def epc_payload(*, name, iban, amount, reference, bic=""):
    """The text of an EPC QR code (EPC069-12, version 002) for a SEPA transfer of
    ``amount`` euros to ``name``'s ``iban`` with the structured creditor ``reference``.
    One field a line: service tag, version, character set (1 = UTF-8), identification,
    BIC, beneficiary's name, IBAN, amount, purpose, structured reference, text."""
    amount = Decimal(amount)
    if not Decimal("0.01") <= amount <= Decimal("999999999.99"):
        raise NoPaymentCode("amount")
    name = " ".join(str(name or "").split())[:70]
    iban = "".join(str(iban or "").split()).upper()
    if not name or not 5 <= len(iban) <= 34:
        raise NoPaymentCode("account")
    lines = [
        "BCD",
        "002",
        "1",
        "SCT",
        (bic or "").strip().upper(),
        name,
        iban,
        f"EUR{amount:.2f}",
        "",
        reference or "",
        "",
    ]
    return "\n".join(lines).rstrip("\n")


def girocode_payload(foundation, gift):
    """The gift's EPC payload (euros), or NoPaymentCode."""
    if gift.currency != Currency.EUR or not foundation.iban_eur:
        raise NoPaymentCode
    return epc_payload(
        name=foundation.creditor_name or foundation.name,
        iban=foundation.iban_eur,
        amount=gift.amount,
        reference=gift.reference,
        bic=foundation.bic_eur,
    )


def payload(foundation, gift):
    """(kind, text): what the gift's QR code holds; kind "swiss" or "epc"."""
    if gift.currency == Currency.CHF:
        return "swiss", swiss_bill(foundation, gift).qr_data()
    return "epc", girocode_payload(foundation, gift)


def _path(matrix):
    """An SVG path of the dark modules, row by row in runs."""
    parts = []
    for row, cells in enumerate(matrix):
        start = None
        for col, dark in enumerate([*cells, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                x, y = (start + QUIET) * MODULE, (row + QUIET) * MODULE
                parts.append(
                    f"M{x} {y}h{(col - start) * MODULE}v{MODULE}h-{(col - start) * MODULE}z"
                )
                start = None
    return "".join(parts)


def _swiss_cross(count):
    """The Swiss cross (7 mm in a 46 mm code): a black square with a white edge and a
    white cross, in the middle of a code of ``count`` modules."""
    size = count * MODULE
    cross = size * 7 / 46
    x0 = QUIET * MODULE + (size - cross) / 2
    edge = cross * 0.7 / 19
    arm, bar = cross * 11 / 19, cross * 3.3 / 19

    def rect(x, y, w, h, fill):
        return f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{fill}"/>'

    return "".join(
        [
            rect(x0 - edge, x0 - edge, cross + 2 * edge, cross + 2 * edge, "#fff"),
            rect(x0, x0, cross, cross, "#000"),
            rect(x0 + (cross - bar) / 2, x0 + (cross - arm) / 2, bar, arm, "#fff"),
            rect(x0 + (cross - arm) / 2, x0 + (cross - bar) / 2, arm, bar, "#fff"),
        ]
    )


def svg(text, *, label, cross=False, element_id="payment-qr"):
    """The QR code of ``text`` (error correction M) as an SVG document, titled
    ``label``; with the Swiss cross for a QR-bill."""
    code = segno.make_qr(text.encode("utf-8"), error="m", boost_error=False)
    matrix = code.matrix
    count = len(matrix)
    side = (count + 2 * QUIET) * MODULE
    title_id = f"{element_id}-title"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" '
        f'width="{side}" height="{side}" role="img" aria-labelledby="{title_id}" '
        f'id="{element_id}" class="payment-qr">'
        f"<title id={quoteattr(title_id)}>{escape(label)}</title>"
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{_path(matrix)}"/>'
        f"{_swiss_cross(count) if cross else ''}"
        "</svg>"
    )


def gift_svg(foundation, gift):
    """The gift's payment code as SVG, or None when the bank details cannot make one."""
    try:
        kind, text = payload(foundation, gift)
    except NoPaymentCode:
        return None
    if kind == "swiss":
        label = _("Swiss QR code to pay %(amount)s CHF by transfer") % {
            "amount": shown(gift.amount)
        }
    else:
        label = _("GiroCode (EPC QR code) to pay %(amount)s EUR by transfer") % {
            "amount": shown(gift.amount)
        }
    return svg(text, label=label, cross=kind == "swiss")


def standing_order_svg(monthly):
    """The payment code of a standing order's monthly transfer (its amount and its own
    reference), as SVG, or None: the donor's banking app reads it to set up the order."""
    return gift_svg(monthly.foundation, monthly)
