"""A statement or credit note as a document of the document layer (PDF), and its
lines as CSV.

Payment details: the creditor is the site (its IBAN, creditor's name and address).
- CHF: a Swiss QR-bill. ``qrbill`` checks the IBAN, the address and the reference and
  gives the QR code's payload (``QRBill.qr_data()``); the code is drawn from it as a
  vector figure of the document layer (error correction M, the Swiss cross in its
  middle), beside the payment part's texts, so that no new block type is needed.
- EUR: the IBAN and the ISO 11649 creditor reference ("RF...") to give with the
  transfer.
Without an IBAN, or with details the QR-bill refuses, the document says that the
payment details are missing instead of failing.
"""

import hashlib
import re

import qrcode
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from qrbill import QRBill

from maillage.core.typography import amount, labelled
from maillage.documents import (
    Document,
    Figure,
    Heading,
    Paragraph,
    Rect,
    Table,
    Together,
    Value,
    render_csv,
    render_pdf,
)
from maillage.documents.style import FORMATS, money_format

QR_SIZE = 130.4  # points: 46 mm, as the QR-bill's standard says
BLACK, WHITE = "#000000", "#ffffff"
_POSTCODE_CITY = re.compile(r"^(?:([A-Z]{2})-)?(\d{4,5})\s+(.+)$")


def _month(statement):
    from datetime import date

    return date_format(date(statement.year, statement.month, 1), "YEAR_MONTH_FORMAT")


def title(statement):
    if statement.is_credit_note:
        return _("Credit note %(number)s") % {"number": statement.number}
    return _("Statement %(number)s") % {"number": statement.number}


def creditor_address(site):
    """The site's creditor's address as qrbill's structured address, or None."""
    lines = [line.strip() for line in site.creditor_address.splitlines() if line.strip()]
    country = "CH"
    if lines and not any(ch.isdigit() for ch in lines[-1]) and len(lines) > 1:
        country = lines.pop()
    if not lines or not site.creditor_name:
        return None
    match = _POSTCODE_CITY.match(lines[-1])
    if match is None:
        return None
    return {
        "name": site.creditor_name,
        "street": lines[0] if len(lines) > 1 else "",
        "pcode": match[2],
        "city": match[3],
        "country": match[1] or country,
    }


def qr_bill(statement):
    """The statement's QRBill, or None when the site's details cannot make one."""
    site = statement.site
    creditor = creditor_address(site)
    if not site.iban or creditor is None:
        return None
    reference = statement.reference
    try:
        return QRBill(
            account=site.iban,
            creditor=creditor,
            amount=statement.total if statement.total > 0 else None,
            currency=statement.currency,
            reference_number=reference or None,
            additional_information=title(statement),
            language=(get_language() or "fr")[:2]
            if (get_language() or "fr")[:2] in ("fr", "en", "de", "it")
            else "fr",
        )
    except ValueError:
        return None


def qr_figure(payload):
    """The QR code of ``payload`` as a vector figure (error correction M, no margin:
    the page's white is the quiet zone), with the Swiss cross in its middle."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    count = len(matrix)
    module = QR_SIZE / count
    shapes = []
    for row, cells in enumerate(matrix):
        y = QR_SIZE - (row + 1) * module
        start = None
        for col, dark in enumerate([*cells, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                shapes.append(Rect(start * module, y, (col - start) * module, module, fill=BLACK))
                start = None
    # The Swiss cross: 7 mm, a black square with a white border and a white cross.
    cross = QR_SIZE * 7 / 46
    x0 = y0 = (QR_SIZE - cross) / 2
    edge = cross * 0.7 / 19
    arm, bar = cross * 11 / 19, cross * 3.3 / 19
    shapes += [
        Rect(x0 - edge, y0 - edge, cross + 2 * edge, cross + 2 * edge, fill=WHITE),
        Rect(x0, y0, cross, cross, fill=BLACK),
        Rect(x0 + (cross - bar) / 2, y0 + (cross - arm) / 2, bar, arm, fill=WHITE),
        Rect(x0 + (cross - arm) / 2, y0 + (cross - bar) / 2, arm, bar, fill=WHITE),
    ]
    return Figure(
        width=QR_SIZE,
        height=QR_SIZE,
        alt=_("Swiss QR code for the payment"),
        shapes=shapes,
    )


def _iban(iban):
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _reference(reference):
    if reference.startswith("RF"):
        return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))
    # A QR reference: 2 digits, then groups of 5.
    return " ".join([reference[:2]] + [reference[i : i + 5] for i in range(2, len(reference), 5)])


def payment_details(statement):
    """(texts, figure or None): how to pay, for the document and the page."""
    site = statement.site
    if statement.is_credit_note:
        return [_("Nothing to pay: this credit note reduces what is owed.")], None
    if not site.iban:
        return [_("The payment details are missing: ask the site's coordinators.")], None
    texts = [
        labelled(_("Account / payable to"), _iban(site.iban)),
        site.creditor_name or site.collective.name,
        *[line for line in site.creditor_address.splitlines() if line.strip()],
        labelled(_("Reference"), _reference(statement.reference)),
        labelled(_("Amount"), amount(statement.total, statement.currency, cents=True)),
        labelled(_("Payable by"), str(statement.organisation)),
    ]
    if statement.currency != "CHF":
        return texts, None
    bill = qr_bill(statement)
    if bill is None:
        texts.insert(
            0,
            _(
                "The payment details are incomplete (IBAN, creditor's name and address): "
                "no QR-bill could be made."
            ),
        )
        return texts, None
    return texts, qr_figure(bill.qr_data())


def lines_table(statement, lines):
    currency = statement.currency
    rows = [
        [
            line.label,
            Value(line.quantity, FORMATS["quantity"]),
            Value(line.unit_price, money_format(currency)),
            Value(line.amount, money_format(currency)),
        ]
        for line in lines
    ]
    return Table(
        header=[_("What"), _("Quantity"), _("Unit price"), _("Amount")],
        rows=rows,
        widths=[40, 9, 12, 12],
        align=["left", "right", "right", "right"],
        caption=title(statement),
    )


def statement_document(statement, lines):
    site = statement.site
    notice = ""
    if statement.is_credit_note:
        notice = _("Corrects statement %(number)s: %(reason)s") % {
            "number": statement.credits.number,
            "reason": statement.reason,
        }
    elif statement.is_paid:
        notice = _("Paid on %(date)s.") % {"date": date_format(statement.paid_on)}
    table = lines_table(statement, lines)
    for row in table.rows:
        row[1:] = [
            row[1].value,
            amount(row[2].value, "", cents=True),
            amount(row[3].value, "", cents=True),
        ]
    table.rows.append(
        [
            Paragraph.of(_("Total"), bold=True),
            "",
            "",
            amount(statement.total, statement.currency, cents=True),
        ]
    )
    texts, figure = payment_details(statement)
    payment = [Heading(2, _("Payment"))]
    if figure is not None:
        payment.append(
            Table(
                header=[],
                rows=[[figure, [Paragraph.of(text) for text in texts]]],
                widths=[14, 24],
            )
        )
    else:
        payment += [Paragraph.of(text) for text in texts]
    facts = Table(
        header=[],
        rows=[
            [_("Creditor"), site.creditor_name or site.collective.name],
            [_("Tenant"), str(statement.organisation)],
            [_("Month"), _month(statement)],
            [_("Number"), statement.number],
            [_("Issued on"), date_format(statement.issued_at.date())],
        ],
        widths=[12, 40],
        label_column=True,
    )
    return Document(
        title=title(statement),
        subtitle=site.collective.name,
        topic=site.name,
        meta=_month(statement),
        notice=notice,
        author=site.collective.name,
        subject=title(statement),
        footer=" · ".join((title(statement), site.name)),
        blocks=[
            facts,
            Heading(2, _("Details")),
            table,
            Together(payment),
            Paragraph.of(_("No payment is processed by this site."), "small"),
        ],
    )


def filename(statement, ext):
    stem = slugify(title(statement)) or "statement"
    return f"{stem}.{ext}"


def fingerprint(statement):
    """What the documents of ``statement`` depend on: its chained hash, its payment,
    the site's payment details, the language."""
    site = statement.site
    said = "|".join(
        [
            statement.hash,
            str(statement.paid_on or ""),
            site.iban,
            site.creditor_name,
            site.creditor_address,
            get_language() or "",
        ]
    )
    return hashlib.sha256(said.encode()).hexdigest()


def statement_pdf(statement, lines) -> bytes:
    return render_pdf(statement_document(statement, lines))


def statement_csv(statement, lines, french=False) -> str:
    table = lines_table(statement, lines)
    table.rows = [[row[0], *(cell.value for cell in row[1:])] for row in table.rows]
    table.rows.append([_("Total"), "", "", statement.total])
    return render_csv(table, french=french)
