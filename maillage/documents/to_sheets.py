"""A Document's tables as spreadsheets: CSV (one table) and XLSX (a sheet per
table, named by its caption). Numbers and dates stay numbers and dates; text that
a spreadsheet would read as a formula is neutralised (style.neutralise) in both.
A ``Formula`` cell (written by the app) stays a live formula in an XLSX; CSV shows
its computed value. ``sheet_name`` says what a table's sheet is called, for the
formulas that refer to it."""

import csv
import datetime
import io
import math
import re
from decimal import Decimal

from .blocks import Bullets, Document, Figure, Formula, Paragraph, Table
from .style import clean, neutralise


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


def render_csv(source) -> str:
    """The table (a Table, or a Document's only table) as CSV text, with a byte order
    mark so that spreadsheets read the accents. Floats are written with at most four
    decimals and a point, the way data is exchanged."""
    (table,) = _tables(source)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if table.header:
        writer.writerow([neutralise(header) for header in table.header])
    for row in table.rows:
        cells = []
        for value in row:
            value = _raw(value)
            if isinstance(value, float):
                value = f"{value:.4f}".rstrip("0").rstrip(".")
            elif isinstance(value, datetime.datetime | datetime.date):
                value = value.isoformat()
            cells.append("" if value is None else str(value))
        writer.writerow(cells)
    return "\ufeff" + buffer.getvalue()


_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def sheet_name(caption, number=1):
    """The name of the sheet of the ``number``-th table, captioned ``caption``."""
    return _SHEET_NAME.sub(" ", clean(caption)).strip()[:31] or f"Sheet {number}"


def _cell(value):
    """What an XLSX cell holds: a Formula's formula, else the value (``_raw``)."""
    return value.formula if isinstance(value, Formula) else _raw(value)


def render_xlsx(source) -> bytes:
    """The tables as a workbook, one sheet per table: a bold header row that stays
    in view with the table's ``key_columns``, column widths, text wrapped at the top
    of its cell, and each Value's number format (dates, amounts)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    tables = _tables(source)
    if tables:  # a workbook has at least one sheet
        book.remove(book.active)
    for number, table in enumerate(tables, start=1):
        sheet = book.create_sheet(sheet_name(table.caption, number))
        align = table.align or ["left"] * table.columns
        first = 1
        if table.header:
            sheet.append([neutralise(header) for header in table.header])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            first = 2
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
            for cell, value, side in zip(sheet[sheet.max_row], row, align, strict=False):
                if getattr(value, "number_format", ""):
                    cell.number_format = value.number_format
                horizontal = side if side in ("right", "center") else None
                cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal=horizontal)
        for index, width in enumerate(table.widths or [], start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if table.header:
            sheet.freeze_panes = f"{get_column_letter(table.key_columns + 1)}{first}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
