"""A Gantt-like timeline of the board, drawn on the server as SVG.

One band per work stream, one row per project: a bar from its start to its end (or
from its first to its last milestone), milestones as diamonds (filled once
reached), open actions' due dates as small ticks, and a labelled line for today.
What is late (a milestone not reached by today, an open action past due) is red AND
drawn differently (hatched diamond, triangle), so colour is never the only sign.
The same facts are given as a table under the picture (``timeline_items``).
Every text is escaped. The data comes from exports.load_board (constant queries).

Month labels never overlap: their width is estimated from their length and font size
(``text_width``, generous for the sans-serif fonts a page may use), and when months
are too narrow for them only every 2nd, 3rd, 6th or 12th month is named (then years
only). Months are abbreviated as CLDR does (French "juin" and "juil."), through a
translated table. No label passes the right edge: the last one, and today's, are
anchored at their end when they would.
"""

from datetime import timedelta

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.charts import (  # noqa: F401
    MONTH_ABBREVIATIONS,
    month_name,
    next_month,
    short,
    text_width,
)

LABEL_WIDTH = 230
CHART_WIDTH = 760
AXIS_HEIGHT = 44
BAND_HEIGHT = 26
ROW_HEIGHT = 30
LEGEND_HEIGHT = 56
PADDING = 10
MONTH_FONT_SIZE = 11
MONTH_Y = AXIS_HEIGHT - 26  # baseline of the month labels
TODAY_Y = AXIS_HEIGHT - 10  # baseline of today's label, on a line of its own
GRID_TOP = AXIS_HEIGHT - 4
LABEL_GAP = 8
# Every how many months a label is written, tried in turn until labels do not touch.
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def _month_start(day):
    return day.replace(day=1)


def _project_span(project):
    """(start, end) of the project's bar, or (None, None) when it has no dates."""
    dates = [m.due_on for m in project.live_milestones]
    start = project.starts_on or (min(dates) if dates else None)
    end = project.ends_on or (max(dates) if dates else None)
    if start and not end:
        end = start
    if end and not start:
        start = end
    return start, end


def _range(streams, today):
    days = [today]
    for stream in streams:
        for project in stream.projects:
            days += [d for d in _project_span(project) if d]
            days += [m.due_on for m in project.live_milestones]
            days += [a.due_date for a in project.open_actions if a.due_date]
    first = _month_start(min(days))
    last = next_month(max(days))
    if (last - first).days < 90:
        last = next_month(next_month(last - timedelta(days=1)))
    return first, last


def _attr(value):
    return escape(str(value))


def milestone_is_late(milestone, today):
    return milestone.reached_on is None and milestone.due_on < today


def action_is_late(action, today):
    return action.due_date is not None and action.due_date < today


def timeline_svg(work_streams_with_projects, today):
    """The SVG (a string) for these streams (exports.Stream: title and projects, each
    project with ``live_milestones`` and ``open_actions``)."""
    streams = list(work_streams_with_projects)
    first, last = _range(streams, today)
    span = max((last - first).days, 1)
    scale = CHART_WIDTH / span

    def x(day):
        return round(LABEL_WIDTH + (day - first).days * scale, 1)

    rows_height = sum(BAND_HEIGHT + ROW_HEIGHT * max(len(s.projects), 1) for s in streams)
    height = AXIS_HEIGHT + rows_height + LEGEND_HEIGHT + PADDING
    width = LABEL_WIDTH + CHART_WIDTH + PADDING
    n_projects = sum(len(s.projects) for s in streams)
    n_late = sum(
        sum(1 for m in p.live_milestones if milestone_is_late(m, today))
        + sum(1 for a in p.open_actions if action_is_late(a, today))
        for s in streams
        for p in s.projects
    )
    title = _("Timeline of the projects")
    desc = _(
        "%(streams)s, %(projects)s, from %(first)s to %(last)s; %(late)s. The table "
        "below gives the same information."
    ) % {
        "streams": ngettext("%(n)d work stream", "%(n)d work streams", len(streams))
        % {"n": len(streams)},
        "projects": ngettext("%(n)d project", "%(n)d projects", n_projects) % {"n": n_projects},
        "first": date_format(first, "SHORT_DATE_FORMAT"),
        "last": date_format(last, "SHORT_DATE_FORMAT"),
        "late": ngettext("%(n)d overdue item", "%(n)d overdue items", n_late) % {"n": n_late},
    }
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="timeline-title timeline-desc">',
        f'<title id="timeline-title">{escape(title)}</title>',
        f'<desc id="timeline-desc">{escape(desc)}</desc>',
        "<defs>"
        '<pattern id="timeline-hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="4" height="4" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#b00020" stroke-width="2"/>'
        "</pattern></defs>",
    ]
    grid_bottom = AXIS_HEIGHT + rows_height
    out.extend(_month_axis(first, last, x, width, grid_bottom))

    y = AXIS_HEIGHT
    for stream in streams:
        band = max(len(stream.projects), 1) * ROW_HEIGHT + BAND_HEIGHT
        out.append(f'<g class="stream" aria-label="{_attr(stream.title)}">')
        out.append(
            f'<rect class="band" x="0" y="{y}" width="{width - PADDING}" height="{band}" '
            'fill="#f3f5f8" stroke="#c9ced6"/>'
        )
        out.append(
            f'<text class="stream-title" x="6" y="{y + 18}" font-size="13" font-weight="bold" '
            f'fill="#1a1a1a">{escape(short(stream.title, 60))}</text>'
        )
        y += BAND_HEIGHT
        if not stream.projects:
            out.append(
                f'<text x="16" y="{y + 19}" font-size="12" fill="#444">'
                f"{escape(_('No project yet.'))}</text>"
            )
            y += ROW_HEIGHT
        for project in stream.projects:
            out.extend(_project_row(project, y, x, today))
            y += ROW_HEIGHT
        out.append("</g>")

    # Today: its label on the right of its line, or on the left near the right edge.
    tx = x(today)
    today_text = f"{_('Today')} {date_format(today, 'SHORT_DATE_FORMAT')}"
    today_width = text_width(today_text, MONTH_FONT_SIZE, bold=True)
    if tx + 4 + today_width <= width:
        today_x, anchor = tx + 4, "start"
    else:
        today_x, anchor = tx - 4, "end"
    out.append(
        f'<line class="today" x1="{tx}" y1="{TODAY_Y - 10}" x2="{tx}" y2="{grid_bottom}" '
        'stroke="#0b5cad" stroke-width="2" stroke-dasharray="6 3"/>'
    )
    out.append(
        f'<text class="today-label" x="{today_x}" y="{TODAY_Y}" text-anchor="{anchor}" '
        f'font-size="{MONTH_FONT_SIZE}" font-weight="bold" fill="#0b5cad">'
        f"{escape(today_text)}</text>"
    )
    out.extend(_legend(grid_bottom + 14))
    out.append("</svg>")
    return "\n".join(out)


def _months(first, last):
    month = first
    while month < last:
        yield month
        month = next_month(month)


def _month_text(month, step, first_label):
    if step >= 12:
        return str(month.year)
    if first_label or month.month == 1:
        return f"{month_name(month)} {month.year}"
    return month_name(month)


def _labelled(months, step):
    """The months named when every ``step``-th month is: January, and the months
    ``step`` apart from it (years ``step / 12`` apart beyond a year)."""
    if step <= 12:
        return [m for m in months if (m.month - 1) % step == 0]
    return [m for m in months if m.month == 1 and m.year % (step // 12) == 0]


def month_labels(first, last, x, right):
    """[(month, text, x, anchor)] for the axis: as many months as fit without touching,
    none past ``right``."""
    months = list(_months(first, last))
    for step in MONTH_STEPS:
        chosen = _labelled(months, step) or months[:1]
        texts = [_month_text(m, step, i == 0) for i, m in enumerate(chosen)]
        starts = [x(m) + 3 for m in chosen]
        widths = [text_width(t, MONTH_FONT_SIZE) for t in texts]
        if all(starts[i] + widths[i] + LABEL_GAP <= starts[i + 1] for i in range(len(chosen) - 1)):
            break
    labels, previous_end = [], float("-inf")
    for month, text, start, label_width in zip(chosen, texts, starts, widths, strict=True):
        if start + label_width > right:
            # Near the right edge the label ends at the edge, still after its month's line.
            start, anchor = right - label_width, "end"
            if start < x(month):
                continue
        else:
            anchor = "start"
        if start < previous_end + LABEL_GAP:
            continue  # only with a range of more than a century
        labels.append((month, text, right if anchor == "end" else start, anchor))
        previous_end = start + label_width
    return labels


def _month_axis(first, last, x, width, grid_bottom):
    out = []
    labels = month_labels(first, last, x, width - 2)
    named = {month for month, *_rest in labels}
    months = list(_months(first, last))
    narrow = len(months) > 1 and (x(months[1]) - x(months[0])) < 8
    for month in months:
        if narrow and month not in named:
            continue
        mx = x(month)
        out.append(
            f'<line class="grid" x1="{mx}" y1="{GRID_TOP}" x2="{mx}" y2="{grid_bottom}" '
            'stroke="#d0d0d0"/>'
        )
    for _month, text, lx, anchor in labels:
        out.append(
            f'<text class="month" x="{lx}" y="{MONTH_Y}" text-anchor="{anchor}" '
            f'font-size="{MONTH_FONT_SIZE}" fill="#333">{escape(text)}</text>'
        )
    return out


def _diamond(cx, cy, r=7):
    return f"{cx},{cy - r} {cx + r},{cy} {cx},{cy + r} {cx - r},{cy}"


def _milestone(cx, cy, milestone, today):
    when = date_format(milestone.due_on, "SHORT_DATE_FORMAT")
    if milestone.reached_on:
        label = _("Milestone reached: %(title)s (%(date)s)")
        css, fill, stroke, extra = "milestone reached", "#1f6f3f", "#1f6f3f", ""
    elif milestone_is_late(milestone, today):
        label = _("Overdue milestone: %(title)s (due %(date)s)")
        css, fill, stroke = "milestone overdue", "url(#timeline-hatch)", "#b00020"
        extra = ' stroke-width="2.5"'
    else:
        label = _("Milestone: %(title)s (%(date)s)")
        css, fill, stroke, extra = "milestone", "#fff", "#1f6f3f", ' stroke-width="2"'
    text = label % {"title": milestone.title, "date": when}
    return (
        f'<polygon class="{css}" points="{_diamond(cx, cy)}" fill="{fill}" '
        f'stroke="{stroke}"{extra}><title>{escape(text)}</title></polygon>'
    )


def _action(cx, cy, action, today):
    when = date_format(action.due_date, "SHORT_DATE_FORMAT")
    names = action.owner_names
    owner = f" — {names}" if names else ""
    if action_is_late(action, today):
        text = _("Overdue action: %(title)s (due %(date)s)") % {
            "title": action.title,
            "date": when,
        }
        points = f"{cx},{cy + 2} {cx + 6},{cy + 13} {cx - 6},{cy + 13}"
        return (
            f'<polygon class="action-tick overdue" points="{points}" fill="#b00020" '
            f'stroke="#5c0010"><title>{escape(text + owner)}</title></polygon>'
        )
    text = _("Action: %(title)s (due %(date)s)") % {"title": action.title, "date": when}
    return (
        f'<line class="action-tick" x1="{cx}" y1="{cy + 3}" x2="{cx}" y2="{cy + 13}" '
        f'stroke="#444" stroke-width="2"><title>{escape(text + owner)}</title></line>'
    )


def _project_row(project, y, x, today):
    out = []
    mid = y + ROW_HEIGHT / 2
    out.append(
        f'<text class="project-title" x="16" y="{mid + 4}" font-size="12" fill="#1a1a1a">'
        f"<title>{escape(project.title)}</title>{escape(short(project.title, 34))}</text>"
    )
    start, end = _project_span(project)
    if start:
        x1, x2 = x(start), x(end)
        label = _("%(title)s: %(start)s – %(end)s") % {
            "title": project.title,
            "start": date_format(start, "SHORT_DATE_FORMAT"),
            "end": date_format(end, "SHORT_DATE_FORMAT"),
        }
        out.append(
            f'<rect class="bar" x="{x1}" y="{mid - 6}" width="{max(x2 - x1, 3)}" height="12" '
            f'rx="3" fill="#8fb3dd" stroke="#2c5d8f"><title>{escape(label)}</title></rect>'
        )
    else:
        out.append(
            f'<text class="no-dates" x="{LABEL_WIDTH + 6}" y="{mid + 4}" font-size="11" '
            f'font-style="italic" fill="#444">{escape(_("No dates yet"))}</text>'
        )
    for milestone in project.live_milestones:
        out.append(_milestone(x(milestone.due_on), mid, milestone, today))
    for action in project.open_actions:
        if action.due_date:
            out.append(_action(x(action.due_date), mid, action, today))
    return out


def _legend(y):
    items = [
        (
            '<rect x="0" y="-6" width="22" height="12" rx="3" fill="#8fb3dd" stroke="#2c5d8f"/>',
            _("Project"),
        ),
        (
            f'<polygon points="{_diamond(11, 0)}" fill="#1f6f3f" stroke="#1f6f3f"/>',
            _("Milestone reached"),
        ),
        (
            f'<polygon points="{_diamond(11, 0)}" fill="#fff" stroke="#1f6f3f" stroke-width="2"/>',
            _("Milestone to come"),
        ),
        (
            f'<polygon points="{_diamond(11, 0)}" fill="url(#timeline-hatch)" '
            'stroke="#b00020" stroke-width="2.5"/>',
            _("Overdue milestone"),
        ),
        ('<line x1="11" y1="-6" x2="11" y2="6" stroke="#444" stroke-width="2"/>', _("Action due")),
        (
            '<polygon points="11,-6 17,6 5,6" fill="#b00020" stroke="#5c0010"/>',
            _("Overdue action"),
        ),
    ]
    out = [f'<g class="legend" transform="translate({PADDING},{y})">']
    step = (LABEL_WIDTH + CHART_WIDTH) // 3
    for index, (shape, label) in enumerate(items):
        gx, gy = (index % 3) * step, (index // 3) * 20
        out.append(
            f'<g transform="translate({gx},{gy})">{shape}'
            f'<text x="28" y="4" font-size="11" fill="#1a1a1a">{escape(label)}</text></g>'
        )
    out.append("</g>")
    return out


def timeline_items(streams, today):
    """The timeline as rows for the accessible table under the picture."""
    rows = []
    for stream in streams:
        for project in stream.projects:
            start, end = _project_span(project)
            rows.append(
                {
                    "stream": stream.title,
                    "project": project,
                    "start": start,
                    "end": end,
                    "milestones": [
                        {
                            "title": m.title,
                            "due_on": m.due_on,
                            "reached_on": m.reached_on,
                            "late": milestone_is_late(m, today),
                        }
                        for m in project.live_milestones
                    ],
                    "actions": [
                        {
                            "title": a.title,
                            "owner": a.owner_names,
                            "due_date": a.due_date,
                            "late": action_is_late(a, today),
                        }
                        for a in project.open_actions
                    ],
                }
            )
    return rows
