"""A Gantt chart drawn on the server as SVG, from a ``gantt_data.Plan``.

A label column (each task's title, its owners under it), then the time axis, whose
columns follow the zoom: a column per day ("week"), per week ("month") or per month
("quarter"); the chart is as wide as its span needs (it scrolls sideways in its region
on screen, and is scaled to the page's width in print). Bands (phase, owner, project)
with their title row, and a phase's planned days drawn behind its rows. A bar per
dated task, its days included; a deadline (due date only) and each milestone as a
diamond, filled once reached. Late tasks are red AND hatched with a "!" beside them;
critical tasks have a thick dark outline AND a legend entry; done tasks are lighter:
colour is never the only sign. Dependencies are elbow arrows from a bar's end to its
dependant's start. Today's line is labelled.

Every text is escaped; there is no ``style=`` attribute (the page's CSP). Each bar is a
``<g class="gantt-bar">`` carrying the action's pk, dates and version, and the URL its
dates are posted to when the viewer may move it (``static/js/gantt.js`` drags it).
The accessible version is the table (``gantt_table``), beside the picture.
"""

import datetime
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from maillage.core.charts import short, text_width

from .gantt_axis import (
    AXIS_HEIGHT,
    BAND_HEIGHT,
    COLOURS,
    FONT_SIZE,
    LEGEND_ROW,
    PADDING,
    ROW_HEIGHT,
    SMALL_FONT_SIZE,
    Scale,
    axis,
)


def late_mark(x, y):
    """A "!" drawn beside a late task (a bar and a dot: shapes, not a character, so
    that no text of the page starts with a bare "!")."""
    return (
        f'<g class="gantt-late-mark" fill="{COLOURS["late"]}">'
        f'<rect x="{round(x - 1.5, 1)}" y="{round(y - 7, 1)}" width="3" height="9" rx="1"/>'
        f'<circle cx="{x}" cy="{round(y + 5, 1)}" r="1.8"/></g>'
    )


# ------------------------------------------------------------------------------ shapes


def _diamond(cx, cy, r=7):
    top, bottom = round(cy - r, 1), round(cy + r, 1)
    return f"{cx},{top} {round(cx + r, 1)},{cy} {cx},{bottom} {round(cx - r, 1)},{cy}"


def _day(day):
    """The day in the active language's short format (formatted once per day and
    language: a chart of 200 tasks writes the same days many times)."""
    return _short_date(day, get_language())


@lru_cache(maxsize=4096)
def _short_date(day, language):
    return date_format(day, "SHORT_DATE_FORMAT")


def bar_facts(bar):
    """The bar's facts in words (its ``<title>``)."""
    parts = [bar.title]
    if bar.deadline:
        parts.append(_("deadline %(date)s") % {"date": _day(bar.end)})
    else:
        parts.append(
            _("%(start)s – %(end)s (%(days)s)")
            % {
                "start": _day(bar.first),
                "end": _day(bar.last),
                "days": ngettext("%(n)d day", "%(n)d days", bar.days) % {"n": bar.days},
            }
        )
    if bar.owners:
        parts.append(bar.owners)
    parts.append(bar.status_label)
    if bar.late:
        parts.append(_("late"))
    if bar.critical:
        parts.append(_("on the critical path"))
    return " · ".join(str(p) for p in parts)


def _bar(bar, y, scale, movable_url):
    mid = y + ROW_HEIGHT / 2
    classes = ["gantt-bar"]
    if bar.done:
        classes.append("is-done")
    if bar.late:
        classes.append("is-late")
    if bar.critical:
        classes.append("is-critical")
    if bar.deadline:
        classes.append("is-deadline")
    if movable_url:
        classes.append("is-movable")
    attrs = (
        f'class="{" ".join(classes)}" data-action="{bar.pk}" '
        f'data-start="{bar.start.isoformat() if bar.start else ""}" '
        f'data-end="{bar.end.isoformat() if bar.end else ""}" data-version="{bar.version}"'
    )
    if movable_url:
        attrs += f' data-move-url="{escape(movable_url)}"'
    fill, stroke, width = COLOURS["bar"], COLOURS["bar_stroke"], 1
    if bar.done:
        fill, stroke = COLOURS["done"], COLOURS["done_stroke"]
    if bar.late:
        fill, stroke = "url(#gantt-hatch)", COLOURS["late"]
    if bar.critical:
        stroke, width = COLOURS["critical"], 3
    out = [f"<g {attrs}>", f"<title>{escape(bar_facts(bar))}</title>"]
    x1, right = _ends(bar, scale)
    if bar.deadline:
        cx = scale.mid(bar.end)
        diamond_fill = fill if not bar.done else COLOURS["bar_stroke"]
        if not bar.done and not bar.late:
            diamond_fill = "#ffffff"
        out.append(
            f'<polygon class="gantt-diamond" points="{_diamond(cx, mid, 8)}" '
            f'fill="{diamond_fill}" stroke="{stroke}" stroke-width="{max(width, 2)}"/>'
        )
    else:
        out.append(
            f'<rect class="gantt-rect" x="{x1}" y="{mid - 8}" '
            f'width="{round(max(right - x1, 2), 1)}" '
            f'height="16" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
        )
    if bar.late:
        out.append(late_mark(round(right + 7, 1), mid))
    out.append("</g>")
    return out


def _marker(marker, y, scale):
    mid = y + ROW_HEIGHT / 2
    cx = scale.mid(marker.day)
    if marker.reached:
        label = _("Milestone reached: %(title)s (%(date)s)")
        css, fill, stroke = "gantt-marker is-reached", COLOURS["milestone"], COLOURS["milestone"]
    elif marker.late:
        label = _("Overdue milestone: %(title)s (due %(date)s)")
        css, fill, stroke = "gantt-marker is-late", "url(#gantt-hatch)", COLOURS["late"]
    else:
        label = _("Milestone: %(title)s (%(date)s)")
        css, fill, stroke = "gantt-marker", "#ffffff", COLOURS["milestone"]
    text = label % {"title": marker.title, "date": _day(marker.day)}
    out = [
        f'<g class="{css}"><title>{escape(text)}</title>'
        f'<polygon points="{_diamond(cx, mid, 8)}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="2"/>'
    ]
    if marker.late:
        out.append(late_mark(round(cx + 14, 1), mid))
    out.append("</g>")
    return out


def _label(title, subtitle, y, css="gantt-label"):
    mid = y + ROW_HEIGHT / 2
    out = [f'<g class="{css}"><title>{escape(title)}</title>']
    if subtitle:
        out.append(
            f'<text x="16" y="{mid - 2}" font-size="{FONT_SIZE}" fill="{COLOURS["text"]}">'
            f"{escape(short(title, 36))}</text>"
            f'<text x="16" y="{mid + 11}" font-size="{SMALL_FONT_SIZE}" '
            f'fill="{COLOURS["muted"]}">{escape(short(subtitle, 42))}</text>'
        )
    else:
        out.append(
            f'<text x="16" y="{mid + 4}" font-size="{FONT_SIZE}" fill="{COLOURS["text"]}">'
            f"{escape(short(title, 36))}</text>"
        )
    out.append("</g>")
    return out


def _arrow(source, target):
    """An elbow from the end of ``source`` (x, y) to the start of ``target``."""
    (x1, y1), (x2, y2) = source, target
    if x2 - 6 >= x1 + 6:
        elbow = round(x1 + 6, 1)
        return f"M{x1},{y1} H{elbow} V{y2} H{x2}"
    between = round(y2 - ROW_HEIGHT / 2 if y2 > y1 else y2 + ROW_HEIGHT / 2, 1)
    return f"M{x1},{y1} h6 V{between} H{round(x2 - 8, 1)} V{y2} H{x2}"


def _ends(bar, scale):
    """(left x, right x) of a bar or a deadline's diamond."""
    if bar.deadline:
        cx = scale.mid(bar.end)
        return round(cx - 8, 1), round(cx + 8, 1)
    return scale.x(bar.first), scale.x(bar.last + datetime.timedelta(days=1))


# ----------------------------------------------------------------------------- picture


def _rows(plan):
    """[(band, [("bar", bar) | ("marker", marker)])]: the rows drawn (undated tasks are
    listed under the table, not drawn)."""
    rows = []
    for band in plan.bands:
        items = [("bar", bar) for bar in band.bars if bar.dated]
        items += [("marker", marker) for marker in band.markers]
        rows.append((band, items))
    return rows


def gantt_svg(plan, zoom, move_urls=None):
    """The SVG (a safe string) of ``plan`` at ``zoom``. ``move_urls``: {pk: where the
    bar's dates are posted} for the bars the viewer may move."""
    move_urls = move_urls or {}
    scale = Scale(plan, zoom)
    rows = _rows(plan)
    body_height = sum(BAND_HEIGHT + ROW_HEIGHT * len(items) for _band, items in rows)
    bottom = AXIS_HEIGHT + max(body_height, ROW_HEIGHT)
    legend = _legend(bottom + 18, scale.width)
    height = round(bottom + 18 + legend["height"] + PADDING, 1)
    dated = [bar for bar in plan.bars if bar.dated]
    title = _("Gantt chart: %(title)s") % {"title": plan.title}
    desc = _(
        "%(tasks)s and %(milestones)s from %(first)s to %(last)s; %(late)s; %(critical)s. "
        "The table gives the same information."
    ) % {
        "tasks": ngettext("%(n)d task", "%(n)d tasks", len(dated)) % {"n": len(dated)},
        "milestones": ngettext("%(n)d milestone", "%(n)d milestones", len(plan.markers))
        % {"n": len(plan.markers)},
        "first": _day(scale.first),
        "last": _day(scale.end - datetime.timedelta(days=1)),
        "late": ngettext("%(n)d late task", "%(n)d late tasks", len(plan.late))
        % {"n": len(plan.late)},
        "critical": ngettext(
            "%(n)d task on the critical path",
            "%(n)d tasks on the critical path",
            len(plan.critical_path),
        )
        % {"n": len(plan.critical_path)},
    }
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt-svg zoom-{scale.zoom}" '
        f'role="img" aria-labelledby="gantt-title gantt-desc" '
        f'viewBox="0 0 {scale.width} {height}" width="{scale.width}" height="{height}" '
        f'data-day-width="{scale.day_width}" data-first="{scale.first.isoformat()}">',
        f'<title id="gantt-title">{escape(title)}</title>',
        f'<desc id="gantt-desc">{escape(desc)}</desc>',
        "<defs>"
        '<pattern id="gantt-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="5" height="5" fill="#f6d5da"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{COLOURS["late"]}" stroke-width="2.5"/>'
        "</pattern>"
        '<marker id="gantt-arrowhead" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L8,4 L0,8 z" fill="{COLOURS["arrow"]}"/></marker>'
        "</defs>",
    ]
    out.extend(axis(scale, bottom))

    centres, y = {}, AXIS_HEIGHT
    body = []
    for band, items in rows:
        band_height = BAND_HEIGHT + ROW_HEIGHT * len(items)
        body.append(f'<g class="gantt-band" aria-label="{escape(band.title)}">')
        body.append(
            f'<rect class="gantt-band-title" x="0" y="{y}" width="{scale.right}" '
            f'height="{BAND_HEIGHT}" fill="{COLOURS["band"]}" stroke="{COLOURS["band_line"]}"/>'
        )
        if band.starts_on and band.ends_on:
            x1 = scale.x(band.starts_on)
            x2 = scale.x(band.ends_on + datetime.timedelta(days=1))
            planned = _("Planned: %(start)s – %(end)s") % {
                "start": _day(band.starts_on),
                "end": _day(band.ends_on),
            }
            body.append(
                f'<rect class="gantt-phase-span" x="{x1}" y="{y + 4}" '
                f'width="{round(max(x2 - x1, 1), 1)}" height="{band_height - 4}" '
                f'fill="{COLOURS["phase"]}" stroke="#9fb98a" stroke-dasharray="4 3">'
                f"<title>{escape(band.title)} · {escape(planned)}</title></rect>"
            )
        body.append(
            f'<text class="gantt-band-label" x="6" y="{y + 18}" font-size="13" '
            f'font-weight="bold" fill="{COLOURS["text"]}">{escape(short(band.title, 60))}</text>'
        )
        y += BAND_HEIGHT
        for kind, item in items:
            body.append(
                f'<line class="gantt-row-line" x1="0" y1="{y + ROW_HEIGHT}" '
                f'x2="{scale.right}" y2="{y + ROW_HEIGHT}" stroke="#eceef1"/>'
            )
            if kind == "bar":
                body.extend(_label(item.title, item.owners, y))
                body.extend(_bar(item, y, scale, move_urls.get(item.pk, "")))
                centres[item.pk] = y + ROW_HEIGHT / 2
            else:
                body.extend(_label(item.title, _day(item.day), y, "gantt-label is-marker"))
                body.extend(_marker(item, y, scale))
            y += ROW_HEIGHT
        body.append("</g>")
    out.extend(body)

    bars = {bar.pk: bar for bar in dated}
    arrows = ['<g class="gantt-dependencies">']
    for before, after in plan.edges:
        if before not in centres or after not in centres:
            continue
        source = (_ends(bars[before], scale)[1], centres[before])
        target = (_ends(bars[after], scale)[0], centres[after])
        arrows.append(
            f'<path class="gantt-dependency" d="{_arrow(source, target)}" fill="none" '
            f'stroke="{COLOURS["arrow"]}" stroke-width="1.5" '
            'marker-end="url(#gantt-arrowhead)"/>'
        )
    arrows.append("</g>")
    out.extend(arrows)

    out.extend(_today(plan.today, scale, bottom))
    out.extend(legend["shapes"])
    out.append("</svg>")
    return "\n".join(out)


def _today(today, scale, bottom):
    tx = scale.mid(today)
    text = _("Today %(date)s") % {"date": _day(today)}
    width = text_width(text, SMALL_FONT_SIZE, bold=True)
    if tx + 4 + width <= scale.right:
        lx, anchor = round(tx + 4, 1), "start"
    else:
        lx, anchor = round(tx - 4, 1), "end"
    return [
        f'<g class="gantt-today"><line x1="{tx}" y1="{AXIS_HEIGHT - 8}" x2="{tx}" '
        f'y2="{bottom}" stroke="{COLOURS["today"]}" stroke-width="2" stroke-dasharray="6 3"/>'
        f'<text class="gantt-today-label" x="{lx}" y="{AXIS_HEIGHT - 2}" '
        f'text-anchor="{anchor}" font-size="{SMALL_FONT_SIZE}" font-weight="bold" '
        f'fill="{COLOURS["today"]}">{escape(text)}</text></g>'
    ]


def _legend(y, width):
    items = [
        (
            f'<rect x="0" y="-7" width="26" height="14" rx="3" fill="{COLOURS["bar"]}" '
            f'stroke="{COLOURS["bar_stroke"]}"/>',
            _("Task, from its start to its due date"),
        ),
        (
            f'<rect x="0" y="-7" width="26" height="14" rx="3" fill="{COLOURS["done"]}" '
            f'stroke="{COLOURS["done_stroke"]}"/>',
            _("Task done"),
        ),
        (
            f'<rect x="0" y="-7" width="26" height="14" rx="3" fill="url(#gantt-hatch)" '
            f'stroke="{COLOURS["late"]}"/>{late_mark(32, 0)}',
            _("Late task (hatched, with “!”)"),
        ),
        (
            f'<rect x="0" y="-7" width="26" height="14" rx="3" fill="{COLOURS["bar"]}" '
            f'stroke="{COLOURS["critical"]}" stroke-width="3"/>',
            _("Critical path (thick outline)"),
        ),
        (
            f'<polygon points="{_diamond(13, 0)}" fill="#ffffff" '
            f'stroke="{COLOURS["milestone"]}" stroke-width="2"/>',
            _("Milestone or deadline to come"),
        ),
        (
            f'<polygon points="{_diamond(13, 0)}" fill="{COLOURS["milestone"]}" '
            f'stroke="{COLOURS["milestone"]}" stroke-width="2"/>',
            _("Milestone reached, deadline met"),
        ),
        (
            f'<path d="M0,0 H24" stroke="{COLOURS["arrow"]}" stroke-width="1.5" '
            'marker-end="url(#gantt-arrowhead)"/>',
            _("Dependency: starts once the task before it has ended"),
        ),
        (
            f'<line x1="13" y1="-8" x2="13" y2="8" stroke="{COLOURS["today"]}" '
            'stroke-width="2" stroke-dasharray="6 3"/>',
            _("Today"),
        ),
    ]
    column = 250
    per_row = max(1, int((width - 2 * PADDING) // column))
    shapes = [f'<g class="gantt-legend" transform="translate({PADDING},{y})">']
    for index, (shape, label) in enumerate(items):
        gx, gy = (index % per_row) * column, (index // per_row) * LEGEND_ROW
        shapes.append(
            f'<g transform="translate({gx},{gy})">{shape}<text x="40" y="4" '
            f'font-size="{SMALL_FONT_SIZE}" fill="{COLOURS["text"]}">{escape(label)}</text></g>'
        )
    shapes.append("</g>")
    rows = -(-len(items) // per_row)
    return {"shapes": shapes, "height": rows * LEGEND_ROW}


# ------------------------------------------------------------------------------- table


def gantt_table(plan):
    """The chart's facts as rows for the accessible table: [{"band", "rows"}], each row
    a task (dated ones) or a milestone; undated tasks are in ``plan.undated``."""
    groups = []
    for band in plan.bands:
        rows = [
            {
                "kind": "task",
                "bar": bar,
                "start": _day(bar.start) if bar.start else "",
                "end": _day(bar.end) if bar.end else "",
                "depends_on": plan.waits_for(bar),
            }
            for bar in band.bars
            if bar.dated
        ]
        rows += [
            {"kind": "milestone", "marker": marker, "end": _day(marker.day)}
            for marker in band.markers
        ]
        if rows:
            groups.append({"band": band, "rows": rows})
    return groups
