"""Helpers shared by the pictures drawn on the server as SVG (the board's timeline,
the Gantt charts): the width a text takes, months abbreviated as CLDR does, texts cut
to a length, and the weeks' and months' first days an axis is drawn on.

No font is measured on the server: a label's width is estimated from its length and
font size, generously for the sans-serif fonts a page may use, so that labels placed
with it never touch.
"""

import calendar
import datetime

from django.utils.translation import pgettext_lazy

# Width of a character, in ems: above the average of the usual sans-serif fonts.
CHAR_WIDTH = 0.65
BOLD_CHAR_WIDTH = 0.72

# Abbreviated month names, as CLDR writes them (French: janv., févr., mars, avr., mai,
# juin, juil., août, sept., oct., nov., déc.).
MONTH_ABBREVIATIONS = (
    pgettext_lazy("abbreviated month", "Jan"),
    pgettext_lazy("abbreviated month", "Feb"),
    pgettext_lazy("abbreviated month", "Mar"),
    pgettext_lazy("abbreviated month", "Apr"),
    pgettext_lazy("abbreviated month", "May"),
    pgettext_lazy("abbreviated month", "Jun"),
    pgettext_lazy("abbreviated month", "Jul"),
    pgettext_lazy("abbreviated month", "Aug"),
    pgettext_lazy("abbreviated month", "Sep"),
    pgettext_lazy("abbreviated month", "Oct"),
    pgettext_lazy("abbreviated month", "Nov"),
    pgettext_lazy("abbreviated month", "Dec"),
)


def text_width(text, font_size, bold=False):
    """The width a text takes, estimated from its length (no font is measured here)."""
    return round(len(text) * font_size * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH), 1)


def month_name(day):
    """The abbreviated name of ``day``'s month, in the active language."""
    return str(MONTH_ABBREVIATIONS[day.month - 1])


def short(text, limit):
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def monday(day):
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def next_month(day):
    """The first day of the month after ``day``'s."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1) + datetime.timedelta(days=last)
