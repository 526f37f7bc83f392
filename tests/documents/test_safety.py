"""What the renderers make safe, once for every app: text a spreadsheet would read
as a formula (CSV and XLSX), markup characters (&, <, >, quotes) in every format,
and characters XML cannot hold."""

import io

import docx
import pytest
from openpyxl import load_workbook

from maillage.documents import (
    Document,
    Heading,
    Paragraph,
    Table,
    render_csv,
    render_docx,
    render_odt,
    render_pdf,
    render_xlsx,
)

from .sample import TRICKY, csv_rows, docx_text, odt_text, pdf_text, sample

FORMULAS = ["=1+1", '=HYPERLINK("http://evil.example","clic")', "+33 1 23", "-2+3", "@SUM(A1)"]
FORMULAS += ["\tTab", "\rReturn"]


def formula_table():
    return Table(
        header=["=header", "Kept"],
        rows=[[text, "plain"] for text in FORMULAS] + [[-5, 2.5]],
        caption="Guard",
    )


def test_the_csv_neutralises_formulas():
    rows = csv_rows(render_csv(formula_table()))
    assert rows[0] == ["'=header", "Kept"]
    assert [row[0] for row in rows[1:-1]] == ["'" + text for text in FORMULAS]
    assert [row[1] for row in rows[1:-1]] == ["plain"] * len(FORMULAS)
    assert rows[-1] == ["-5", "2.5"]  # numbers are numbers, not formulas


def test_the_spreadsheet_neutralises_formulas():
    book = load_workbook(io.BytesIO(render_xlsx(Document("Guard", blocks=[formula_table()]))))
    sheet = book["Guard"]
    assert sheet["A1"].value == "'=header"
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells[:-1]] == ["'" + text for text in FORMULAS]
    assert {c.data_type for c in cells[:-1]} == {"s"}  # never "f", a formula
    assert (cells[-1].value, cells[-1].data_type) == (-5, "n")


@pytest.mark.parametrize(
    ("render", "read"),
    [(render_pdf, pdf_text), (render_docx, docx_text), (render_odt, odt_text)],
    ids=["pdf", "docx", "odt"],
)
def test_markup_characters_are_written_as_text_in_every_document(render, read):
    text = read(render(sample(TRICKY)))
    # The title, subtitle, topic, meta, notice, a heading, a bullet, a header and cells.
    assert text.count(TRICKY) >= 9, text


def test_markup_characters_in_the_spreadsheet_and_the_csv():
    table = Table(header=[TRICKY], rows=[[TRICKY], [Paragraph.of(TRICKY)]], caption="T")
    assert csv_rows(render_csv(table))[1:] == [[TRICKY], [TRICKY]]
    sheet = load_workbook(io.BytesIO(render_xlsx(Document("T", blocks=[table])))).active
    assert [c.value for c in sheet["A"]] == [TRICKY] * 3


def test_characters_xml_cannot_hold_are_left_out():
    typed = "Bell\x07 and vertical\x0btab"
    document = Document(
        typed, blocks=[Heading(1, typed), Paragraph.of(typed), Table([typed], [[typed]])]
    )
    word = docx.Document(io.BytesIO(render_docx(document)))
    assert word.paragraphs[0].text == "Bell and verticaltab"
    assert "Bell and verticaltab" in odt_text(render_odt(document))
    assert "Bell and verticaltab" in pdf_text(render_pdf(document))
    sheet = load_workbook(io.BytesIO(render_xlsx(document))).active
    assert sheet["A2"].value == "Bell and verticaltab"


@pytest.mark.django_db
def test_a_text_pasted_with_a_line_break_from_word_still_makes_every_document(world):
    """Word's manual line break is a vertical tab (\\x0b) when pasted: a Word file or
    a spreadsheet with it was not written (a server error) before."""
    from maillage.consultations.documents import report_content, report_docx
    from maillage.consultations.models import Note
    from maillage.projects.exports import board_csv, board_docx, board_xlsx
    from maillage.projects.models import Project

    from ..consultations.workshop import build_workshop
    from ..projects.setting import build_board

    board = build_board(world)
    Project.objects.filter(pk=board.project.pk).update(content="Pasted\x0bfrom Word")
    assert "Pastedfrom Word" in docx_text(board_docx(world.collective))
    sheet = load_workbook(io.BytesIO(board_xlsx(world.collective))).worksheets[0]
    assert sheet["C2"].value == "Pastedfrom Word"
    assert "Pastedfrom Word" in board_csv(world.collective)

    workshop = build_workshop(world)
    Note.objects.filter(pk=workshop.notes[0].pk).update(text="Pasted\x0bfrom Word")
    report = report_content(workshop.consultation, full=True)
    assert "Pastedfrom Word" in docx_text(report_docx(report))
