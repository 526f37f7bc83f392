"""A Document as a PDF (ReportLab): A4, the Vera fonts, the shared title block,
headings that stay with what follows them, tables whose header row repeats on
each page, vector figures, and a footer with the page number.

ReportLab is not thread-safe: the TrueType fonts registered once per process are
read through one shared file position while a document's font subsets are
written, so two PDFs finished at the same time in two threads of a gunicorn worker
can read each other's glyphs and fail (KeyError in ``makeSubset``). ``one_at_a_time``
makes each process draw one PDF at a time; the documents cache (core.downloads)
keeps that rare.
"""

import functools
import io
import threading

from django.utils.translation import gettext as _

from . import figures
from .blocks import Bullets, Figure, Heading, Paragraph, Table, Together
from .style import (
    COLOURS,
    MARGIN_CM,
    PDF_BOLD,
    PDF_FONT,
    PDF_ITALIC,
    SIZES,
    display,
    language,
    page_cm,
    pdf_markup,
    pdf_plain,
    register_pdf_fonts,
)

_DRAWING = threading.Lock()
_CELL_PADDING = 5  # points, on each side of a cell


def one_at_a_time(function):
    """Decorate a function that draws a PDF with ReportLab."""

    @functools.wraps(function)
    def drawing_alone(*args, **kwargs):
        with _DRAWING:
            return function(*args, **kwargs)

    return drawing_alone


def _styles():
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink, muted, accent, warning = (
        colors.HexColor(COLOURS[name]) for name in ("ink", "muted", "accent", "notice")
    )

    def style(name, size, font=PDF_FONT, **extra):
        extra.setdefault("leading", size * 1.3)
        extra.setdefault("textColor", ink)
        return ParagraphStyle(name, fontName=font, fontSize=size, **extra)

    styles = {
        "title": style("title", SIZES["title"], PDF_BOLD, textColor=accent, spaceAfter=4),
        "subtitle": style("subtitle", SIZES["subtitle"], PDF_BOLD, spaceAfter=2),
        "topic": style("topic", SIZES["topic"], spaceAfter=2),
        "meta": style("meta", SIZES["meta"], PDF_ITALIC, textColor=muted, spaceAfter=8),
        "notice": style("notice", SIZES["notice"], PDF_BOLD, textColor=warning, spaceAfter=6),
        # Headings stay on the same page as what follows them.
        "h1": style(
            "h1",
            SIZES["h1"],
            PDF_BOLD,
            textColor=accent,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "h2": style("h2", SIZES["h2"], PDF_BOLD, spaceBefore=9, spaceAfter=3, keepWithNext=1),
        "h3": style("h3", SIZES["h3"], PDF_BOLD, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        "body": style("body", SIZES["body"], spaceAfter=3),
        "small": style("small", SIZES["small"], textColor=muted, spaceAfter=2),
        "bullet": style("bullet", SIZES["body"], leftIndent=10, bulletIndent=0, spaceAfter=1),
        "quote": style(
            "quote", SIZES["body"], PDF_ITALIC, leftIndent=12, rightIndent=12, spaceAfter=4
        ),
        "cell": style("cell", SIZES["cell"], spaceAfter=2),
        "cell_small": style("cell_small", SIZES["cell_small"], textColor=muted, spaceAfter=1),
        "cell_bullet": style(
            "cell_bullet", SIZES["cell"], leftIndent=9, bulletIndent=0, spaceAfter=1
        ),
        "cell_quote": style("cell_quote", SIZES["cell"], PDF_ITALIC, spaceAfter=2),
    }
    for name in list(styles):
        if name.startswith("cell"):
            for side, alignment in (("right", TA_RIGHT), ("center", TA_CENTER)):
                styles[f"{name}_{side}"] = ParagraphStyle(
                    f"{name}_{side}", parent=styles[name], alignment=alignment
                )
    return styles


def _runs(paragraph):
    parts = []
    for run in paragraph.runs:
        text = pdf_markup(run.text)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


class _Writer:
    def __init__(self, document, width):
        from reportlab.platypus import Paragraph as Para

        self.document, self.width, self.styles, self.Para = document, width, _styles(), Para

    def style(self, name, in_cell=False, align="left"):
        if in_cell:
            name = "cell" if name == "body" else f"cell_{name}"
            if align in ("right", "center"):
                name = f"{name}_{align}"
        return self.styles[name]

    def paragraph(self, item, in_cell=False, align="left"):
        style = item.style if item.style in ("small", "quote") else "body"
        return self.Para(_runs(item), self.style(style, in_cell, align))

    def bullets(self, block, in_cell=False):
        style = self.style("bullet", in_cell)
        return [
            self.Para(
                _runs(item) if isinstance(item, Paragraph) else pdf_markup(item),
                style,
                bulletText="•",
            )
            for item in block.items
        ]

    def figure(self, block, room):
        flowables = [figures.drawing(block, room)]
        if block.caption:
            flowables.append(self.Para(pdf_markup(block.caption), self.styles["small"]))
        return flowables

    def cell(self, value, room, align):
        if isinstance(value, Figure):
            return figures.drawing(value, room)
        if isinstance(value, Paragraph):
            return [self.paragraph(value, True, align)]
        if isinstance(value, list):
            found = []
            for item in value:
                if isinstance(item, Bullets):
                    found.extend(self.bullets(item, True))
                elif isinstance(item, Paragraph):
                    found.append(self.paragraph(item, True, align))
                elif isinstance(item, Figure):
                    found.append(figures.drawing(item, room))
                else:
                    found.append(self.Para(pdf_markup(display(item)), self.style("body", True)))
            return found or ""
        text = display(value)
        return self.Para(pdf_markup(text), self.style("body", True, align)) if text else ""

    def table(self, block):
        from reportlab.lib import colors
        from reportlab.platypus import Table as Grid
        from reportlab.platypus import TableStyle

        widths = [self.width * share for share in block.shares()]
        align = block.align or ["left"] * block.columns
        data = []
        if block.header:
            data.append(
                [
                    self.Para(f"<b>{pdf_markup(text)}</b>", self.style("body", True, side))
                    for text, side in zip(block.header, align, strict=True)
                ]
            )
        for row in block.rows:
            data.append(
                [
                    self.cell(value, width - 2 * _CELL_PADDING, side)
                    for value, width, side in zip(row, widths, align, strict=True)
                ]
            )
        grid = Grid(data, colWidths=widths, repeatRows=1 if block.header else 0, hAlign="LEFT")
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(COLOURS["line"])),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ]
        if block.header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(COLOURS["head"])))
        if block.label_column:
            commands.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor(COLOURS["soft"])))
        grid.setStyle(TableStyle(commands))
        return grid

    def blocks(self, blocks):
        from reportlab.platypus import KeepTogether, Spacer

        story = []
        for block in blocks:
            if isinstance(block, Heading):
                level = min(max(int(block.level), 1), 3)
                story.append(self.Para(pdf_markup(block.text), self.styles[f"h{level}"]))
            elif isinstance(block, Paragraph):
                story.append(self.paragraph(block))
            elif isinstance(block, Bullets):
                story.extend(self.bullets(block))
            elif isinstance(block, Table):
                story.extend([self.table(block), Spacer(1, 6)])
            elif isinstance(block, Figure):
                story.extend(self.figure(block, self.width))
            elif isinstance(block, Together):
                story.append(KeepTogether(self.blocks(block.blocks)))
        return story

    def title_block(self):
        document = self.document
        story = [self.Para(pdf_markup(document.title), self.styles["title"])]
        for name in ("subtitle", "topic", "meta", "notice"):
            if text := getattr(document, name):
                story.append(self.Para(pdf_markup(text), self.styles[name]))
        return story


@one_at_a_time
def render_pdf(document) -> bytes:
    """The document as PDF bytes."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    register_pdf_fonts()
    margin = MARGIN_CM * cm
    page = tuple(size * cm for size in page_cm(document))
    writer = _Writer(document, page[0] - 2 * margin)
    story = writer.title_block() + writer.blocks(document.blocks)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=pdf_plain(document.file_title),
        author=pdf_plain(document.author),
        subject=pdf_plain(document.subject),
        lang=language(),
    )
    left = pdf_plain(document.footer or document.title)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(PDF_FONT, SIZES["footer"])
        canvas.setFillColor(colors.HexColor(COLOURS["muted"]))
        canvas.setStrokeColor(colors.HexColor(COLOURS["line"]))
        canvas.line(margin, 1.35 * cm, page[0] - margin, 1.35 * cm)
        canvas.drawString(margin, 1.0 * cm, left)
        canvas.drawRightString(
            page[0] - margin, 1.0 * cm, _("Page %(number)s") % {"number": doc.page}
        )
        canvas.restoreState()

    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
