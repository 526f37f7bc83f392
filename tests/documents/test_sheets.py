"""The spreadsheet writer: rows as tall as their wrapped text, the print setup, a
number format per kind of value, and the French CSV beside the plain one."""

import csv
import datetime
import io
from decimal import Decimal

from django.utils import translation
from openpyxl import load_workbook

from maillage.documents import Document, Table, Value, render_csv, render_xlsx
from maillage.documents.style import FORMATS, money_format
from maillage.documents.to_sheets import LINE_HEIGHT, csv_filename, lines_needed

LONG = "Accueillir les personnes en recherche d'emploi et les recruteurs du territoire. " * 4


def book_of(source):
    return load_workbook(io.BytesIO(render_xlsx(source)))


def rows_of(text, delimiter):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_rows_grow_with_their_wrapped_text_and_line_breaks():
    table = Table(
        header=["Projet", "Détails"],
        rows=[["Court", "Une ligne"], ["Long", LONG], ["Lignes", "un\ndeux\ntrois\nquatre"]],
        widths=[12, 30],
    )
    sheet = book_of(table).active
    short, long, broken = (sheet.row_dimensions[n].height for n in (2, 3, 4))
    assert short == LINE_HEIGHT + 3
    # 330 characters at about 32 a line: eleven lines or so, never one.
    assert lines_needed(LONG, 30) >= 10
    assert long == lines_needed(LONG, 30) * LINE_HEIGHT + 3
    assert broken == 4 * LINE_HEIGHT + 3
    # A wider column needs fewer lines.
    assert lines_needed(LONG, 60) < lines_needed(LONG, 30)
    assert sheet["B3"].alignment.wrap_text is True and sheet["B3"].alignment.vertical == "top"
    # Never taller than Excel allows.
    huge = book_of(Table(header=["a"], rows=[["ligne\n" * 100]], widths=[10])).active
    assert huge.row_dimensions[2].height == 409


def test_the_print_setup_of_a_document():
    document = Document(
        "Tableau",
        subtitle="Réseau Transition & Emploi",
        date=datetime.date(2026, 12, 7),
        paper="A3",
        blocks=[Table(header=["a", "b"], rows=[["x", 1]], caption="Projets")],
    )
    with translation.override("fr"):
        sheet = book_of(document).active
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert setup.paperSize == 8  # A3
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    # The collective on the left (an "&" doubled, as headers want), the day on the right.
    assert sheet.oddHeader.left.text == "Réseau Transition && Emploi"
    assert sheet.oddHeader.right.text == "7 décembre 2026"
    assert sheet.oddFooter.center.text == "Page &P / &N"
    assert sheet.page_margins.left == 0.6


def test_a_table_alone_prints_on_a4_without_a_page_header():
    sheet = book_of(Table(header=["a"], rows=[["x"]])).active
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.oddHeader.left.text is None and sheet.oddHeader.right.text is None
    assert sheet.oddFooter.center.text == "Page &P / &N"


def test_a_format_per_kind_of_value():
    day = datetime.date(2026, 12, 31)
    table = Table(
        header=["date", "moment", "décimal", "entier", "euros", "francs", "part", "texte"],
        rows=[
            [
                day,
                datetime.datetime(2026, 12, 31, 9, 30),
                Decimal("1234.5"),
                2026,
                Value(Decimal("25000"), money_format("EUR")),
                Value(Decimal("1200.5"), money_format("CHF")),
                Value(0.25, FORMATS["percent"]),
                "=SOMME(A1)",
            ]
        ],
    )
    with translation.override("fr"):
        sheet = book_of(table).active
    cells = list(sheet[2])
    assert cells[0].is_date and cells[0].number_format == "dd/mm/yyyy"
    assert cells[1].is_date and cells[1].number_format == "dd/mm/yyyy hh:mm"
    assert cells[2].data_type == "n" and cells[2].number_format == "#,##0.00"
    # A year stays 2026, not "2 026".
    assert cells[3].value == 2026 and cells[3].number_format == "General"
    assert cells[4].value == 25000 and cells[4].number_format == '#,##0.00 "€"'
    assert cells[5].number_format == '#,##0.00 "CHF"'
    assert cells[6].value == 0.25 and cells[6].number_format == "0%"
    # The formula guard is kept.
    assert cells[7].value == "'=SOMME(A1)" and cells[7].data_type == "s"
    with translation.override("en"):
        sheet = book_of(table).active
    assert sheet["A2"].number_format == "yyyy-mm-dd"
    assert money_format("usd") == '#,##0.00 "USD"' and money_format("") == "#,##0.00"


def test_fills_and_bold_of_values():
    table = Table(
        header=["Tâche", Value("7 déc.", fill="#fff1b8")],
        rows=[[Value("Préparation", bold=True, fill="#e3e8ee"), Value("■", fill="#8fc1b8")]],
    )
    sheet = book_of(table).active
    assert sheet["B1"].value == "7 déc." and sheet["B1"].fill.start_color.rgb == "00FFF1B8"
    assert sheet["A2"].font.b is True
    assert sheet["B2"].value == "■" and sheet["B2"].fill.start_color.rgb == "008FC1B8"


TABLE = Table(
    header=["Projet", "Montant", "Échéance", "Part", "Nombre", "Note"],
    rows=[
        ["Café; emploi", Decimal("25000.50"), datetime.date(2026, 12, 31), 0.75, 12, "-1+2"],
        ['=HYPERLINK("x")', Value(Decimal("3.10"), money_format("CHF")), None, 1.0, -3, ""],
    ],
)


def test_the_plain_csv_is_for_exchanging_data():
    rows = rows_of(render_csv(TABLE), ",")
    assert rows[1] == ["Café; emploi", "25000.50", "2026-12-31", "0.75", "12", "'-1+2"]
    assert rows[2] == ['\'=HYPERLINK("x")', "3.10", "", "1", "-3", ""]


def test_the_french_csv_is_what_french_excel_reads():
    text = render_csv(TABLE, french=True)
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    rows = rows_of(text, ";")
    assert rows[0] == ["Projet", "Montant", "Échéance", "Part", "Nombre", "Note"]
    # Decimal comma, the day first, a ";" in a text quoted, numbers left numbers.
    assert rows[1] == ["Café; emploi", "25000,50", "31/12/2026", "0,75", "12", "'-1+2"]
    assert '"Café; emploi"' in text
    # The formula guard holds in this variant too.
    assert rows[2] == ['\'=HYPERLINK("x")', "3,10", "", "1", "-3", ""]
    assert csv_filename("board-2026-12-07.csv", True) == "board-2026-12-07-fr.csv"
    assert csv_filename("board.csv", False) == "board.csv"
