"""The minutes (compte-rendu) as documents: Word (DOCX), OpenDocument (ODT) and PDF.

All three are written from the content dictionary of ``minutes.build_content`` (or
an approved version's frozen copy of it), through one outline, so that they say
the same in the same order: the header table (date and place, participants by
organisation, excused, purpose, objectives, format), the table of agenda items,
the actions, announcements, next steps, next meeting, annexes and the workshop's
synthesis. Headings and labels are in the current language; the content keeps the
labels (statuses, dates) of the language it was built in.
"""

import io
import os
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maillage.core.pdf import one_at_a_time

# -------------------------------------------------------------------------- the outline


@dataclass
class Para:
    """One paragraph: runs of (text, bold), and a style: body, small, bullet or quote."""

    runs: list
    style: str = "body"

    @property
    def text(self):
        return "".join(text for text, _bold in self.runs)


def para(text, style="body", bold=False):
    return Para([(str(text), bold)], style)


def labelled(label, text, style="body"):
    """'Label: text' with the label in bold."""
    return Para([(_("%(label)s:") % {"label": label} + " ", True), (str(text), False)], style)


def paras(text, style="body"):
    """A text typed by people, one paragraph per line."""
    return [para(line.strip(), style) for line in str(text or "").splitlines() if line.strip()]


@dataclass
class Grid:
    """A table: a caption (for the page and screen readers), column headers, rows of
    cells (each a list of Para) and the columns' shares of the width."""

    caption: str
    header: list
    rows: list
    widths: list
    label_column: bool = False  # the first column holds labels (header table)


def _decision_para(decision):
    return Para(
        [
            (_("Decision (%(status)s):") % {"status": decision["status_label"]} + " ", True),
            (decision["text"], False),
        ]
    )


def _where(content):
    cell = [para(content["when"], bold=True)]
    place = ", ".join(part for part in (content["place"], content["room"]) if part)
    if place:
        cell.append(para(place))
    cell.extend(paras(content["address"]))
    if content["access"]:
        cell.append(labelled(_("Access"), content["access"], "small"))
    if content["online_url"]:
        cell.append(labelled(_("Online"), content["online_url"], "small"))
    return cell


def _header_rows(content):
    rows = [(_("Date and place"), _where(content))]
    if content["participants"]:
        people = [labelled(g["organisation"], g["names"]) for g in content["participants"]]
    elif content["attendance_recorded"]:
        people = [para(_("No one was recorded as present."))]
    else:
        people = [para(_("Attendance has not been recorded yet."))]
    rows.append((_("Participants"), people))
    if content["excused"]:
        rows.append((_("Excused"), [para(", ".join(p["text"] for p in content["excused"]))]))
    if content["absent"]:
        rows.append((_("Absent"), [para(", ".join(p["text"] for p in content["absent"]))]))
    roles = []
    if content["facilitators"]:
        roles.append(labelled(_("Facilitation"), ", ".join(content["facilitators"])))
    if content["secretary"]:
        roles.append(labelled(_("Minutes taken by"), content["secretary"]))
    if roles:
        rows.append((_("Facilitation and minutes"), roles))
    if content["purpose"]:
        rows.append((_("Purpose of the meeting"), paras(content["purpose"])))
    if content["objectives"]:
        rows.append((_("Objectives"), [para(line, "bullet") for line in content["objectives"]]))
    if content["format"]:
        rows.append((_("Format"), paras(content["format"])))
    return [[[para(label, bold=True)], cell] for label, cell in rows]


def _item_rows(content):
    rows = []
    for item in content["items"]:
        first = [para(f"{item['number']}. {item['title']}", bold=True)]
        if item["theme"]:
            first.append(para(item["theme"], "small"))
        if item["time_slot"]:
            first.append(para(item["time_slot"], "small"))
        said = paras(item["notes"] or item["description"])
        said.extend(_decision_para(d) for d in item["decisions"])
        rows.append([first, [para(item["put_forward_by"])] if item["put_forward_by"] else [], said])
    return rows


def _action_rows(content):
    rows = []
    for action in content["actions"]:
        what = [para(action["title"])]
        if action["decision"]:
            what.append(labelled(_("Decision"), action["decision"], "small"))
        rows.append(
            [
                what,
                [para(action["owner"] or "–")],
                [para(action["due_date"] or "–")],
                [para(action["status_label"])],
            ]
        )
    return rows


def outline(content):
    """The minutes as (kind, value) blocks: title, subtitle, meta, notice, h1, h2,
    paras (a list of Para) and grid (a Grid)."""
    yield "title", _("Minutes")
    yield "subtitle", content["collective"]
    yield "heading", content["title"]
    yield "meta", " · ".join(p for p in (content["kind_label"], content["minutes"]["label"]) if p)
    if content["cancelled"]:
        notice = _("This meeting was cancelled.")
        if content["cancel_reason"]:
            notice += " " + content["cancel_reason"]
        yield "notice", notice
    yield (
        "grid",
        Grid(
            caption=_("The meeting"),
            header=[],
            rows=_header_rows(content),
            widths=[0.24, 0.76],
            label_column=True,
        ),
    )

    yield "h1", _("Agenda")
    if content["items"]:
        yield (
            "grid",
            Grid(
                caption=_("Agenda items, what was said and decided"),
                header=[_("Item"), _("Put forward by"), _("Descriptions / solutions / decisions")],
                rows=_item_rows(content),
                widths=[0.27, 0.17, 0.56],
            ),
        )
    else:
        yield "paras", [para(_("No agenda item."))]
    if content["other_decisions"]:
        yield "h2", _("Other decisions")
        yield "paras", [_decision_para(d) for d in content["other_decisions"]]

    yield "h1", _("Actions")
    if content["actions"]:
        yield (
            "grid",
            Grid(
                caption=_("Actions: what, who, by when"),
                header=[_("What"), _("Who"), _("By when"), _("Status")],
                rows=_action_rows(content),
                widths=[0.5, 0.2, 0.14, 0.16],
            ),
        )
    else:
        yield "paras", [para(_("No action."))]

    if content["announcements"]:
        yield "h1", _("Announcements")
        for announcement in content["announcements"]:
            head = [(announcement["title"], True)]
            if announcement["date"]:
                head.append((f" – {announcement['date']}", False))
            blocks = [Para(head)]
            blocks.extend(paras(announcement["body"]))
            if announcement["link"]:
                blocks.append(para(announcement["link"], "small"))
            if announcement["shared_by"]:
                blocks.append(
                    para(_("Shared by %(name)s") % {"name": announcement["shared_by"]}, "small")
                )
            yield "paras", blocks

    if content["next_steps"]:
        yield "h1", _("Next steps")
        yield "paras", paras(content["next_steps"])

    following = content["next_meeting"]
    if following:
        yield "h1", _("Next meeting")
        blocks = [para(following["title"], bold=True), para(following["date"])]
        if following["place"]:
            blocks.append(para(following["place"]))
        if following.get("online_url"):
            blocks.append(labelled(_("Online"), following["online_url"], "small"))
        yield "paras", blocks

    if content["annexes"]:
        yield "h1", _("Annexes")
        yield (
            "paras",
            [
                para(" – ".join(p for p in (a["title"], a["link"]) if p), "bullet")
                for a in content["annexes"]
            ],
        )

    consultation = content["consultation"]
    if consultation:
        yield "h1", _("Workshop synthesis")
        yield "paras", [para(consultation["title"], bold=True)]
        if not consultation.get("published", True):
            yield "paras", [para(_("The workshop's synthesis is not published yet."))]
        elif not consultation["themes"]:
            yield "paras", [para(_("No theme yet."))]
        for theme in consultation["themes"]:
            yield "h2", theme["title"]
            if theme["group"]:
                yield "paras", [para(theme["group"], "small")]
            if theme["statement"]:
                yield "paras", paras(theme["statement"], "quote")


def footer_text(content):
    return " · ".join(
        p for p in (_("Minutes"), content["collective"], content["minutes"]["label"]) if p
    )


def filename(content, ext):
    """compte-rendu-2026-03-02-seance-pleniere.pdf (in French), with -v2 once approved."""
    day = (content.get("starts_at") or "")[:10]
    stem = "-".join(
        part
        for part in (slugify(_("Minutes")), day, slugify(content.get("title") or "")[:50])
        if part
    ).strip("-")
    if content.get("minutes", {}).get("approved"):
        stem += f"-v{content['minutes']['number']}"
    return f"{stem or 'minutes'}.{ext}"


def _language():
    return get_language() or "fr"


# ----------------------------------------------------------------------------- DOCX


def _docx_shade(cell, colour):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _docx_repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def minutes_docx(content) -> bytes:
    """The minutes as a Word document: real headings, tables and paragraphs."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    properties = document.core_properties
    properties.title = f"{_('Minutes')} – {content['title']}"
    properties.author = content["collective"]
    properties.subject = content["title"]
    properties.language = _language()
    document.styles["Normal"].font.size = Pt(10)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.8)
    usable = 21 - 2 * 1.8
    footer = section.footer.paragraphs[0]
    footer.text = footer_text(content)
    for run in footer.runs:
        run.font.size = Pt(8)

    def write(paragraph, item):
        for text, bold in item.runs:
            run = paragraph.add_run(text)
            run.bold = bold
            if item.style == "small":
                run.font.size = Pt(8.5)
                run.font.color.rgb = RGBColor(0x4A, 0x53, 0x63)

    def fill(cell, items):
        first = cell.paragraphs[0]
        for index, item in enumerate(items):
            style = {"bullet": "List Bullet", "quote": "Quote"}.get(item.style)
            if index == 0:
                paragraph = first
                if style:
                    paragraph.style = document.styles[style]
            else:
                paragraph = cell.add_paragraph(style=style)
            paragraph.paragraph_format.space_after = Pt(2)
            write(paragraph, item)

    def grid(value):
        columns = len(value.widths)
        table = document.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Cm(usable * share) for share in value.widths]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        if value.header:
            cells = table.add_row().cells
            _docx_repeat_header(table.rows[0])
            for cell, text, width in zip(cells, value.header, widths, strict=True):
                cell.width = width
                fill(cell, [para(text, bold=True)])
                _docx_shade(cell, "E3E8EE")
        for row in value.rows:
            cells = table.add_row().cells
            for index, (cell, items, width) in enumerate(zip(cells, row, widths, strict=True)):
                cell.width = width
                fill(cell, items)
                if value.label_column and index == 0:
                    _docx_shade(cell, "F3F5F8")
        document.add_paragraph()

    for kind, value in outline(content):
        if kind == "title":
            document.add_heading(value, level=0)
        elif kind == "subtitle":
            paragraph = document.add_paragraph()
            run = paragraph.add_run(value)
            run.bold = True
            run.font.size = Pt(14)
        elif kind == "heading":
            paragraph = document.add_paragraph()
            run = paragraph.add_run(value)
            run.font.size = Pt(12)
        elif kind in ("meta", "notice"):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(value)
            run.italic = kind == "meta"
            run.bold = kind == "notice"
        elif kind in ("h1", "h2"):
            document.add_heading(value, level=int(kind[1]))
        elif kind == "paras":
            for item in value:
                style = {"bullet": "List Bullet", "quote": "Quote"}.get(item.style)
                write(document.add_paragraph(style=style), item)
        elif kind == "grid":
            grid(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------ ODT


def minutes_odt(content) -> bytes:
    """The minutes as an editable OpenDocument text: headings with their outline
    level, tables with a repeated header row, paragraphs and lists."""
    from odf import teletype
    from odf.opendocument import OpenDocumentText
    from odf.style import (
        Footer,
        FooterStyle,
        HeaderFooterProperties,
        ListLevelProperties,
        MasterPage,
        PageLayout,
        PageLayoutProperties,
        ParagraphProperties,
        Style,
        TableCellProperties,
        TableColumnProperties,
        TableProperties,
        TextProperties,
    )
    from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import H, List, ListItem, ListLevelStyleBullet, ListStyle, P, PageNumber, Span

    document = OpenDocumentText()
    document.meta.addElement(_odf_meta_title(f"{_('Minutes')} – {content['title']}"))
    usable = 21 - 2 * 1.8
    language, country = (_language().split("-") + [""])[:2]

    def text_properties(**extra):
        return TextProperties(fontfamily="Liberation Sans", language=language, **extra)

    def paragraph_style(name, display, *, size="10pt", bold=False, common=True, **paragraph):
        style = Style(name=name, displayname=display, family="paragraph")
        if name.startswith("Heading_20_"):
            style.setAttribute("defaultoutlinelevel", name[-1])
            style.setAttribute("nextstylename", "Text_20_body")
        extra = {"fontweight": "bold"} if bold else {}
        style.addElement(text_properties(fontsize=size, **extra))
        style.addElement(
            ParagraphProperties(
                margintop=paragraph.pop("margintop", "0cm"),
                marginbottom=paragraph.pop("marginbottom", "0.12cm"),
                **paragraph,
            )
        )
        (document.styles if common else document.automaticstyles).addElement(style)
        return style

    styles = {
        "body": paragraph_style("Text_20_body", "Text body"),
        "title": paragraph_style("Title", "Title", size="20pt", bold=True, marginbottom="0.1cm"),
        "subtitle": paragraph_style("Subtitle", "Subtitle", size="13pt", bold=True),
        "heading": paragraph_style("Meeting_20_title", "Meeting title", size="12pt"),
        "h1": paragraph_style(
            "Heading_20_1", "Heading 1", size="14pt", bold=True, margintop="0.4cm"
        ),
        "h2": paragraph_style(
            "Heading_20_2", "Heading 2", size="11.5pt", bold=True, margintop="0.25cm"
        ),
        "small": paragraph_style("Small", "Small", size="8.5pt"),
        "quote": paragraph_style(
            "Quotations", "Quotations", marginleft="0.6cm", marginright="0.6cm"
        ),
        "meta": paragraph_style("Meta", "Meta", size="9pt", marginbottom="0.3cm"),
        "table_heading": paragraph_style("Table_20_Heading", "Table Heading", bold=True),
        "table": paragraph_style("Table_20_Contents", "Table Contents", marginbottom="0.06cm"),
    }
    bold_span = Style(name="Strong_20_Emphasis", displayname="Strong Emphasis", family="text")
    bold_span.addElement(TextProperties(fontweight="bold"))
    document.styles.addElement(bold_span)

    bullets = ListStyle(name="Bullets", displayname="Bullets")
    level = ListLevelStyleBullet(level=1, bulletchar="•")
    level.addElement(ListLevelProperties(spacebefore="0.2cm", minlabelwidth="0.4cm"))
    bullets.addElement(level)
    document.styles.addElement(bullets)

    layout = PageLayout(name="A4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            printorientation="portrait",
            margintop="1.8cm",
            marginbottom="1.2cm",
            marginleft="1.8cm",
            marginright="1.8cm",
        )
    )
    spacing = FooterStyle()
    spacing.addElement(HeaderFooterProperties(margintop="0.4cm"))
    layout.addElement(spacing)
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    page_footer = Footer()
    footer_line = P(stylename=styles["small"], text=footer_text(content) + " · ")
    footer_line.addElement(PageNumber(selectpage="current", text="1"))
    page_footer.addElement(footer_line)
    master.addElement(page_footer)
    document.masterstyles.addElement(master)

    table_style = Style(name="Grid", family="table")
    table_style.addElement(TableProperties(width=f"{usable}cm", align="margins"))
    document.automaticstyles.addElement(table_style)
    cell_style = Style(name="Cell", family="table-cell")
    cell_style.addElement(TableCellProperties(border="0.5pt solid #9aa3af", padding="0.1cm"))
    document.automaticstyles.addElement(cell_style)
    shaded_style = Style(name="ShadedCell", family="table-cell")
    shaded_style.addElement(
        TableCellProperties(
            border="0.5pt solid #9aa3af", padding="0.1cm", backgroundcolor="#e3e8ee"
        )
    )
    document.automaticstyles.addElement(shaded_style)
    column_styles = {}

    def column_style(share):
        key = round(share * usable, 2)
        if key not in column_styles:
            style = Style(name=f"Column{len(column_styles) + 1}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{key}cm"))
            document.automaticstyles.addElement(style)
            column_styles[key] = style
        return column_styles[key]

    def paragraph(item, style=None):
        element = P(stylename=style or styles.get(item.style, styles["body"]))
        for text, bold in item.runs:
            if bold:
                span = Span(stylename=bold_span)
                teletype.addTextToElement(span, text)
                element.addElement(span)
            else:
                teletype.addTextToElement(element, text)
        return element

    def add_items(parent, items, style=None):
        """Paragraphs into ``parent``; consecutive bullets as one list."""
        current_list = None
        for item in items:
            if item.style == "bullet":
                if current_list is None:
                    current_list = List(stylename=bullets)
                    parent.addElement(current_list)
                entry = ListItem()
                entry.addElement(paragraph(item, style or styles["body"]))
                current_list.addElement(entry)
                continue
            current_list = None
            chosen = style if style and item.style == "body" else None
            parent.addElement(paragraph(item, chosen))

    def grid(value, number):
        table = Table(name=f"Table{number}", stylename=table_style)
        for share in value.widths:
            table.addElement(TableColumn(stylename=column_style(share)))
        if value.header:
            head = TableHeaderRows()
            row = TableRow()
            for text in value.header:
                cell = TableCell(stylename=shaded_style, valuetype="string")
                cell.addElement(P(stylename=styles["table_heading"], text=text))
                row.addElement(cell)
            head.addElement(row)
            table.addElement(head)
        for cells in value.rows:
            row = TableRow()
            for index, items in enumerate(cells):
                shaded = value.label_column and index == 0
                cell = TableCell(
                    stylename=shaded_style if shaded else cell_style, valuetype="string"
                )
                if items:
                    add_items(cell, items, styles["table"])
                else:
                    cell.addElement(P(stylename=styles["table"]))
                row.addElement(cell)
            table.addElement(row)
        document.text.addElement(table)
        document.text.addElement(P(stylename=styles["body"]))

    tables = 0
    for kind, value in outline(content):
        if kind in ("title", "subtitle", "heading", "meta"):
            document.text.addElement(P(stylename=styles[kind], text=value))
        elif kind == "notice":
            document.text.addElement(paragraph(para(value, bold=True)))
        elif kind in ("h1", "h2"):
            document.text.addElement(
                H(outlinelevel=int(kind[1]), stylename=styles[kind], text=value)
            )
        elif kind == "paras":
            add_items(document.text, value)
        elif kind == "grid":
            tables += 1
            grid(value, tables)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _odf_meta_title(text):
    from odf.dc import Title

    return Title(text=text)


# ------------------------------------------------------------------------------- PDF

PDF_FONT, PDF_BOLD, PDF_ITALIC, PDF_BOLD_ITALIC = "Vera", "VeraBd", "VeraIt", "VeraBI"
# Characters the bundled Vera font lacks, replaced by ones it has.
_PDF_REPLACE = str.maketrans(
    {"\u202f": "\u00a0", "\u2009": " ", "≥": ">=", "≤": "<=", "→": "->", "\u2011": "-"}
)
_fonts_ready = False


def _register_fonts():
    """Vera, the TrueType font that comes with reportlab, so that accents show."""
    global _fonts_ready
    if _fonts_ready:
        return
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name in (PDF_FONT, PDF_BOLD, PDF_ITALIC, PDF_BOLD_ITALIC):
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, f"{name}.ttf")))
    pdfmetrics.registerFontFamily(
        PDF_FONT, normal=PDF_FONT, bold=PDF_BOLD, italic=PDF_ITALIC, boldItalic=PDF_BOLD_ITALIC
    )
    _fonts_ready = True


def _pdf_text(text):
    from xml.sax.saxutils import escape

    return escape(str(text).translate(_PDF_REPLACE))


@one_at_a_time
def minutes_pdf(content) -> bytes:
    """The minutes as a PDF (A4), with the meeting's details in a header table and
    the agenda items in a table, as collectives write them."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    _register_fonts()
    ink, muted, accent = (colors.HexColor(c) for c in ("#1d2330", "#4a5363", "#0b5d52"))
    line, soft, head = (colors.HexColor(c) for c in ("#9aa3af", "#f3f5f8", "#e3e8ee"))

    def style(name, size=9.5, font=PDF_FONT, **extra):
        extra.setdefault("leading", size * 1.3)
        extra.setdefault("textColor", ink)
        return ParagraphStyle(name, fontName=font, fontSize=size, **extra)

    styles = {
        "title": style("title", 22, PDF_BOLD, textColor=accent, spaceAfter=2),
        "subtitle": style("subtitle", 13, PDF_BOLD, spaceAfter=2),
        "heading": style("heading", 11.5, spaceAfter=2),
        "meta": style("meta", 8.5, PDF_ITALIC, textColor=muted, spaceAfter=8),
        "notice": style("notice", 10, PDF_BOLD, textColor=colors.HexColor("#a4161a")),
        # Headings stay on the same page as what follows them.
        "h1": style(
            "h1", 13, PDF_BOLD, textColor=accent, spaceBefore=12, spaceAfter=5, keepWithNext=1
        ),
        "h2": style("h2", 11, PDF_BOLD, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "body": style("body", 9.5, spaceAfter=3),
        "small": style("small", 8, textColor=muted, spaceAfter=2),
        "bullet": style("bullet", 9.5, leftIndent=10, bulletIndent=0, spaceAfter=1),
        "quote": style("quote", 9.5, PDF_ITALIC, leftIndent=12, rightIndent=12, spaceAfter=4),
        "cell": style("cell", 8.8, spaceAfter=2),
        "cell_small": style("cell_small", 7.8, textColor=muted, spaceAfter=1),
        "cell_bullet": style("cell_bullet", 8.8, leftIndent=9, bulletIndent=0, spaceAfter=1),
        "cell_quote": style("cell_quote", 8.8, PDF_ITALIC, spaceAfter=2),
    }

    def flowable(item, in_cell=False):
        markup = "".join(
            f"<b>{_pdf_text(text)}</b>" if bold else _pdf_text(text) for text, bold in item.runs
        )
        name = item.style if item.style in ("small", "bullet", "quote") else "body"
        if in_cell:
            name = "cell" if name == "body" else f"cell_{name}"
        bullet = "•" if item.style == "bullet" else None
        return Paragraph(markup, styles[name], bulletText=bullet)

    width = A4[0] - 2 * 1.8 * cm
    story = []

    def grid(value):
        data = []
        if value.header:
            data.append(
                [Paragraph(f"<b>{_pdf_text(text)}</b>", styles["cell"]) for text in value.header]
            )
        for row in value.rows:
            data.append([[flowable(item, True) for item in cell] or "" for cell in row])
        table = Table(
            data,
            colWidths=[width * share for share in value.widths],
            repeatRows=1 if value.header else 0,
            hAlign="LEFT",
        )
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, line),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ]
        if value.header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), head))
        if value.label_column:
            commands.append(("BACKGROUND", (0, 0), (0, -1), soft))
        table.setStyle(TableStyle(commands))
        return table

    for kind, value in outline(content):
        if kind in ("title", "subtitle", "heading", "meta", "notice", "h1", "h2"):
            story.append(Paragraph(_pdf_text(value), styles[kind]))
        elif kind == "paras":
            blocks = [flowable(item) for item in value]
            # A short block (an announcement, the next meeting) is not cut by a page break.
            story.extend([KeepTogether(blocks)] if len(blocks) <= 6 else blocks)
        elif kind == "grid":
            story.append(grid(value))
            story.append(Spacer(1, 4))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.8 * cm,
        title=f"{_('Minutes')} – {content['title']}",
        author=content["collective"],
        subject=content["title"],
        lang=_language(),
    )
    left = footer_text(content).translate(_PDF_REPLACE)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(PDF_FONT, 7.5)
        canvas.setFillColor(muted)
        canvas.setStrokeColor(line)
        canvas.line(1.8 * cm, 1.35 * cm, A4[0] - 1.8 * cm, 1.35 * cm)
        canvas.drawString(1.8 * cm, 1.0 * cm, left)
        canvas.drawRightString(
            A4[0] - 1.8 * cm, 1.0 * cm, _("Page %(number)s") % {"number": doc.page}
        )
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
