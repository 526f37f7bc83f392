"""A Document as an editable OpenDocument text (odfpy): named styles (Title,
Heading 1–3 with their outline level, Text body, Quotations…), tables with a
repeated header row, bulleted lists, figures as pictures with their text
alternative, and a footer with the page number."""

import io

from . import figures
from .blocks import Bullets, Figure, Heading, Paragraph, Table, Together
from .style import (
    COLOURS,
    MARGIN_CM,
    SIZES,
    TEXT_FONT,
    cell_blocks,
    clean,
    page_cm,
    usable_cm,
)
from .style import language as current_language


class _Writer:
    def __init__(self, document):
        from odf.opendocument import OpenDocumentText

        self.source = document
        self.usable = usable_cm(document)
        self.odt = OpenDocumentText()
        self.tables = self.pictures = 0
        self.column_styles = {}
        self.language = current_language().split("-")[0]
        self.styles = {
            "body": self.paragraph_style("Text_20_body", "Text body"),
            "title": self.paragraph_style(
                "Title", "Title", "title", bold=True, colour="accent", marginbottom="0.15cm"
            ),
            "subtitle": self.paragraph_style("Subtitle", "Subtitle", "subtitle", bold=True),
            "topic": self.paragraph_style("Topic", "Topic", "topic"),
            "meta": self.paragraph_style(
                "Meta", "Meta", "meta", italic=True, colour="muted", marginbottom="0.3cm"
            ),
            "notice": self.paragraph_style(
                "Notice", "Notice", "notice", bold=True, colour="notice"
            ),
            "h1": self.paragraph_style(
                "Heading_20_1", "Heading 1", "h1", bold=True, colour="accent", margintop="0.4cm"
            ),
            "h2": self.paragraph_style(
                "Heading_20_2", "Heading 2", "h2", bold=True, margintop="0.3cm"
            ),
            "h3": self.paragraph_style(
                "Heading_20_3", "Heading 3", "h3", bold=True, margintop="0.2cm"
            ),
            "small": self.paragraph_style("Small", "Small", "small", colour="muted"),
            "quote": self.paragraph_style(
                "Quotations", "Quotations", italic=True, marginleft="0.6cm", marginright="0.6cm"
            ),
            "table_heading": self.paragraph_style(
                "Table_20_Heading", "Table Heading", "cell", bold=True
            ),
            "table": self.paragraph_style(
                "Table_20_Contents", "Table Contents", "cell", marginbottom="0.06cm"
            ),
        }
        for side in ("right", "center"):
            self.styles[f"table_{side}"] = self.paragraph_style(
                f"Table_20_Contents_20_{side.title()}",
                f"Table Contents {side.title()}",
                "cell",
                textalign="end" if side == "right" else "center",
            )
        self.emphasis = {}

    def paragraph_style(
        self,
        name,
        display_name,
        size="body",
        *,
        bold=False,
        italic=False,
        colour="ink",
        **paragraph,
    ):
        from odf.style import ParagraphProperties, Style, TextProperties

        style = Style(name=name, displayname=display_name, family="paragraph")
        if name.startswith("Heading_20_"):
            style.setAttribute("defaultoutlinelevel", name[-1])
            style.setAttribute("nextstylename", "Text_20_body")
        text = {"fontweight": "bold"} if bold else {}
        if italic:
            text["fontstyle"] = "italic"
        style.addElement(
            TextProperties(
                fontfamily=TEXT_FONT,
                language=self.language,
                fontsize=f"{SIZES[size]}pt",
                color=COLOURS[colour],
                **text,
            )
        )
        style.addElement(
            ParagraphProperties(
                margintop=paragraph.pop("margintop", "0cm"),
                marginbottom=paragraph.pop("marginbottom", "0.12cm"),
                **paragraph,
            )
        )
        self.odt.styles.addElement(style)
        return style

    def span_style(self, bold, italic):
        from odf.style import Style, TextProperties

        key = (bold, italic)
        if key not in self.emphasis:
            name = {(True, False): "Strong_20_Emphasis", (False, True): "Emphasis"}.get(
                key, "Strong_20_Emphasis_20_Italic"
            )
            style = Style(name=name, family="text")
            extra = {"fontweight": "bold"} if bold else {}
            if italic:
                extra["fontstyle"] = "italic"
            style.addElement(TextProperties(**extra))
            self.odt.styles.addElement(style)
            self.emphasis[key] = style
        return self.emphasis[key]

    def set_page(self):
        from odf.style import (
            Footer,
            FooterStyle,
            HeaderFooterProperties,
            ListLevelProperties,
            MasterPage,
            PageLayout,
            PageLayoutProperties,
            Style,
            TableCellProperties,
            TableProperties,
        )
        from odf.text import ListLevelStyleBullet, ListStyle, P, PageNumber

        self.bullets = ListStyle(name="Bullets", displayname="Bullets")
        level = ListLevelStyleBullet(level=1, bulletchar="•")
        level.addElement(ListLevelProperties(spacebefore="0.2cm", minlabelwidth="0.4cm"))
        self.bullets.addElement(level)
        self.odt.styles.addElement(self.bullets)
        layout = PageLayout(name="A4")
        margin = f"{MARGIN_CM}cm"
        width, height = page_cm(self.source)
        layout.addElement(
            PageLayoutProperties(
                pagewidth=f"{width}cm",
                pageheight=f"{height}cm",
                printorientation="landscape" if self.source.landscape else "portrait",
                margintop=margin,
                marginbottom="1.2cm",
                marginleft=margin,
                marginright=margin,
            )
        )
        spacing = FooterStyle()
        spacing.addElement(HeaderFooterProperties(margintop="0.4cm"))
        layout.addElement(spacing)
        self.odt.automaticstyles.addElement(layout)
        master = MasterPage(name="Standard", pagelayoutname=layout)
        footer = Footer()
        line = P(
            stylename=self.styles["small"],
            text=clean(self.source.footer or self.source.title) + " · ",
        )
        line.addElement(PageNumber(selectpage="current", text="1"))
        footer.addElement(line)
        master.addElement(footer)
        self.odt.masterstyles.addElement(master)
        self.table_style = Style(name="Grid", family="table")
        self.table_style.addElement(TableProperties(width=f"{self.usable}cm", align="margins"))
        self.odt.automaticstyles.addElement(self.table_style)
        self.cell_styles = {}
        for name, background in (("Cell", None), ("HeadCell", "head"), ("LabelCell", "soft")):
            style = Style(name=name, family="table-cell")
            extra = {"backgroundcolor": COLOURS[background]} if background else {}
            style.addElement(
                TableCellProperties(
                    border=f"0.5pt solid {COLOURS['line']}", padding="0.1cm", **extra
                )
            )
            self.odt.automaticstyles.addElement(style)
            self.cell_styles[name] = style

    def column_style(self, share):
        from odf.style import Style, TableColumnProperties

        key = round(share * self.usable, 2)
        if key not in self.column_styles:
            style = Style(name=f"Column{len(self.column_styles) + 1}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{key}cm"))
            self.odt.automaticstyles.addElement(style)
            self.column_styles[key] = style
        return self.column_styles[key]

    def paragraph(self, item, style=None):
        from odf import teletype
        from odf.text import P, Span

        element = P(stylename=style or self.styles.get(item.style, self.styles["body"]))
        for run in item.runs:
            text = clean(run.text)
            if run.bold or run.italic:
                span = Span(stylename=self.span_style(run.bold, run.italic))
                teletype.addTextToElement(span, text)
                element.addElement(span)
            else:
                teletype.addTextToElement(element, text)
        return element

    def picture(self, figure, room_cm, style):
        from odf.draw import Frame, Image
        from odf.svg import Desc
        from odf.text import P

        self.pictures += 1
        width, height = figures.fitted(figure, room_cm / 2.54 * 72)
        href = self.odt.addPicture(
            f"Pictures/figure{self.pictures}.png", "image/png", figures.png(figure)
        )
        frame = Frame(
            name=f"Figure{self.pictures}",
            anchortype="as-char",
            width=f"{width:.2f}pt",
            height=f"{height:.2f}pt",
        )
        frame.addElement(Image(href=href))
        frame.addElement(Desc(text=clean(figure.alt)))
        holder = P(stylename=style or self.styles["body"])
        holder.addElement(frame)
        return holder

    def add(self, parent, blocks, style=None, room_cm=None):
        """Blocks into ``parent`` (the text, or a table cell with its ``style``)."""
        from odf.text import H, List, ListItem

        room_cm = room_cm or self.usable
        for block in blocks:
            if isinstance(block, Heading):
                level = min(max(int(block.level), 1), 3)
                parent.addElement(
                    H(
                        outlinelevel=level,
                        stylename=self.styles[f"h{level}"],
                        text=clean(block.text),
                    )
                )
            elif isinstance(block, Paragraph):
                chosen = style if style and block.style == "body" else None
                parent.addElement(self.paragraph(block, chosen))
            elif isinstance(block, Bullets):
                bullets = List(stylename=self.bullets)
                for item in block.items:
                    entry = ListItem()
                    if not isinstance(item, Paragraph):
                        item = Paragraph.of(item)
                    entry.addElement(self.paragraph(item, style or self.styles["body"]))
                    bullets.addElement(entry)
                parent.addElement(bullets)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Figure):
                parent.addElement(self.picture(block, room_cm, style))
                if block.caption:
                    parent.addElement(self.paragraph(Paragraph.of(block.caption, "small")))
            elif isinstance(block, Together):
                self.add(parent, block.blocks, style, room_cm)

    def table(self, block):
        from odf.table import Table as Grid
        from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
        from odf.text import P

        self.tables += 1
        grid = Grid(name=f"Table{self.tables}", stylename=self.table_style)
        shares = block.shares()
        align = block.align or ["left"] * block.columns
        for share in shares:
            grid.addElement(TableColumn(stylename=self.column_style(share)))
        if block.header:
            head, row = TableHeaderRows(), TableRow()
            for text in block.header:
                cell = TableCell(stylename=self.cell_styles["HeadCell"], valuetype="string")
                cell.addElement(P(stylename=self.styles["table_heading"], text=clean(text)))
                row.addElement(cell)
            head.addElement(row)
            grid.addElement(head)
        for values in block.rows:
            row = TableRow()
            for index, (value, share, side) in enumerate(zip(values, shares, align, strict=True)):
                name = "LabelCell" if block.label_column and index == 0 else "Cell"
                cell = TableCell(stylename=self.cell_styles[name], valuetype="string")
                blocks = cell_blocks(value)
                style = self.styles[f"table_{side}" if side in ("right", "center") else "table"]
                if blocks:
                    self.add(cell, blocks, style, share * self.usable - 0.2)
                else:
                    cell.addElement(P(stylename=style))
                row.addElement(cell)
            grid.addElement(row)
        self.odt.text.addElement(grid)
        self.odt.text.addElement(P(stylename=self.styles["body"]))

    def title_block(self):
        from odf.text import P

        for name in ("title", "subtitle", "topic", "meta", "notice"):
            if text := getattr(self.source, name):
                self.odt.text.addElement(P(stylename=self.styles[name], text=clean(text)))


def render_odt(document) -> bytes:
    """The document as OpenDocument text (ODT) bytes."""
    from odf.dc import Title

    writer = _Writer(document)
    writer.odt.meta.addElement(Title(text=clean(document.file_title)))
    writer.set_page()
    writer.title_block()
    writer.add(writer.odt.text, document.blocks)
    buffer = io.BytesIO()
    writer.odt.write(buffer)
    return buffer.getvalue()
