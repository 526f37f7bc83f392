"""The statement parsers (maillage/fund/statements.py) on hand-written files: camt.053
of two versions, batch entries, debits skipped, structured and unstructured references;
CSV exports of French and Swiss banks; every malformed file with its message."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from maillage.fund import statements
from maillage.fund.statements import StatementError, read_camt053, read_csv, read_statement

HERE = Path(__file__).parent / "statements"


def _read(name):
    return (HERE / name).read_bytes()


def test_camt053_001_02_credits_with_batch_and_references():
    statement = read_camt053(_read("camt053_001_02.xml"))
    assert statement.account == "FR7630006000011234567890189"
    assert statement.bank_id == "STMT-2026-03-A"
    assert statement.debits == 1  # the bank's fees
    lines = statement.lines
    assert [(line.amount, line.booked_on) for line in lines] == [
        (Decimal("50.00"), date(2026, 3, 2)),
        (Decimal("20.00"), date(2026, 3, 4)),
        (Decimal("30.00"), date(2026, 3, 4)),
        (Decimal("7.50"), date(2026, 3, 4)),
    ]
    first, batch_one, batch_two, refund = lines
    assert first.reference == "RF18539007547034"  # structured, spaces removed
    assert first.debtor_name == "Mme Camille Martin"
    assert first.debtor_iban == "FR7630004000031234567890143"
    assert first.currency == "EUR"
    assert batch_one.reference == "RF3120260001"  # found in the unstructured text
    assert batch_one.remittance == "Don pour la fondation RF31 2026 0001 merci"
    assert batch_two.reference == ""
    assert batch_two.remittance == "Soutien campagne diagnostic"
    assert batch_two.debtor_name == "Atelier Vélo Solidaire"
    assert refund.remittance == "Remboursement de frais bancaires"
    assert len({line.key for line in lines}) == 4
    assert all(len(line.key) == 64 for line in lines)


def test_camt053_001_08_qr_reference_pending_skipped_and_identical_lines():
    statement = read_statement(_read("camt053_001_08.xml"))
    assert statement.format == "camt053"
    assert statement.account == "CH4431999123000889012"
    assert statement.debits == 1
    lines = statement.lines
    assert [line.amount for line in lines] == [
        Decimal("120.00"),
        Decimal("25.00"),
        Decimal("25.00"),
    ]
    assert lines[0].reference == "210000000003139471430009017"
    assert lines[0].debtor_name == "Jean-Luc Rochat"
    assert lines[0].booked_on == date(2026, 3, 31)
    assert lines[1].debtor_name == "Association Les Jardins"  # the ultimate debtor
    # Two identical lines without a bank reference: two different keys, stable.
    assert lines[1].key != lines[2].key
    again = read_camt053(_read("camt053_001_08.xml"))
    assert [line.key for line in again.lines] == [line.key for line in lines]


def test_bank_reference_makes_the_key_whatever_the_statement():
    first = read_camt053(_read("camt053_001_02.xml"))
    text = _read("camt053_001_02.xml").replace(b"STMT-2026-03-A", b"STMT-2026-03-B")
    second = read_camt053(text)
    assert [line.key for line in second.lines] == [line.key for line in first.lines]


def test_reference_in_text_checks_the_digits():
    assert statements.reference_in("Don RF18 5390 0754 7034 merci") == "RF18539007547034"
    assert statements.reference_in("Don RF19 5390 0754 7034") == ""  # wrong check digits
    assert statements.reference_in("21 00000 00003 13947 14300 09017") == (
        "210000000003139471430009017"
    )
    assert statements.reference_in("21 00000 00003 13947 14300 09018") == ""


CSV_FR = (
    "Date comptable;Libellé;Nom;Référence;Montant;Devise\n"
    "02/03/2026;Don campagne;Mme Camille Martin;RF18 5390 0754 7034;1 234,50;EUR\n"
    "03/03/2026;Frais;Banque;;-12,00;EUR\n"
    "\n"
    "04/03/2026;Don RF31 2026 0001;Louis Bernard;;20,00;EUR\n"
)


@pytest.mark.parametrize(
    "data",
    [
        CSV_FR.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV_FR.encode("utf-8"),
        CSV_FR.encode("latin-1"),
    ],
    ids=["utf-8", "utf-8-bom", "latin-1"],
)
def test_csv_french_headers_in_every_encoding(data):
    statement = read_statement(data)
    assert statement.format == "csv"
    assert statement.debits == 1
    first, second = statement.lines
    assert first.amount == Decimal("1234.50")
    assert first.booked_on == date(2026, 3, 2)
    assert first.reference == "RF18539007547034"
    assert first.debtor_name == "Mme Camille Martin"
    assert first.remittance == "Don campagne"
    assert second.reference == "RF3120260001"  # found in the label
    assert second.amount == Decimal("20.00")


def test_csv_english_headers_commas_and_credit_debit_columns():
    data = (
        b"Booking date,Description,Name,Credit,Debit,Currency\n"
        b'2026-03-02,"Gift, thanks",Camille Martin,"1,234.50",,CHF\n'
        b"2026-03-03,Fees,Bank,,12.00,CHF\n"
    )
    statement = read_csv(data)
    assert statement.debits == 1
    [line] = statement.lines
    assert (line.amount, line.currency, line.remittance) == (
        Decimal("1234.50"),
        "CHF",
        "Gift, thanks",
    )


def test_csv_without_currency_column_uses_the_given_currency():
    data = b"date;montant;nom\n2026-03-02;15;Camille\n"
    assert read_csv(data, currency="EUR").lines[0].currency == "EUR"
    with pytest.raises(StatementError) as refused:
        read_csv(data)
    assert "Line 2 has no currency" in str(refused.value)


BAD_LINE_17 = "date;montant;devise\n" + "".join(
    f"0{1 + i % 9}/03/2026;10,00;EUR\n" for i in range(15)
)


NS = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "The file is empty."),
        (b"  \n ", "The file is empty."),
        (b"<" + b"x" * (20 * 1024 * 1024), "larger than 20 MB"),
        (NS + b"<BkToCstmrStmt><Stmt>", "not well-formed XML (line 1"),
        (b"<?xml version='1.0'?>\n" + NS + b"\n<Stmt></Document>", "not well-formed XML (line 3"),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"></Document>',
            "not an ISO 20022 camt.053",
        ),
        (b"<Document><BkToCstmrStmt/></Document>", "not an ISO 20022 camt.053"),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><Other/></Document>',
            "no statement (element BkToCstmrStmt)",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]>'
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04">&e;</Document>',
            "entities or a DTD",
        ),
        ((BAD_LINE_17 + "32/13/2026;10,00;EUR\n").encode(), "Line 17: the date “32/13/2026”"),
        (b"date;montant;devise\n2026-03-02;;EUR\n", "Line 2 has no amount."),
        (b"date;montant;devise\n2026-03-02;dix;EUR\n", "Line 2: the amount “dix” is not a number"),
        (b"date;montant;devise\n2026-03-02;1,005;EUR\n", "more than two decimals"),
        (
            b"date;montant;devise\n2026-03-02;1e20;EUR\n",
            "Line 2: the amount “1e20” is not a number",
        ),
        (
            b"date;montant;devise\n2026-03-02;99999999999;EUR\n",
            "Line 2: the amount “99999999999” is too large",
        ),
        (b"libelle;montant\nx;10\n", "no date column"),
        (b"date;libelle\n2026-03-02;x\n", "no amount column"),
        (b"just some text", "neither a camt.053 statement"),
    ],
    ids=[
        "empty",
        "blank",
        "too-big",
        "truncated-xml",
        "bad-xml-line-3",
        "camt054",
        "no-namespace",
        "no-statement",
        "entities",
        "csv-bad-date-line-17",
        "csv-no-amount",
        "csv-bad-amount",
        "csv-three-decimals",
        "csv-exponent",
        "csv-too-large",
        "csv-no-date-column",
        "csv-no-amount-column",
        "not-a-statement",
    ],
)
def test_malformed_files_say_where(data, message):
    with pytest.raises(StatementError) as refused:
        read_statement(data)
    assert message in str(refused.value)


def _entry(body):
    return (
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        "<Stmt><Id>S</Id><Ntry><NtryRef>x</NtryRef></Ntry><Ntry>"
        + body
        + "</Ntry></Stmt></BkToCstmrStmt></Document>"
    ).encode()


GOOD = "<CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-03-02</Dt></BookgDt>"


@pytest.mark.parametrize(
    "body,message",
    [
        (GOOD, "Entry 1: CdtDbtInd must be CRDT or DBIT"),
    ],
)
def test_first_entry_without_indicator(body, message):
    with pytest.raises(StatementError) as refused:
        read_camt053(_entry(body))
    assert message in str(refused.value)


@pytest.mark.parametrize(
    "body,message",
    [
        (GOOD, "Entry 2 has no amount (element Amt)"),
        ('<Amt Ccy="EUR">abc</Amt>' + GOOD, "Entry 2: the amount “abc” (Ntry/Amt) is not a number"),
        ("<Amt>10.00</Amt>" + GOOD, "has no currency (Ccy)"),
        ('<Amt Ccy="EUR">1E+15</Amt>' + GOOD, "Entry 2: the amount “1E+15” is too large"),
        ('<Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>', "Entry 2 has no booking date"),
        (
            '<Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
            "<BookgDt><Dt>2026-02-30</Dt></BookgDt>",
            "Entry 2: the booking date “2026-02-30” is not a date",
        ),
        (
            '<Amt Ccy="EUR">10.00</Amt>' + GOOD + "<NtryDtls><TxDtls/><TxDtls/></NtryDtls>",
            "Entry 2: transaction 1 of the batch has no amount",
        ),
    ],
    ids=[
        "no-amount",
        "bad-amount",
        "no-currency",
        "too-large",
        "no-date",
        "bad-date",
        "batch-no-amount",
    ],
)
def test_malformed_entries_are_named(body, message):
    data = _entry(body).replace(
        b"<Ntry><NtryRef>x</NtryRef></Ntry>",
        b'<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>'
        b"<BookgDt><Dt>2026-03-01</Dt></BookgDt></Ntry>",
    )
    with pytest.raises(StatementError) as refused:
        read_camt053(data)
    assert message in str(refused.value)
