"""A Document as a Word file (python-docx): A4, the shared sizes and fonts, real
headings (Title, Heading 1–3), bulleted lists, tables with a shaded header row
that repeats on each page, figures as pictures with their text alternative, and a
footer with the page number."""

import io

from . import figures
from .blocks import Bullets, Figure, Heading, Paragraph, Table, Together
from .style import (
    MARGIN_CM,
    SIZES,
    TEXT_FONT,
    cell_blocks,
    clean,
    hex_colour,
    language,
    page_cm,
    usable_cm,
)

_STYLES = {"quote": "Quote"}


def _rgb(name):
    from docx.shared import RGBColor

    return RGBColor.from_string(hex_colour(name))


def _shade(cell, colour):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _page_number(paragraph):
    """A PAGE field: the page's number, as Word counts it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_styles(document):
    from docx.shared import Pt

    for name, size, colour in (
        ("Normal", SIZES["body"], "ink"),
        ("Title", SIZES["title"], "accent"),
        ("Heading 1", SIZES["h1"], "accent"),
        ("Heading 2", SIZES["h2"], "ink"),
        ("Heading 3", SIZES["h3"], "ink"),
    ):
        style = document.styles[name]
        style.font.name = TEXT_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = _rgb(colour)
        if name != "Normal":
            style.font.bold = True


class _Writer:
    def __init__(self, document):
        from docx import Document as Docx

        self.source = document
        self.usable = usable_cm(document)
        self.docx = Docx()
        self.pictures = 0

    def runs(self, paragraph, item, in_cell=False):
        from docx.shared import Pt

        for part in item.runs:
            run = paragraph.add_run(clean(part.text))
            run.bold = part.bold or None
            run.italic = part.italic or None
            if item.style == "small":
                run.font.size = Pt(SIZES["cell_small" if in_cell else "small"])
                run.font.color.rgb = _rgb("muted")
            elif in_cell:
                run.font.size = Pt(SIZES["cell"])

    def picture(self, paragraph, figure, room_cm):
        from docx.shared import Cm, Pt

        width, _height = figures.fitted(figure, Cm(room_cm).pt)
        shape = paragraph.add_run().add_picture(io.BytesIO(figures.png(figure)), width=Pt(width))
        self.pictures += 1
        shape._inline.docPr.set("descr", clean(figure.alt))

    def write_blocks(self, blocks, add_paragraph, in_cell=False, room_cm=None):
        """Write ``blocks`` with ``add_paragraph(style=None)``, which gives a new paragraph."""
        from docx.shared import Pt

        room_cm = room_cm or self.usable
        for block in blocks:
            if isinstance(block, Heading):
                self.docx.add_heading(clean(block.text), level=min(max(int(block.level), 1), 3))
            elif isinstance(block, Paragraph):
                paragraph = add_paragraph(_STYLES.get(block.style))
                self.runs(paragraph, block, in_cell)
                if in_cell:
                    paragraph.paragraph_format.space_after = Pt(2)
            elif isinstance(block, Bullets):
                for item in block.items:
                    paragraph = add_paragraph("List Bullet")
                    if not isinstance(item, Paragraph):
                        item = Paragraph.of(item)
                    self.runs(paragraph, item, in_cell)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Figure):
                self.picture(add_paragraph(None), block, room_cm)
                if block.caption:
                    self.runs(add_paragraph(None), Paragraph.of(block.caption, "small"), in_cell)
            elif isinstance(block, Together):
                self.write_blocks(block.blocks, add_paragraph, in_cell, room_cm)

    def fill(self, cell, value, width_cm, align):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        first = [cell.paragraphs[0]]

        def add_paragraph(style=None):
            if first:
                paragraph = first.pop()
                if style:
                    paragraph.style = self.docx.styles[style]
            else:
                paragraph = cell.add_paragraph(style=style)
            if align in ("right", "center"):
                paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
            return paragraph

        self.write_blocks(cell_blocks(value), add_paragraph, in_cell=True, room_cm=width_cm - 0.4)

    def table(self, block):
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Cm

        grid = self.docx.add_table(rows=0, cols=block.columns)
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        widths = [self.usable * share for share in block.shares()]
        align = block.align or ["left"] * block.columns
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = Cm(width)
        if block.header:
            cells = grid.add_row().cells
            _repeat_header(grid.rows[0])
            for cell, text, width, side in zip(cells, block.header, widths, align, strict=True):
                cell.width = Cm(width)
                self.fill(cell, Paragraph.of(text, bold=True), width, side)
                _shade(cell, hex_colour("head"))
        for row in block.rows:
            cells = grid.add_row().cells
            for index, (cell, value, width, side) in enumerate(
                zip(cells, row, widths, align, strict=True)
            ):
                cell.width = Cm(width)
                self.fill(cell, value, width, side)
                if block.label_column and index == 0:
                    _shade(cell, hex_colour("soft"))
        self.docx.add_paragraph()

    def title_block(self):
        from docx.shared import Pt

        source = self.source
        self.docx.add_heading(clean(source.title), level=0)
        lines = (
            ("subtitle", {"bold": True}, "ink"),
            ("topic", {}, "ink"),
            ("meta", {"italic": True}, "muted"),
            ("notice", {"bold": True}, "notice"),
        )
        for name, look, colour in lines:
            if text := getattr(source, name):
                run = self.docx.add_paragraph().add_run(clean(text))
                run.bold, run.italic = look.get("bold"), look.get("italic")
                run.font.size = Pt(SIZES[name])
                run.font.color.rgb = _rgb(colour)


def render_docx(document) -> bytes:
    """The document as Word (DOCX) bytes."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    writer = _Writer(document)
    docx = writer.docx
    properties = docx.core_properties
    properties.title = clean(document.file_title)
    properties.author = clean(document.author)
    properties.subject = clean(document.subject)
    properties.language = language()
    _set_styles(docx)
    section = docx.sections[0]
    if document.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    width, height = page_cm(document)
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    footer = section.footer.paragraphs[0]
    run = footer.add_run(clean(document.footer or document.title) + " · ")
    _page_number(footer)
    run.font.size = Pt(SIZES["footer"])
    run.font.color.rgb = _rgb("muted")
    writer.title_block()
    writer.write_blocks(document.blocks, lambda style=None: docx.add_paragraph(style=style))
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
