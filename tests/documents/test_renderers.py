"""Each renderer of maillage.documents writes the same document, read back with the
library that reads its format: the title block, headings, paragraphs, bullets,
table cells and figures are all there."""

import io
import re

import docx
import pytest
from django.utils import translation
from odf import teletype
from odf import text as odf_text
from odf.draw import Frame
from odf.opendocument import load as load_odt
from odf.table import Table as OdfTable
from odf.table import TableCell
from openpyxl import load_workbook
from pypdf import PdfReader

from maillage.documents import (
    Document,
    Table,
    Value,
    render_csv,
    render_docx,
    render_odt,
    render_pdf,
    render_xlsx,
)
from maillage.documents.style import SIZES

from .sample import csv_rows, docx_text, odt_text, pdf_fonts, pdf_text, sample

TITLE_BLOCK = [
    "Annual report",
    "Collective of the valley",
    "General assembly",
    "Plenary · Draft version 1",
    "This meeting was cancelled.",
]
BODY = [
    "First part",
    "Strong start, then a slant",
    "A side note",
    "A quotation",
    "First point",
    "Second point",
    "Figures",
    "Statement",
    "Housing for all",
    "Calm streets",
    "fewer cars",
    "A picture",
    "Answers per rating",
    "Kept together",
    "PNG caption",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_pdf():
    data = render_pdf(sample())
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Annual report"
    assert reader.metadata.author == "Collective of the valley"
    text = pdf_text(data)
    for phrase in TITLE_BLOCK + BODY + ["Annual report · footer", "Page 1"]:
        assert phrase in text, phrase
    assert text.index("First part") < text.index("Figures") < text.index("A picture")
    # The fonts that have the accents, embedded; bold and italics from the same family.
    assert {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold"} <= pdf_fonts(data)
    assert "BitstreamVeraSans-Oblique" in pdf_fonts(data)
    # The figures: the bar and the columns are drawn as vectors in their colour, with
    # the columns' label, and the PNG figure is an image.
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert re.search(rb"0?\.117647 0?\.419608 0?\.180392 rg", content)
    assert sum(len(page.images) for page in reader.pages) == 1


def test_the_word_document():
    data = render_docx(sample())
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Annual report"
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styled[0] == ("Title", "Annual report")
    assert [text for _style, text in styled[1:5]] == TITLE_BLOCK[1:]
    headings = [(s, t) for s, t in styled if s.startswith("Heading")]
    assert headings == [
        ("Heading 1", "First part"),
        ("Heading 2", "Figures"),
        ("Heading 3", "A picture"),
    ]
    strong = next(p for p in document.paragraphs if p.text.startswith("Strong start"))
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in strong.runs] == [
        ("Strong start", True, False),
        (", then ", False, False),
        ("a slant", False, True),
    ]
    assert ("Quote", "A quotation") in styled
    assert ("List Bullet", "First point") in styled
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Statement", "Votes", "Bar"]
    assert [c.text for c in table.rows[1].cells][:2] == ["Housing for all", "4"]
    assert table.rows[2].cells[0].text == "Calm streets\nfewer cars"
    assert table.rows[2].cells[1].text == "12.5"
    # Three pictures (the bar in its cell, the columns, the PNG), each with its alternative.
    pictures = document.element.body.xpath(".//wp:docPr")
    assert [p.get("descr") for p in pictures] == [
        "Agree 75 %, disagree 25 %",
        "Seven answers rated 7",
        "The same picture as a PNG",
    ]
    assert document.styles["Title"].font.size.pt == SIZES["title"]
    assert "Annual report · footer" in document.sections[0].footer.paragraphs[0].text
    text = docx_text(data)
    for phrase in BODY:
        assert phrase in text, phrase


def test_the_opendocument_text():
    data = render_odt(sample())
    document = load_odt(io.BytesIO(data))
    headings = [
        (h.getAttribute("outlinelevel"), teletype.extractText(h))
        for h in document.getElementsByType(odf_text.H)
    ]
    assert headings == [("1", "First part"), ("2", "Figures"), ("3", "A picture")]
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(odf_text.P)]
    for line in TITLE_BLOCK:
        assert line in paragraphs, line
    (table,) = document.getElementsByType(OdfTable)
    cells = [teletype.extractText(c) for c in table.getElementsByType(TableCell)]
    assert cells[:5] == ["Statement", "Votes", "Bar", "Housing for all", "4"]
    assert len(document.getElementsByType(odf_text.List)) == 2  # the list, the one in a cell
    frames = document.getElementsByType(Frame)
    assert len(frames) == 3
    assert len([name for name in document.Pictures if name.endswith(".png")]) == 3
    text = odt_text(data)
    for phrase in BODY:
        assert phrase in text, phrase


def test_the_spreadsheet_and_the_csv():
    tables = [
        Table(
            header=["Project", "Due", "Amount", "Progress"],
            rows=[["Repair café", Value(None, "dd/mm/yyyy"), Value(25000, '#,##0.00 "€"'), 40]],
            widths=[28, 12, 16, 8],
            caption="Projects: all",
            key_columns=1,
        ),
        Table(header=["Note"], rows=[["One"], ["Two"]], caption="Notes"),
    ]
    book = load_workbook(io.BytesIO(render_xlsx(Document("Board", blocks=tables))))
    assert book.sheetnames == ["Projects  all", "Notes"]
    projects = book["Projects  all"]
    assert [c.value for c in projects[1]] == ["Project", "Due", "Amount", "Progress"]
    assert projects["A1"].font.b is True
    assert projects.freeze_panes == "B2"
    assert projects["C2"].value == 25000 and projects["C2"].number_format == '#,##0.00 "€"'
    assert projects["D2"].value == 40 and projects["D2"].data_type == "n"
    assert projects.column_dimensions["A"].width == 28
    assert projects["A2"].alignment.wrap_text is True
    assert [r[0].value for r in book["Notes"].iter_rows(min_row=2)] == ["One", "Two"]

    rows = csv_rows(
        render_csv(Table(header=["a", "b", "c"], rows=[["x", 0.75, None], [1, 7.5, ""]]))
    )
    assert rows == [["a", "b", "c"], ["x", "0.75", ""], ["1", "7.5", ""]]
    assert render_csv(Table(["a"], [["b"]])).endswith("\r\n")


def test_a_document_without_blocks_still_makes_every_file():
    empty = Document("Nothing yet")
    assert "Nothing yet" in pdf_text(render_pdf(empty))
    assert "Nothing yet" in docx_text(render_docx(empty))
    assert "Nothing yet" in odt_text(render_odt(empty))
    assert len(load_workbook(io.BytesIO(render_xlsx(empty))).sheetnames) == 1
