"""One document with every kind of block, and ways to read each format back."""

import csv
import io
import re

from maillage.documents import (
    Bullets,
    Document,
    Figure,
    Heading,
    Label,
    Paragraph,
    Rect,
    Run,
    Table,
    Together,
    Value,
)
from maillage.documents.figures import png

GREEN = "#1e6b2e"
TRICKY = "Tom & Jerry <b>not bold</b> \"double\" 'single' >"


def bar(alt="Agree 75 %, disagree 25 %"):
    return Figure(
        120,
        10,
        alt,
        shapes=[Rect(0, 0, 90, 10, fill=GREEN), Rect(90, 0, 30, 10, fill="#a4161a")],
    )


def columns_figure():
    shapes = [Rect(4, 10, 12, 30, fill=GREEN), Label(10, 0, "7")]
    return Figure(40, 40, "Seven answers rated 7", shapes=shapes, caption="Answers per rating")


def sample(text=""):
    """A document with a title block, headings of three levels, paragraphs with bold
    and italics, bullets, a table with a rich cell and a figure, a vector figure and
    a PNG figure. ``text`` (if given) is put in every place text can go."""
    extra = f" {text}" if text else ""
    picture = png(columns_figure())
    return Document(
        title=f"Annual report{extra}",
        subtitle=f"Collective of the valley{extra}",
        topic=f"General assembly{extra}",
        meta=f"Plenary · Draft version 1{extra}",
        notice=f"This meeting was cancelled.{extra}",
        author="Collective of the valley",
        subject="A sample",
        footer=f"Annual report · footer{extra}",
        blocks=[
            Heading(1, f"First part{extra}"),
            Paragraph(
                [Run("Strong start", bold=True), Run(", then "), Run("a slant", italic=True)]
            ),
            Paragraph.of(f"A side note{extra}", "small"),
            Paragraph.of(f"A quotation{extra}", "quote"),
            Bullets([f"First point{extra}", Paragraph.of("Second point", bold=True)]),
            Heading(2, "Figures"),
            Table(
                header=["Statement", "Votes", f"Bar{extra}"],
                rows=[
                    [f"Housing for all{extra}", 4, bar()],
                    [
                        [Paragraph.of("Calm streets"), Bullets([f"fewer cars{extra}"])],
                        Value(12.5, "0.00"),
                        "",
                    ],
                ],
                widths=[30, 6, 20],
                align=["left", "right", "left"],
                caption="Votes",
            ),
            Heading(3, "A picture"),
            columns_figure(),
            Together([Paragraph.of("Kept together"), Paragraph.of("on one page")]),
            Figure(40, 40, "The same picture as a PNG", png=picture, caption="PNG caption"),
        ],
    )


def flat(text):
    return " ".join(text.split())


def pdf_text(data):
    from pypdf import PdfReader

    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def pdf_fonts(data):
    """The base names of the fonts a PDF uses, without their subset prefix."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for font in fonts.get_object().values():
            names.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"])[1:]))
    return names


def docx_text(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return flat("\n".join(parts))


def odt_text(data):
    from odf import teletype
    from odf.opendocument import load

    return flat(teletype.extractText(load(io.BytesIO(data)).text))


def csv_rows(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))
