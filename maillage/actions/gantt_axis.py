"""The Gantt chart's time axis: the days it spans, days to pixels, and the columns
and labels of each zoom (a column per day, per week or per month; weeks, months or
quarters named above them). Labels never touch: a label that would is left out.
Layout constants and colours shared with gantt.py are here.
"""

import datetime

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from maillage.core.charts import monday, month_name, next_month, text_width

from .gantt_access import ZOOMS

LABEL_WIDTH = 260
AXIS_HEIGHT = 50
BAND_HEIGHT = 26
ROW_HEIGHT = 34
PADDING = 12
FONT_SIZE = 12
SMALL_FONT_SIZE = 10.5
LEGEND_ROW = 22
# Pixels per day at each zoom: a day, a week or a month is a column.
DAY_WIDTH = {"week": 28, "month": 7, "quarter": 2.4}
TOP_Y = 16  # baseline of the axis's upper labels (weeks, months, quarters)
LOW_Y = 34  # baseline of its lower labels (days, weeks' Mondays, months)
TODAY_Y = AXIS_HEIGHT + 12
LABEL_GAP = 6

COLOURS = {
    "bar": "#7aa7d9",
    "bar_stroke": "#2c5d8f",
    "done": "#cfdcec",
    "done_stroke": "#8aa3bf",
    "late": "#b00020",
    "critical": "#111111",
    "band": "#f3f5f8",
    "band_line": "#c9ced6",
    "phase": "#e3ecd9",
    "grid": "#dcdfe4",
    "weekend": "#f7f7f7",
    "text": "#1a1a1a",
    "muted": "#4a4a4a",
    "milestone": "#1f6f3f",
    "today": "#0b5cad",
    "arrow": "#555555",
}


# ------------------------------------------------------------------------------ range


def chart_range(plan, zoom):
    """(first, last): the first day drawn and the day after the last one, on the
    zoom's columns (Mondays for days and weeks, first days of months for quarters),
    with a column or two of room around the plan."""
    first, last = plan.first, plan.last
    if zoom == "quarter":
        start = first.replace(day=1)
        end = next_month(last)
        while (end - start).days < 89:
            end = next_month(end)
        return start, end
    start = monday(first - datetime.timedelta(days=1))
    end = monday(last) + datetime.timedelta(days=7 if zoom == "week" else 14)
    minimum = 14 if zoom == "week" else 56
    if (end - start).days < minimum:
        end = start + datetime.timedelta(days=minimum)
    return start, end


class Scale:
    """Days to pixels: ``x(day)`` is the left edge of the day's column."""

    def __init__(self, plan, zoom):
        self.zoom = zoom if zoom in ZOOMS else "month"
        self.first, self.end = chart_range(plan, self.zoom)
        self.day_width = DAY_WIDTH[self.zoom]
        self.days = (self.end - self.first).days
        self.right = LABEL_WIDTH + round(self.days * self.day_width, 1)
        self.width = round(self.right + PADDING, 1)

    def x(self, day):
        return round(LABEL_WIDTH + (day - self.first).days * self.day_width, 1)

    def mid(self, day):
        return round(self.x(day) + self.day_width / 2, 1)


# ------------------------------------------------------------------------------- axis


def _days(first, end):
    day = first
    while day < end:
        yield day
        day += datetime.timedelta(days=1)


def _quarter_label(day):
    return pgettext("quarter of a year", "Q%(n)d %(year)d") % {
        "n": (day.month - 1) // 3 + 1,
        "year": day.year,
    }


def _columns(scale):
    """[(day, lower label or "")] for each column, and [(day, upper label)] for the
    upper line of the axis."""
    lower, upper = [], []
    if scale.zoom == "week":
        for day in _days(scale.first, scale.end):
            lower.append((day, str(day.day)))
            if day.weekday() == 0:
                upper.append(
                    (
                        day,
                        _("wk %(n)d · %(date)s")
                        % {"n": day.isocalendar().week, "date": f"{day.day} {month_name(day)}"},
                    )
                )
    elif scale.zoom == "month":
        for day in _days(scale.first, scale.end):
            if day.weekday() == 0:
                lower.append((day, str(day.day)))
            # The first column names its month when that month has room before the next.
            if day.day == 1 or (day == scale.first and day.day <= 20):
                upper.append((day, f"{month_name(day)} {day.year}"))
    else:
        for day in _days(scale.first, scale.end):
            if day.day == 1:
                lower.append((day, month_name(day)))
                if (day.month - 1) % 3 == 0 or day == scale.first:
                    upper.append((day, _quarter_label(day)))
    return lower, upper


def _labels(items, scale, y, size, bold=False):
    """Texts placed after their column's line, skipped when they would touch the one
    before or pass the right edge."""
    out, previous_end = [], float("-inf")
    for day, text in items:
        start = scale.x(day) + 3
        width = text_width(text, size, bold)
        if start < previous_end + LABEL_GAP or start + width > scale.right:
            continue
        weight = ' font-weight="bold"' if bold else ""
        out.append(
            f'<text class="gantt-axis-label" x="{start}" y="{y}" font-size="{size}"{weight} '
            f'fill="{COLOURS["text"]}">{escape(text)}</text>'
        )
        previous_end = start + width
    return out


def axis(scale, bottom):
    """The axis's lines and labels, and (by day) the weekends shaded."""
    lower, upper = _columns(scale)
    out = []
    if scale.zoom == "week":
        # Weekends shaded, behind the rows.
        for day in _days(scale.first, scale.end):
            if day.weekday() >= 5:
                out.append(
                    f'<rect class="gantt-weekend" x="{scale.x(day)}" y="{AXIS_HEIGHT}" '
                    f'width="{scale.day_width}" height="{bottom - AXIS_HEIGHT}" '
                    f'fill="{COLOURS["weekend"]}"/>'
                )
    for day, _text in lower:
        x = scale.x(day)
        out.append(
            f'<line class="gantt-grid" x1="{x}" y1="{LOW_Y - 12}" x2="{x}" y2="{bottom}" '
            f'stroke="{COLOURS["grid"]}"/>'
        )
    for day, _text in upper:
        x = scale.x(day)
        out.append(
            f'<line class="gantt-grid major" x1="{x}" y1="2" x2="{x}" y2="{bottom}" '
            f'stroke="#b5bac2"/>'
        )
    out.extend(_labels(upper, scale, TOP_Y, FONT_SIZE - 1, bold=True))
    out.extend(_labels(lower, scale, LOW_Y, SMALL_FONT_SIZE))
    out.append(
        f'<line x1="0" y1="{AXIS_HEIGHT - 0.5}" x2="{scale.right}" y2="{AXIS_HEIGHT - 0.5}" '
        f'stroke="{COLOURS["band_line"]}"/>'
    )
    return out
