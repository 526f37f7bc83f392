"""One document layer for every app: a document is a plain ``Document`` of blocks
(blocks.py), written by one renderer per format (PDF, DOCX, ODT, CSV, XLSX) that
share the page, fonts, sizes, escaping and the spreadsheet formula guard
(style.py). Apps build documents; they do not write formats.

This package imports no app of Maillage: apps import it.
"""

from .blocks import (
    Bullets,
    Document,
    Figure,
    Formula,
    Heading,
    Label,
    Line,
    Paragraph,
    Polygon,
    Rect,
    Run,
    Table,
    Together,
    Value,
)
from .to_docx import render_docx
from .to_odt import render_odt
from .to_pdf import one_at_a_time, render_pdf
from .to_sheets import csv_filename, render_csv, render_xlsx, sheet_name, wants_french_csv

__all__ = [
    "Bullets",
    "Document",
    "Figure",
    "Formula",
    "Heading",
    "Label",
    "Line",
    "Paragraph",
    "Polygon",
    "Rect",
    "Run",
    "Table",
    "Together",
    "Value",
    "one_at_a_time",
    "render_csv",
    "render_docx",
    "render_odt",
    "render_pdf",
    "render_xlsx",
    "sheet_name",
    "csv_filename",
    "wants_french_csv",
]
