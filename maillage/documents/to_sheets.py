"""A Document's tables as spreadsheets: CSV (one table) and XLSX (a sheet per
table, named by its caption). Numbers and dates stay numbers and dates; text that
a spreadsheet would read as a formula is neutralised (style.neutralise) in both.
A ``Formula`` cell (written by the app) stays a live formula in an XLSX; CSV shows
its computed value. ``sheet_name`` says what a table's sheet is called, for the
formulas that refer to it.

An XLSX opens and prints well in LibreOffice and Excel: each row is as tall as its
most wrapped cell needs (office software does not grow a row written with a height
and a wrapped cell would be drawn over the next one), the header row stays in view
and is printed on every page, pages are landscape and one page wide, with the
collective and the day in the page header and "Page 1 / 3" in the footer.

A CSV is UTF-8 with a byte order mark; its French variant (``french=True``) is
what French spreadsheet software reads on a double-click: ";" between cells,
decimal comma, days as 31/12/2026."""

import csv
import datetime
import io
import math
import re
import textwrap
from decimal import Decimal

from django.utils import formats, timezone

from .blocks import Bullets, Document, Figure, Formula, Paragraph, Table
from .style import FORMATS, clean, date_format_code, neutralise


def _text(value):
    """A cell's value as text (the words of a rich cell, a figure's alternative)."""
    if isinstance(value, Paragraph):
        return value.text
    if isinstance(value, Figure):
        return value.alt
    if isinstance(value, Bullets):
        return "\n".join(_text(item) for item in value.items)
    if isinstance(value, list):
        return "\n".join(_text(item) for item in value)
    return "" if value is None else str(value)


def _raw(value):
    """The value a spreadsheet cell keeps: a number, a date, nothing, or safe text."""
    if hasattr(value, "number_format"):  # blocks.Value
        value = value.value
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    return neutralise(_text(value))


def _tables(source):
    if isinstance(source, Table):
        return [source]
    if isinstance(source, Document):
        return source.tables()
    return list(source)


# ------------------------------------------------------------------------------ CSV


def _csv_value(value, french):
    """A cell as CSV text: floats with at most four decimals (a comma in French),
    dates in ISO (day first in French)."""
    value = _raw(value)
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        text = f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return text.replace(".", ",") if french else text
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if french else value.isoformat()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y") if french else value.isoformat()
    return str(value)


def render_csv(source, french=False) -> str:
    """The table (a Table, or a Document's only table) as CSV text, with a byte order
    mark so that spreadsheets read the accents. By default "," between cells and
    numbers with a point, the way data is exchanged; ``french``: ";" between cells,
    decimal comma and days first (31/12/2026), as French spreadsheets expect."""
    (table,) = _tables(source)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if french else ",", lineterminator="\r\n")
    if table.header:
        writer.writerow([neutralise(header) for header in table.header])
    for row in table.rows:
        writer.writerow([_csv_value(value, french) for value in row])
    return "\ufeff" + buffer.getvalue()


def csv_filename(filename, french=False):
    """The French variant's file name: "board-2026-12-07-fr.csv"."""
    if not french:
        return filename
    stem, dot, extension = filename.rpartition(".")
    return f"{stem}-fr.{extension}" if dot else f"{filename}-fr"


def wants_french_csv(request):
    """Whether a download asks for the ";" variant (``?sep=semicolon``)."""
    return request.GET.get("sep") == "semicolon"


# ----------------------------------------------------------------------------- XLSX

_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
FONT_SIZE = 10  # points: the cells' font (Liberation Sans / Arial)
LINE_HEIGHT = 12.75  # points per line of text at that size, as office software draws it
DEFAULT_WIDTH = 12  # characters, a column without a width
PAPER_SIZES = {"A4": 9, "A3": 8}  # the XLSX codes of the papers


def sheet_name(caption, number=1):
    """The name of the sheet of the ``number``-th table, captioned ``caption``."""
    return _SHEET_NAME.sub(" ", clean(caption)).strip()[:31] or f"Sheet {number}"


def _cell(value):
    """What an XLSX cell holds: a Formula's formula, else the value (``_raw``)."""
    return value.formula if isinstance(value, Formula) else _raw(value)


def default_format(value):
    """The number format of a value written without one: dates as dates, decimals with
    two places and thousands grouped; whole numbers as they are (a year, a count)."""
    if isinstance(value, datetime.datetime):
        return date_format_code(with_time=True)
    if isinstance(value, datetime.date):
        return date_format_code()
    if isinstance(value, float | Decimal):
        return FORMATS["decimal"]
    return ""


def lines_needed(text, width):
    """How many lines ``text`` takes when wrapped in a column ``width`` characters wide
    (its line breaks kept). The width unit is a digit of the default font; text in
    the cells' 10-point font averages narrower (LibreOffice fits about 1.35 of its
    characters per unit): 1.2 leaves room for whole words, so a row is never short."""
    per_line = max(1, int(width * 1.2))
    count = 0
    for line in str(text).split("\n"):
        count += max(1, len(textwrap.wrap(line, per_line, break_long_words=True)))
    return count


MAX_ROW_HEIGHT = 409  # points: the most Excel allows


def row_height(texts, widths, bold=False):
    """A row's height in points: the lines its tallest cell needs, at the line height
    (at most what Excel allows)."""
    lines = max(
        (lines_needed(text, width) for text, width in zip(texts, widths, strict=False)), default=1
    )
    return min(MAX_ROW_HEIGHT, round(max(1, lines) * LINE_HEIGHT * (1.05 if bold else 1.0) + 3, 2))


def _header_text(document):
    """The page header: the collective on the left, the day on the right (&& is a
    literal & in an XLSX header)."""
    day = document.date or timezone.localdate()
    left = clean(document.subtitle or "").replace("&", "&&")
    right = formats.date_format(day, "DATE_FORMAT").replace("&", "&&")
    return left, right


def print_setup(sheet, *, paper="A4", header_rows=1, document=None):
    """A sheet printed landscape, one page wide (as many pages high as it takes), the
    header rows repeated on each page, margins of about 1.5 cm, the collective and day
    in the page header (with a ``document``) and "Page 1 / 3" in the footer."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_SIZES.get(str(paper).upper(), PAPER_SIZES["A4"])
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    sheet.page_margins = PageMargins(
        left=0.6, right=0.6, top=0.8, bottom=0.8, header=0.3, footer=0.3
    )
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"
    if document is not None:
        left, right = _header_text(document)
        sheet.oddHeader.left.text = left
        sheet.oddHeader.left.size = 9
        sheet.oddHeader.right.text = right
        sheet.oddHeader.right.size = 9
    sheet.oddFooter.center.text = "Page &P / &N"
    sheet.oddFooter.center.size = 8


def _widths(table):
    """Each column's width in characters: the table's, else from its content
    (between 8 and 50)."""
    if table.widths:
        widths = list(table.widths)
        return widths + [DEFAULT_WIDTH] * (table.columns - len(widths))
    found = [len(_text(_raw(h))) + 2 for h in table.header] or [DEFAULT_WIDTH] * table.columns
    found += [8] * (table.columns - len(found))
    for row in table.rows[:200]:
        for index, value in enumerate(row[: len(found)]):
            longest = max((len(line) for line in _text(_raw(value) or "").split("\n")), default=0)
            found[index] = max(found[index], longest + 2)
    return [min(max(width, 8), 50) for width in found]


def _look(cell, value):
    """A Value's fill colour on its cell."""
    if fill := getattr(value, "fill", ""):
        from openpyxl.styles import PatternFill

        colour = fill.lstrip("#").upper()
        cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def write_table(sheet, table, *, document=None, paper="A4"):
    """One table on a sheet: a bold header row in view (with the ``key_columns``),
    widths, text wrapped at the top of each cell, rows as tall as their text, each
    value's number format, and the print setup."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    align = table.align or ["left"] * table.columns
    widths = _widths(table)
    font, bold = (
        Font(name="Liberation Sans", size=FONT_SIZE),
        Font(name="Liberation Sans", size=FONT_SIZE, bold=True),
    )
    first = 1
    if table.header:
        headers = [neutralise(_text(_raw(header) or "")) for header in table.header]
        sheet.append(headers)
        for cell, header in zip(sheet[1], table.header, strict=False):
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            _look(cell, header)
        sheet.row_dimensions[1].height = row_height(headers, widths, bold=True)
        first = 2
    for row in table.rows:
        values = [_cell(value) for value in row]
        sheet.append(values)
        number = sheet.max_row
        for cell, value, side in zip(sheet[number], row, align, strict=False):
            code = getattr(value, "number_format", "") or default_format(cell.value)
            if code:
                cell.number_format = code
            horizontal = side if side in ("right", "center") else None
            cell.font = bold if getattr(value, "bold", False) else font
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal=horizontal)
            _look(cell, value)
        texts = [v if isinstance(v, str) else "" for v in values]
        sheet.row_dimensions[number].height = row_height(texts, widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if table.header:
        sheet.freeze_panes = f"{get_column_letter(table.key_columns + 1)}{first}"
    print_setup(sheet, paper=paper, header_rows=1 if table.header else 0, document=document)


def render_xlsx(source) -> bytes:
    """The tables as a workbook, one sheet per table (``write_table``). With a
    Document, its pages' paper and its page header (the collective, the day)."""
    from openpyxl import Workbook

    book = Workbook()
    document = source if isinstance(source, Document) else None
    paper = document.paper if document else "A4"
    tables = _tables(source)
    if tables:  # a workbook has at least one sheet
        book.remove(book.active)
    for number, table in enumerate(tables, start=1):
        sheet = book.create_sheet(sheet_name(table.caption, number))
        write_table(sheet, table, document=document, paper=paper)
    if document is not None:
        book.properties.title = clean(document.file_title)
        book.properties.creator = clean(document.author or "Maillage")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
