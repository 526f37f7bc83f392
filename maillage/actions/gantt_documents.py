"""A Gantt chart's exports, drawn from the same ``gantt_data.Plan`` as the page.

- ``gantt_xlsx``: one sheet, one row per task (each band a section row), the task's
  facts, then one narrow column per week (its Monday as header): the bar's weeks
  filled, critical tasks in another colour with "■", late ones in red and marked in
  a column, milestones and deadlines as "◆", this week's column shaded; printed
  landscape, one page wide, the header rows repeated.
- ``gantt_document``: a Document (landscape, A4 or A3) with the chart as vector
  figures (a page's worth of rows each) and the table of the tasks, for a PDF.

Both name the collective and the day they were made.
"""

import datetime

from django.utils import formats
from django.utils.translation import npgettext, pgettext

from maillage.core.charts import monday, short
from maillage.documents import (
    Document,
    Figure,
    Label,
    Line,
    Polygon,
    Rect,
    Table,
    Value,
    render_xlsx,
)
from maillage.documents.style import (
    COLOURS,
    MARGIN_CM,
    date_format_code,
    page_cm,
)

# Colours of the bars, in the spreadsheet and the PDF alike.
BAR = "#8fc1b8"
CRITICAL = "#e0923a"
LATE = "#e4898c"
DONE = "#c4cad3"
TODAY = "#fff1b8"
SECTION = COLOURS["head"]
MILESTONE = "◆"
CRITICAL_MARK = "■"
WEEK = datetime.timedelta(days=7)
MAX_WEEKS = 156  # three years of columns at most


def weeks(plan):
    """The Mondays of the weeks the chart spans."""
    first, last = monday(plan.first), monday(plan.last)
    found = []
    while first <= last and len(found) < MAX_WEEKS:
        found.append(first)
        first += WEEK
    return found


def _covers(bar, week):
    """Whether the bar is drawn in the week starting ``week``."""
    if not bar.dated:
        return False
    return bar.first <= week + datetime.timedelta(days=6) and bar.last >= week


def _colour(bar):
    if bar.late:
        return LATE
    if bar.done:
        return DONE
    return CRITICAL if bar.critical else BAR


def columns():
    """The tasks' columns, as on the page's table."""
    return [
        pgettext("gantt export", "Task"),
        pgettext("gantt export", "Owners"),
        pgettext("gantt export", "Phase"),
        pgettext("gantt export", "Start"),
        pgettext("gantt export", "Due"),
        pgettext("gantt export", "Days"),
        pgettext("gantt export", "Depends on"),
        pgettext("gantt export", "Status"),
        pgettext("gantt export", "Late"),
        pgettext("gantt export", "Critical path"),
    ]


WIDTHS = [34, 18, 16, 11, 11, 6, 24, 11, 8, 9]


def _facts(bar, plan):
    """A task's cells before the weeks (the same as the page's table)."""
    dates = date_format_code()
    return [
        bar.title,
        bar.owners,
        bar.phase,
        Value(bar.start, dates) if bar.start else None,
        Value(bar.end, dates) if bar.end else None,
        bar.days or None,
        "\n".join(plan.waits_for(bar)),
        bar.status_label,
        pgettext("gantt export", "late") if bar.late else "",
        pgettext("gantt export", "critical") if bar.critical else "",
    ]


def _marker_facts(marker, band):
    status = pgettext("gantt export", "reached") if marker.reached else ""
    return [
        f"{MILESTONE} {marker.title}",
        "",
        band.title,
        None,
        Value(marker.day, date_format_code()),
        None,
        "",
        pgettext("gantt export", "Milestone"),
        pgettext("gantt export", "late") if marker.late else "",
        status,
    ]


def _week_label(week):
    return formats.date_format(week, "j M")


def gantt_table(plan, with_weeks=True):
    """The tasks as a Table, by band; with one column per week for a spreadsheet."""
    mondays = weeks(plan) if with_weeks else []
    this_week = monday(plan.today)
    header = columns() + [
        Value(_week_label(week), fill=TODAY if week == this_week else "") for week in mondays
    ]

    def week_cells(bar=None, day=None):
        cells = []
        for week in mondays:
            today = week == this_week
            if bar is not None and bar.deadline and _covers(bar, week):
                cells.append(Value(MILESTONE, fill=_colour(bar)))
            elif bar is not None and _covers(bar, week):
                mark = CRITICAL_MARK if bar.critical else ""
                cells.append(Value(mark, fill=_colour(bar)))
            elif day is not None and week <= day <= week + datetime.timedelta(days=6):
                cells.append(Value(MILESTONE, fill=TODAY if today else ""))
            else:
                cells.append(Value(None, fill=TODAY) if today else None)
        return cells

    rows = []
    for band in plan.bands:
        rows.append(
            [Value(band.title, bold=True, fill=SECTION)]
            + [Value(None, fill=SECTION)] * (len(header) - 1)
        )
        for bar in band.bars:
            rows.append(_facts(bar, plan) + week_cells(bar=bar))
        for marker in band.markers:
            rows.append(_marker_facts(marker, band) + week_cells(day=marker.day))
    return Table(
        header=header,
        rows=rows,
        widths=WIDTHS + [6] * len(mondays),
        align=["left"] * 5 + ["right"] + ["left"] * 4 + ["center"] * len(mondays),
        caption=pgettext("gantt export", "Gantt chart"),
        key_columns=1,
    )


def _meta(plan, today):
    """The line under the title: the day it was made, the critical path, the end."""
    parts = [
        pgettext("gantt export", "Made on %(day)s.")
        % {"day": formats.date_format(today, "DATE_FORMAT")}
    ]
    if plan.critical_path:
        count = len(plan.critical_path)
        parts.append(
            npgettext(
                "gantt export",
                "Critical path: %(count)s task.",
                "Critical path: %(count)s tasks.",
                count,
            )
            % {"count": count}
        )
    if plan.finish:
        parts.append(
            pgettext("gantt export", "End of the plan: %(day)s.")
            % {"day": formats.date_format(plan.finish, "DATE_FORMAT")}
        )
    return " ".join(parts)


def _document(plan, *, collective_name, today, paper, blocks):
    return Document(
        title=pgettext("gantt export", "Planning: %(title)s") % {"title": plan.title},
        subtitle=collective_name,
        meta=_meta(plan, today),
        footer=f"{collective_name} · {plan.title}",
        landscape=True,
        paper="A3" if str(paper).lower() == "a3" else "A4",
        date=today,
        blocks=blocks,
    )


def gantt_xlsx(plan, *, collective_name, today, paper="a4"):
    """The chart as a workbook (bytes)."""
    return render_xlsx(
        _document(
            plan,
            collective_name=collective_name,
            today=today,
            paper=paper,
            blocks=[gantt_table(plan)],
        )
    )


# ------------------------------------------------------------------------ the PDF

ROW = 14.0  # points per row of the chart
HEAD = 26.0  # the time axis
LABELS = 170.0  # the task names' column


def _rows(plan):
    """The chart's rows: ("band", band), ("bar", bar), ("marker", marker)."""
    found = []
    for band in plan.bands:
        found.append(("band", band))
        found += [("bar", bar) for bar in band.bars]
        found += [("marker", marker) for marker in band.markers]
    return found


def _short(text, room, size=7.0):
    """Text cut to about ``room`` points at ``size``."""
    return short(text, max(4, int(room / (size * 0.55))))


class _Axis:
    def __init__(self, plan, width):
        self.start = monday(plan.first)
        self.end = max(plan.last + datetime.timedelta(days=1), self.start + 2 * WEEK)
        self.x0, self.x1 = LABELS + 4, width - 4
        self.per_day = (self.x1 - self.x0) / (self.end - self.start).days

    def x(self, day):
        return self.x0 + (day - self.start).days * self.per_day

    def ticks(self):
        """(day, label) of the axis: weeks over a short span, months otherwise."""
        days = (self.end - self.start).days
        if days <= 16 * 7:
            day, step = self.start, WEEK
            found = []
            while day < self.end:
                found.append((day, formats.date_format(day, "j M")))
                day += step
            return found
        found, day = [], self.start.replace(day=1)
        while day < self.end:
            if day >= self.start:
                found.append((day, formats.date_format(day, "M Y")))
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return found


def _chart(plan, rows, axis, width, positions):
    """One figure: the axis, then ``rows`` (a page's worth)."""
    height = HEAD + ROW * len(rows) + 4
    top = height - HEAD
    shapes = [Line(axis.x0, top, axis.x1, top, stroke=COLOURS["line"])]
    for day, label in axis.ticks():
        x = axis.x(day)
        shapes.append(Line(x, 2, x, top + 4, stroke=COLOURS["line"], width=0.3))
        shapes.append(Label(x + 2, top + 8, label, size=6.5, anchor="start"))
    for index, (kind, item) in enumerate(rows):
        y = top - (index + 1) * ROW  # the row's bottom
        middle = y + ROW / 2
        if kind == "band":
            shapes.append(Rect(0, y, width, ROW, fill=SECTION))
            shapes.append(Label(3, y + 4, _short(item.title, width / 2, 7.5), 7.5, "start"))
            if item.starts_on and item.ends_on:
                x = axis.x(item.starts_on)
                span = axis.x(item.ends_on + datetime.timedelta(days=1)) - x
                shapes.append(Rect(x, y + 2, span, 2, fill=COLOURS["muted"]))
            continue
        shapes.append(Label(6, y + 4, _short(item.title, LABELS - 8), 7, "start"))
        if kind == "marker":
            fill = LATE if item.late else COLOURS["accent"]
            x = axis.x(item.day) + axis.per_day / 2
            shapes.append(Polygon.diamond(x, middle, 8, fill=fill, stroke=COLOURS["ink"]))
            continue
        bar = item
        if not bar.dated:
            continue
        if bar.deadline:
            x = axis.x(bar.end) + axis.per_day / 2
            shapes.append(Polygon.diamond(x, middle, 8, fill=_colour(bar), stroke=COLOURS["ink"]))
            positions[bar.pk] = (x - 4, x + 4, middle)
        else:
            x = axis.x(bar.first)
            end = axis.x(bar.last + datetime.timedelta(days=1))
            stroke = COLOURS["notice"] if bar.late else COLOURS["ink"] if bar.critical else None
            shapes.append(
                Rect(x, y + 3, max(end - x, 1.5), ROW - 6, fill=_colour(bar), stroke=stroke)
            )
            positions[bar.pk] = (x, end, middle)
    for before, after in plan.edges:
        if before in positions and after in positions:
            x1, y1 = positions[before][1], positions[before][2]
            x2, y2 = positions[after][0], positions[after][2]
            shapes.append(Line(x1, y1, x2, y2, stroke=COLOURS["muted"], width=0.6, arrow=True))
    if axis.start <= plan.today < axis.end:
        x = axis.x(plan.today)
        shapes.append(Line(x, 2, x, top, stroke=COLOURS["notice"], width=0.9, dash=True))
    return Figure(
        width=width,
        height=height,
        alt=pgettext(
            "gantt export",
            "Gantt chart of %(title)s: %(count)s tasks, the same as in the table below.",
        )
        % {"title": plan.title, "count": len(plan.bars)},
        shapes=shapes,
    )


def gantt_figures(plan, paper="A4"):
    """The chart as figures of a page's worth of rows each."""
    probe = Document(title="", landscape=True, paper=paper)
    page_w, page_h = page_cm(probe)
    point = 72 / 2.54
    width = (page_w - 2 * MARGIN_CM) * point
    per_page = max(8, int(((page_h - 2 * MARGIN_CM) * point - HEAD - 90) // ROW))
    rows = _rows(plan)
    axis = _Axis(plan, width)
    chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    return [_chart(plan, chunk, axis, width, {}) for chunk in chunks]


def _legend():
    from maillage.documents import Paragraph

    return Paragraph.of(
        pgettext(
            "gantt export",
            "Bars: green, a task; orange (outlined), on the critical path; red, late; "
            "grey, done. Diamonds: milestones and deadlines. Dashed red line: today. "
            "Arrows: a task waits for the end of another.",
        ),
        "small",
    )


def gantt_document(plan, *, collective_name, today, paper="a4"):
    """The chart and its tasks as a Document, for a PDF."""
    paper = "A3" if str(paper).lower() == "a3" else "A4"
    table = gantt_table(plan, with_weeks=False)
    table.caption = pgettext("gantt export", "Tasks")
    return _document(
        plan,
        collective_name=collective_name,
        today=today,
        paper=paper,
        blocks=[*gantt_figures(plan, paper), _legend(), table],
    )


def plan_fingerprint(plan, options, collective_name):
    """What a Gantt export depends on: every bar's facts and version, the edges, the
    milestones, the bands, the day and the options."""
    return (
        collective_name,
        plan.title,
        plan.today.isoformat(),
        tuple(sorted(options.items())),
        tuple(
            (
                band.title,
                band.starts_on,
                band.ends_on,
                tuple(
                    (b.pk, b.version, b.title, b.owners, b.start, b.end, b.status, b.phase)
                    for b in band.bars
                ),
                tuple((m.title, m.day, m.reached) for m in band.markers),
            )
            for band in plan.bands
        ),
        tuple(plan.edges),
    )
