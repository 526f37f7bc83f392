"""What every document shares, whatever its format and app: the page, the sizes
and colours of the title block, headings and text, the fonts, and the one place
where text is made safe for a format (XML escaping, characters XML cannot hold,
the spreadsheet formula guard)."""

import datetime
import os
import re
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import get_language

# The page: A4 (or A3 for a wide chart), the same margins everywhere (centimetres).
PAGE_CM = (21.0, 29.7)
PAPERS_CM = {"A4": PAGE_CM, "A3": (29.7, 42.0)}
MARGIN_CM = 1.8


def page_cm(document):
    """The page's width and height for this document: A4 or A3, in landscape if it
    asks."""
    size = PAPERS_CM.get(getattr(document, "paper", "A4"), PAGE_CM)
    return tuple(reversed(size)) if document.landscape else size


def usable_cm(document):
    """The width between the margins."""
    return page_cm(document)[0] - 2 * MARGIN_CM


# Sizes in points, shared by the PDF, Word and OpenDocument files.
SIZES = {
    "title": 20,
    "subtitle": 13,
    "topic": 12,
    "meta": 9,
    "notice": 10,
    "h1": 14,
    "h2": 11.5,
    "h3": 10.5,
    "body": 10,
    "small": 8.5,
    "cell": 9,
    "cell_small": 8,
    "footer": 7.5,
}

COLOURS = {
    "ink": "#1d2330",
    "muted": "#4a5363",
    "accent": "#0b5d52",
    "notice": "#a4161a",
    "line": "#9aa3af",
    "head": "#e3e8ee",  # header row of a table
    "soft": "#f3f5f8",  # label column of a table
}


def hex_colour(name):
    """'E3E8EE' for a Word file."""
    return COLOURS[name].lstrip("#").upper()


# --------------------------------------------------------------------------- fonts

# Word and OpenDocument files name a font the reader's office software has (or
# replaces with a metric-compatible one); PDFs embed Bitstream Vera, which comes
# with ReportLab, so that accents and the euro sign show without system fonts.
TEXT_FONT = "Liberation Sans"
PDF_FONTS = {"normal": "Vera", "bold": "VeraBd", "italic": "VeraIt", "boldItalic": "VeraBI"}
PDF_FONT, PDF_BOLD, PDF_ITALIC = PDF_FONTS["normal"], PDF_FONTS["bold"], PDF_FONTS["italic"]
_fonts_ready = False


def font_file(name):
    """The path of one of ReportLab's TrueType fonts (Vera.ttf…)."""
    import reportlab

    return os.path.join(os.path.dirname(reportlab.__file__), "fonts", f"{name}.ttf")


def register_pdf_fonts():
    """Register the Vera family with ReportLab, once per process."""
    global _fonts_ready
    if _fonts_ready:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in PDF_FONTS.values():
        pdfmetrics.registerFont(TTFont(name, font_file(name)))
    pdfmetrics.registerFontFamily(PDF_FONT, **PDF_FONTS)
    _fonts_ready = True


# ------------------------------------------------------------------------ the text

# Characters XML 1.0 cannot hold (control characters but tab and line breaks): a
# Word, OpenDocument or spreadsheet file with one would not open.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Characters the Vera font lacks, replaced by ones it has.
_PDF_REPLACE = str.maketrans(
    {
        "\u202f": "\u00a0",
        "\u2009": " ",
        "≥": ">=",
        "≤": "<=",
        "→": "->",
        "\u2011": "-",
        "◆": "◊",
        "■": "•",
    }
)


def language():
    return get_language() or "fr"


def display(value):
    """A cell's or a line's value as text for people."""
    if hasattr(value, "number_format"):  # a blocks.Value
        value = value.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, float | Decimal):
        return formats.number_format(value)
    return str(value)


def clean(text):
    """Text without the characters XML cannot hold."""
    return _NOT_XML.sub("", str(text))


def pdf_plain(text):
    """Text drawn directly on a PDF page (a footer): in the font's characters."""
    return clean(text).translate(_PDF_REPLACE)


def pdf_markup(text):
    """Text for a ReportLab paragraph, whose text is markup: escaped, line breaks kept."""
    return escape(pdf_plain(text)).replace("\n", "<br/>")


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection):
# such text gets a leading apostrophe, as OWASP advises, in CSV and XLSX alike.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text):
    """Text that a spreadsheet would read as a formula, made plain text."""
    text = clean(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def cell_blocks(value):
    """What a table cell holds, as blocks: its own blocks, one paragraph or figure, or a
    value written as text (nothing for an empty one). Used by the Word and ODT writers."""
    from .blocks import Figure, Paragraph

    if isinstance(value, list):
        return value
    if isinstance(value, Paragraph | Figure):
        return [value]
    text = display(value)
    return [Paragraph.of(text)] if text else []


# ----------------------------------------------------------- spreadsheet formats

# A spreadsheet cell's number formats, by name, so that every app's exports agree.
# The codes are the locale-neutral ones of the XLSX format: "," groups thousands and
# "." is the decimal point in the code, which French office software shows as
# "25 000,00 €"; "dd/mm/yyyy" is a date shown day first.
FORMATS = {
    "date": "dd/mm/yyyy",
    "iso_date": "yyyy-mm-dd",
    "datetime": "dd/mm/yyyy hh:mm",
    "iso_datetime": "yyyy-mm-dd hh:mm",
    "month": "mmm yyyy",
    "integer": "#,##0",
    "decimal": "#,##0.00",
    "quantity": "0.00",
    "percent": "0%",
    "eur": '#,##0.00 "€"',
    "chf": '#,##0.00 "CHF"',
}


def date_format_code(with_time=False):
    """A date cell's format: the day first in French (and by default), ISO in English."""
    iso = language().startswith("en")
    if with_time:
        return FORMATS["iso_datetime" if iso else "datetime"]
    return FORMATS["iso_date" if iso else "date"]


def money_format(currency):
    """An amount's format with its currency: "€" for EUR, "CHF", another code as it
    is, a plain amount without one."""
    code = re.sub(r"[^A-Z]", "", str(currency or "").upper())[:3]
    known = {"EUR": FORMATS["eur"], "CHF": FORMATS["chf"]}
    return known.get(code) or (f'#,##0.00 "{code}"' if code else FORMATS["decimal"])
