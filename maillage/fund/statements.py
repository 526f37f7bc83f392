"""Bank statements read into plain lines, for the reconciliation (services_bank.py).

A pure module: no Django, plain dataclasses, exact decimals.

- ``read_camt053``: an ISO 20022 camt.053 statement (``BkToCstmrStmt/Stmt/Ntry``), any
  version from camt.053.001.02 to .08 (elements are matched on their local names).
  One line per credit transaction: a batch entry (several ``NtryDtls/TxDtls``) gives
  one line per transaction, each with its own ``AmtDtls/TxAmt/Amt`` (or ``Amt``).
- ``read_csv``: a CSV export (UTF-8 with or without BOM, or Latin-1; ``;`` or ``,``),
  headers in French or English (``COLUMNS`` lists the names read).
- ``read_statement``: either, by the file's first character.

Only credits are kept; debits are counted (``Statement.debits``) and skipped. Each line
has a stable ``key``: a hash of the bank's own reference of the transaction when it
gives one, else of everything the line says and its index among identical lines, so
that the same statement read twice, or two statements that overlap, give the same keys.

A file that cannot be read raises ``StatementError``; its ``template`` is an English
message (marked for translation with ``gettext_noop``) and its ``params`` name the line
or the element, for the service to translate.
"""

import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

MAX_BYTES = 20 * 1024 * 1024
CENT = Decimal("0.01")
# Beyond this no transfer is real (and the amount would not fit its column).
AMOUNT_LIMIT = Decimal("1000000000")


def gettext_noop(message):
    """Marks ``message`` for translation (makemessages reads it); translated later."""
    return message


class StatementError(Exception):
    def __init__(self, template, **params):
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


@dataclass(frozen=True)
class StatementLine:
    booked_on: date
    amount: Decimal
    currency: str
    debtor_name: str = ""
    debtor_iban: str = ""
    reference: str = ""
    remittance: str = ""
    key: str = ""
    bank_ref: str = ""  # the bank's own reference of the transaction, when given


@dataclass
class Statement:
    format: str
    account: str = ""
    bank_id: str = ""
    lines: list = field(default_factory=list)
    debits: int = 0


# ------------------------------------------------------------------ shared helpers


def _check_size(data):
    if not data or not data.strip():
        raise StatementError(gettext_noop("The file is empty."))
    if len(data) > MAX_BYTES:
        raise StatementError(
            gettext_noop("The file is larger than 20 MB: export the statement in shorter periods.")
        )


def _compact(text):
    return "".join(str(text or "").split()).upper()


def _is_creditor_reference(compact):
    if not re.fullmatch(r"RF\d{2}[A-Z0-9]{1,21}", compact):
        return False
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


_MOD10 = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)


def _is_qr_reference(compact):
    if not re.fullmatch(r"\d{27}", compact):
        return False
    carry = 0
    for digit in compact[:-1]:
        carry = _MOD10[(carry + int(digit)) % 10]
    return (10 - carry) % 10 == int(compact[-1])


_RF_IN_TEXT = re.compile(r"RF\s?\d{2}(?:\s?[A-Z0-9]){1,21}", re.IGNORECASE)
_DIGITS_IN_TEXT = re.compile(r"\d[\d ]{25,40}\d")


def reference_in(text):
    """A creditor reference (RF…) or a Swiss QR reference written in ``text``, checked
    by its check digits; "" when there is none."""
    for found in _RF_IN_TEXT.finditer(text or ""):
        compact = _compact(found.group())
        # The reference may be followed by other words: try the longest valid prefix.
        for end in range(len(compact), 4, -1):
            if _is_creditor_reference(compact[:end]):
                return compact[:end]
    for found in _DIGITS_IN_TEXT.finditer(text or ""):
        compact = _compact(found.group())
        if _is_qr_reference(compact):
            return compact
    return ""


def line_key(account, line, index):
    """The stable key of ``line`` (the ``index``-th identical line of its statement)."""
    if line.bank_ref:
        raw = f"bank|{_compact(account)}|{line.bank_ref}"
    else:
        raw = "|".join(
            [
                "line",
                _compact(account),
                line.booked_on.isoformat(),
                str(line.amount),
                line.currency,
                line.debtor_name,
                line.debtor_iban,
                line.reference,
                line.remittance,
                str(index),
            ]
        )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _with_keys(account, lines):
    seen = Counter()
    keyed = []
    for line in lines:
        identity = line if not line.bank_ref else line.bank_ref
        index = seen[identity]
        seen[identity] += 1
        key = line_key(account, line, index)
        keyed.append(replace(line, key=key))
    return keyed


def _clip(text, size):
    return " ".join(str(text or "").split())[:size]


# ------------------------------------------------------------------ camt.053

CAMT_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.(\d{3})\.001\.(\d{2})")


def _text(element, path):
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _xml_date(text):
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _xml_amount(element, number, where):
    raw = (element.text or "").strip()
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise StatementError(
            gettext_noop("Entry %(number)d: the amount “%(value)s” (%(element)s) is not a number."),
            number=number,
            value=raw[:30],
            element=where,
        )
    if amount >= AMOUNT_LIMIT:
        raise StatementError(
            gettext_noop("Entry %(number)d: the amount “%(value)s” is too large for a transfer."),
            number=number,
            value=raw[:30],
        )
    currency = (element.get("Ccy") or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise StatementError(
            gettext_noop("Entry %(number)d: the amount (%(element)s) has no currency (Ccy)."),
            number=number,
            element=where,
        )
    return amount, currency


def _party_name(tx, role):
    # .001.02 to .07: RltdPties/Dbtr/Nm; .001.08: RltdPties/Dbtr/Pty/Nm.
    for path in (f"RltdPties/{role}/Nm", f"RltdPties/{role}/Pty/Nm"):
        name = _text(tx, path)
        if name:
            return name
    return ""


def _entry_lines(entry, number, lines):
    """The credit lines of ``entry`` (the ``number``-th), added to ``lines``; returns how
    many debits it held."""
    indicator = _text(entry, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise StatementError(
            gettext_noop("Entry %(number)d: CdtDbtInd must be CRDT or DBIT."), number=number
        )
    status = _text(entry, "Sts/Cd") or _text(entry, "Sts")
    if status and status != "BOOK":
        return 0  # pending or information only: not money on the account yet
    amount_element = entry.find("Amt")
    if amount_element is None:
        raise StatementError(
            gettext_noop("Entry %(number)d has no amount (element Amt)."), number=number
        )
    entry_amount, entry_currency = _xml_amount(amount_element, number, "Ntry/Amt")
    raw_date = _text(entry, "BookgDt/Dt") or _text(entry, "BookgDt/DtTm")
    raw_date = raw_date or _text(entry, "ValDt/Dt") or _text(entry, "ValDt/DtTm")
    if not raw_date:
        raise StatementError(
            gettext_noop("Entry %(number)d has no booking date (element BookgDt)."), number=number
        )
    booked_on = _xml_date(raw_date)
    if booked_on is None:
        raise StatementError(
            gettext_noop("Entry %(number)d: the booking date “%(value)s” is not a date."),
            number=number,
            value=raw_date[:30],
        )
    entry_ref = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    transactions = entry.findall("NtryDtls/TxDtls")
    if not transactions:
        if indicator == "DBIT":
            return 1
        lines.append(
            StatementLine(
                booked_on=booked_on,
                amount=entry_amount,
                currency=entry_currency,
                remittance=_clip(_text(entry, "AddtlNtryInf"), 500),
                reference=reference_in(_text(entry, "AddtlNtryInf")),
                bank_ref=entry_ref,
            )
        )
        return 0
    debits = 0
    for index, tx in enumerate(transactions, start=1):
        tx_indicator = _text(tx, "CdtDbtInd") or indicator
        if tx_indicator == "DBIT":
            debits += 1
            continue
        amount_element = tx.find("AmtDtls/TxAmt/Amt")
        if amount_element is None:
            amount_element = tx.find("Amt")
        if amount_element is not None:
            amount, currency = _xml_amount(amount_element, number, "TxDtls/AmtDtls/TxAmt/Amt")
        elif len(transactions) == 1:
            amount, currency = entry_amount, entry_currency
        else:
            raise StatementError(
                gettext_noop(
                    "Entry %(number)d: transaction %(index)d of the batch has no amount "
                    "(element AmtDtls/TxAmt/Amt)."
                ),
                number=number,
                index=index,
            )
        unstructured = " ".join(
            (element.text or "").strip() for element in tx.findall("RmtInf/Ustrd")
        )
        reference = _compact(_text(tx, "RmtInf/Strd/CdtrRefInf/Ref")) or reference_in(unstructured)
        tx_ref = _text(tx, "Refs/AcctSvcrRef")
        if tx_ref:
            bank_ref = tx_ref
        elif entry_ref:
            bank_ref = f"{entry_ref}#{index}" if len(transactions) > 1 else entry_ref
        else:
            bank_ref = ""
        lines.append(
            StatementLine(
                booked_on=booked_on,
                amount=amount,
                currency=currency,
                debtor_name=_clip(_party_name(tx, "Dbtr") or _party_name(tx, "UltmtDbtr"), 200),
                debtor_iban=_compact(_text(tx, "RltdPties/DbtrAcct/Id/IBAN"))[:40],
                reference=reference[:40],
                remittance=_clip(unstructured, 500),
                bank_ref=bank_ref,
            )
        )
    return debits


def read_camt053(data):
    """The credit lines of a camt.053 statement (bytes)."""
    _check_size(data)
    statement = Statement(format="camt053")
    lines = []
    number = 0
    checked = False
    try:
        # "end" events only: an element ends after its children, so an entry is whole
        # when it ends; its tags are rewritten without namespace as they end.
        for _event, element in iterparse(io.BytesIO(data), events=("end",)):
            tag = element.tag
            if not checked:
                namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
                version = CAMT_NAMESPACE.fullmatch(namespace)
                if version is None or version.group(1) != "053":
                    raise StatementError(
                        gettext_noop(
                            "This XML file is not an ISO 20022 camt.053 bank statement "
                            "(its namespace is “%(namespace)s”)."
                        ),
                        namespace=namespace[:80] or "-",
                    )
                checked = True
            local = tag.rsplit("}", 1)[-1]
            element.tag = local
            if local == "Ntry":
                number += 1
                statement.debits += _entry_lines(element, number, lines)
                element.clear()
            elif local == "Stmt":
                if not statement.account:
                    statement.account = _compact(
                        _text(element, "Acct/Id/IBAN") or _text(element, "Acct/Id/Othr/Id")
                    )
                statement.bank_id = statement.bank_id or _text(element, "Id")[:100]
            elif local == "Document" and element.find("BkToCstmrStmt") is None:
                raise StatementError(
                    gettext_noop("This XML file has no statement (element BkToCstmrStmt).")
                )
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise StatementError(
            gettext_noop(
                "The file is not well-formed XML (line %(line)d, column %(column)d): "
                "it cannot be read as a camt.053 statement."
            ),
            line=line,
            column=column,
        ) from error
    except DefusedXmlException as error:
        raise StatementError(
            gettext_noop("The file declares entities or a DTD, which a bank statement never has.")
        ) from error
    statement.lines = _with_keys(statement.account, lines)
    return statement


# ------------------------------------------------------------------ CSV

# The columns read, by their header (lower case, without accents; the first found wins).
COLUMNS = {
    "date": [
        "date comptable",
        "date de comptabilisation",
        "booking date",
        "date d'operation",
        "date operation",
        "date",
        "date de valeur",
        "value date",
    ],
    "amount": ["montant", "amount", "somme"],
    "credit": ["credit", "credits"],
    "debit": ["debit", "debits"],
    "currency": ["devise", "currency", "monnaie"],
    "name": [
        "nom",
        "name",
        "emetteur",
        "donneur d'ordre",
        "debiteur",
        "debtor",
        "payer",
        "contrepartie",
        "counterparty",
    ],
    "iban": ["iban", "iban du donneur d'ordre", "debtor iban", "compte"],
    "reference": ["reference", "ref", "reference structuree", "creditor reference"],
    "remittance": ["libelle", "description", "message", "communication", "motif", "details"],
    "bank_ref": ["id", "identifiant", "transaction id", "id transaction"],
}


def _header(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("’", "'").strip().strip("\ufeff")
    text = re.sub(r"\s*\((?:eur|chf|€)\)$|\s+(?:eur|chf)$", "", text)
    return " ".join(text.replace("_", " ").split())


def _decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_CSV_SPACES = re.compile(r"[\s\u00a0\u202f'’]|€|EUR|CHF", re.IGNORECASE)


def _csv_amount(text):
    """The Decimal written in ``text`` ("1 234,50", "1234.50", "-12,00", "1.234,50"), or
    None."""
    text = _CSV_SPACES.sub("", text or "")
    if text.count(",") and text.count("."):
        if text.rindex(",") > text.rindex("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    return Decimal(text)


def _csv_date(text):
    text = (text or "").strip()
    match = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})", text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year + 2000 if year < 100 else year, month, day)
        if re.match(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.fromisoformat(text[:10]).date()
    except ValueError:
        return None
    return None


def _columns(header):
    names = [_header(cell) for cell in header]
    found = {}
    for role, choices in COLUMNS.items():
        for choice in choices:
            if choice in names:
                found[role] = names.index(choice)
                break
    if "date" not in found:
        raise StatementError(
            gettext_noop(
                "The CSV file has no date column (date, date comptable, date de valeur, "
                "booking date). Its columns: %(columns)s."
            ),
            columns=", ".join(cell for cell in header if cell)[:200] or "-",
        )
    if "amount" not in found and "credit" not in found:
        raise StatementError(
            gettext_noop(
                "The CSV file has no amount column (montant, amount, or crédit and débit). "
                "Its columns: %(columns)s."
            ),
            columns=", ".join(cell for cell in header if cell)[:200] or "-",
        )
    return found


def read_csv(data, *, currency=""):
    """The credit lines of a CSV export (bytes); ``currency`` for a file without a
    currency column."""
    _check_size(data)
    text = _decode(data)
    first = text.lstrip().split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    rows = csv.reader(io.StringIO(text.lstrip()), delimiter=delimiter)
    header = next(rows, None)
    if not header or len(header) < 2:
        raise StatementError(
            gettext_noop("This file is neither a camt.053 statement (XML) nor a CSV file.")
        )
    columns = _columns(header)
    statement = Statement(format="csv")
    lines = []

    def cell(row, role):
        index = columns.get(role)
        return row[index].strip() if index is not None and index < len(row) else ""

    for row in rows:
        number = rows.line_num
        if not any(value.strip() for value in row):
            continue
        raw_date = cell(row, "date")
        booked_on = _csv_date(raw_date)
        if booked_on is None:
            raise StatementError(
                gettext_noop(
                    "Line %(line)d: the date “%(value)s” is not a date (write 31/01/2026 or "
                    "2026-01-31)."
                ),
                line=number,
                value=raw_date[:30],
            )
        if "amount" in columns:
            raw = cell(row, "amount")
        else:
            raw = cell(row, "credit")
            if not raw or _csv_amount(raw) == 0:
                debit = cell(row, "debit")
                if debit and _csv_amount(debit) is not None:
                    statement.debits += 1
                    continue
        if not raw:
            raise StatementError(gettext_noop("Line %(line)d has no amount."), line=number)
        amount = _csv_amount(raw)
        if amount is None:
            raise StatementError(
                gettext_noop("Line %(line)d: the amount “%(value)s” is not a number."),
                line=number,
                value=raw[:30],
            )
        if abs(amount) >= AMOUNT_LIMIT:
            raise StatementError(
                gettext_noop("Line %(line)d: the amount “%(value)s” is too large for a transfer."),
                line=number,
                value=raw[:30],
            )
        if amount != amount.quantize(CENT):
            raise StatementError(
                gettext_noop("Line %(line)d: the amount “%(value)s” has more than two decimals."),
                line=number,
                value=raw[:30],
            )
        if amount <= 0:
            statement.debits += 1
            continue
        code = (cell(row, "currency") or currency).upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise StatementError(
                gettext_noop(
                    "Line %(line)d has no currency: add a column devise (or currency) with "
                    "EUR or CHF."
                ),
                line=number,
            )
        remittance = cell(row, "remittance")
        lines.append(
            StatementLine(
                booked_on=booked_on,
                amount=amount.quantize(CENT),
                currency=code,
                debtor_name=_clip(cell(row, "name"), 200),
                debtor_iban=_compact(cell(row, "iban"))[:40],
                reference=(_compact(cell(row, "reference")) or reference_in(remittance))[:40],
                remittance=_clip(remittance, 500),
                bank_ref=cell(row, "bank_ref")[:100],
            )
        )
    statement.lines = _with_keys("", lines)
    return statement


def read_statement(data, *, currency=""):
    """A camt.053 file or a CSV file, told apart by their first character."""
    _check_size(data)
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"<":
        return read_camt053(data)
    return read_csv(data, currency=currency)
