"""The minutes, a consultation's report and a board look the same because one layer
writes them: the same fonts in their PDFs, the same title block at the same place
in the same size, the same styles in their Word files."""

import io

import docx
import pytest
from django.utils import translation
from pypdf import PdfReader

from maillage.consultations.documents import report_content, report_document
from maillage.documents import render_docx, render_pdf
from maillage.documents.style import COLOURS, SIZES, TEXT_FONT
from maillage.meetings.documents import minutes_document
from maillage.meetings.minutes import build_content
from maillage.projects.exports import board_document

from ..consultations.workshop import build_workshop
from ..meetings.setting import build_meeting, record_attendance
from ..projects.setting import build_board
from .sample import pdf_fonts

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(world):
    with translation.override("fr"):
        setting = build_meeting(world)
        record_attendance(setting)
        workshop = build_workshop(world)
        build_board(world)
        yield {
            "minutes": minutes_document(build_content(setting.meeting)),
            "report": report_document(report_content(workshop.consultation, full=True)),
            "board": board_document(world.collective),
        }


def drawn(data, wanted):
    """How the first page draws the text ``wanted`` (its first line, if it wraps) at
    its largest (the footer may say it too): its font, size, and place from the
    page's top left corner (a board's page is in landscape)."""
    found = []
    page = PdfReader(io.BytesIO(data)).pages[0]
    height = float(page.mediabox.height)

    def visit(text, cm, tm, font, size):
        if text.strip() and wanted.startswith(text.strip()):
            place = (round(cm[4] + tm[4], 1), round(height - cm[5] - tm[5], 1))
            found.append((str(font["/BaseFont"]).split("+")[-1], size, place))

    page.extract_text(visitor_text=visit)
    assert found, wanted
    return max(found, key=lambda look: look[1])


def test_their_pdfs_use_the_same_fonts_and_title_block(documents):
    with translation.override("fr"):
        pdfs = {name: render_pdf(document) for name, document in documents.items()}
    fonts = {name: pdf_fonts(data) for name, data in pdfs.items()}
    assert fonts["minutes"] == fonts["report"] == fonts["board"], fonts
    assert {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold"} <= fonts["minutes"]
    # The title: same font, size and place on the page; only the words differ.
    looks = {name: drawn(data, documents[name].title) for name, data in pdfs.items()}
    assert looks["minutes"] == looks["report"] == looks["board"], looks
    assert looks["minutes"][0] == "BitstreamVeraSans-Bold"
    assert looks["minutes"][1] == SIZES["title"]
    sizes = {
        name: sorted(round(float(v)) for v in PdfReader(io.BytesIO(data)).pages[0].mediabox[2:])
        for name, data in pdfs.items()
    }
    assert sizes["minutes"] == sizes["report"] == sizes["board"] == [595, 842]  # A4


def test_their_word_files_share_styles_page_and_title_block(documents):
    with translation.override("fr"):
        files = {
            name: docx.Document(io.BytesIO(render_docx(document)))
            for name, document in documents.items()
        }
    for name, word in files.items():
        assert word.paragraphs[0].style.name == "Title", name
        assert word.paragraphs[0].text == documents[name].title
        section = word.sections[0]
        page = sorted([round(section.page_width.cm, 1), round(section.page_height.cm, 1)])
        assert (page, round(section.left_margin.cm, 1)) == ([21, 29.7], 1.8)
        for style, size in (("Title", "title"), ("Heading 1", "h1"), ("Normal", "body")):
            font = word.styles[style].font
            assert (font.name, font.size.pt) == (TEXT_FONT, SIZES[size]), (name, style)
        assert str(word.styles["Heading 1"].font.color.rgb) == COLOURS["accent"][1:].upper()
        meta = next(p for p in word.paragraphs[1:6] if p.text == documents[name].meta)
        assert meta.runs[0].italic and meta.runs[0].font.size.pt == SIZES["meta"], name
