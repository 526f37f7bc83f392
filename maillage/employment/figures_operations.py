"""The figures of a recruitment operation, read with aggregate queries (a fixed number
of them, whatever the number of candidates), naming nobody:

- per month: the target, the cumulative target, the hires (by date of hiring; a
  hiring cancelled is none), the cumulative hires and the gap between them;
- per channel: candidates sourced, reaching each stage, hired, refused (by reason),
  still employed at 3 and 6 months, and the share of those sourced who were hired;
- the refusal reasons over the whole operation.

``chart`` draws the monthly curve as a server-side SVG (cumulative target as bars,
cumulative hires as a line) with its text alternative; the pages show the same figures
in a table beside it. ``export_document`` builds the two tables for the document layer
(XLSX, CSV).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from maillage.documents import Document, Table, Value
from maillage.documents.style import FORMATS

from .models_operations import Candidate, RefusalReason, Stage, State
from .services_operations import STAGES, months_between

TARGET_COLOUR = "#9cc7e8"  # bars: light, with a dark outline
ACTUAL_COLOUR = "#1f5f99"  # line: contrast over 7:1 on white
TEXT_COLOUR = "#1e293b"


@dataclass
class MonthRow:
    month: date
    target: int
    target_cumulative: int
    hires: int | None  # None for months to come
    hires_cumulative: int | None

    @property
    def gap(self):
        if self.hires_cumulative is None:
            return None
        return self.hires_cumulative - self.target_cumulative


@dataclass
class ChannelRow:
    name: str
    pk: int | None
    # candidates who reached each stage (stage value → count), sourced first
    reached: dict = field(default_factory=dict)
    refused: dict = field(default_factory=dict)  # reason → count

    @property
    def sourced(self):
        return self.reached.get(Stage.SOURCED, 0)

    @property
    def hired(self):
        return self.reached.get(Stage.HIRED, 0)

    @property
    def refused_total(self):
        return sum(self.refused.values())

    @property
    def conversion(self):
        """The share of those sourced who were hired, in percent (one decimal)."""
        if not self.sourced:
            return None
        return round(100 * self.hired / self.sourced, 1)

    @property
    def stages(self):
        return [self.reached.get(stage, 0) for stage in STAGES]


def monthly(operation, *, today=None):
    """The operation's months (those of its dates, and any month a hire fell in)."""
    today = today or timezone.localdate()
    targets = dict(operation.targets.values_list("month", "hires"))
    hires = {
        (row["month"].date() if hasattr(row["month"], "date") else row["month"]): row["n"]
        for row in Candidate.objects.filter(operation=operation, hired_on__isnull=False)
        .exclude(state=State.CANCELLED)  # a hiring cancelled is no hire
        .annotate(month=TruncMonth("hired_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    first = min([operation.starts_on.replace(day=1), *hires])
    last = max([operation.ends_on.replace(day=1), *hires])
    current = today.replace(day=1)
    rows, target_sum, hire_sum = [], 0, 0
    for month in months_between(first, last):
        target = targets.get(month, 0)
        target_sum += target
        done = hires.get(month, 0)
        hire_sum += done
        past = month <= current or done
        rows.append(
            MonthRow(
                month=month,
                target=target,
                target_cumulative=target_sum,
                hires=done if past else None,
                hires_cumulative=hire_sum if past else None,
            )
        )
    return rows


def per_channel(operation):
    """One row per channel (and one for candidates without a channel, when there are),
    in the channels' order."""
    rows = {
        channel.pk: ChannelRow(channel.name, channel.pk) for channel in operation.channels.all()
    }
    counts = (
        Candidate.objects.filter(operation=operation)
        .values("channel", "stage", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    refusals = (
        Candidate.objects.filter(operation=operation, state=State.REFUSED)
        .values("channel", "refusal_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )

    def row_of(pk):
        if pk not in rows:
            rows[pk] = ChannelRow(_("Without a channel"), None)
        return rows[pk]

    for item in counts:
        row = row_of(item["channel"])
        reached = STAGES.index(item["stage"])
        if item["state"] == State.CANCELLED:  # a hiring cancelled: the stages before it
            reached = min(reached, STAGES.index(Stage.HIRED) - 1)
        for stage in STAGES[: reached + 1]:
            row.reached[stage] = row.reached.get(stage, 0) + item["n"]
    for item in refusals:
        row = row_of(item["channel"])
        reason = item["refusal_reason"] or RefusalReason.OTHER
        row.refused[reason] = row.refused.get(reason, 0) + item["n"]
    return list(rows.values())


def totals(channel_rows):
    """The operation's row: the sum of the channels'."""
    total = ChannelRow(_("All channels"), None)
    for row in channel_rows:
        for stage, n in row.reached.items():
            total.reached[stage] = total.reached.get(stage, 0) + n
        for reason, n in row.refused.items():
            total.refused[reason] = total.refused.get(reason, 0) + n
    return total


def refusal_reasons(channel_rows):
    """[(reason label, count)] over the whole operation, most frequent first."""
    total = totals(channel_rows).refused
    labels = dict(RefusalReason.choices)
    return sorted(
        ((str(labels.get(reason, reason)), n) for reason, n in total.items()),
        key=lambda item: (-item[1], item[0]),
    )


def month_label(month):
    return date_format(month, "F Y")


# ----------------------------------------------------------------------- the chart


def chart_text(rows):
    """The chart's text alternative: the latest month with hires against its target."""
    known = [row for row in rows if row.hires_cumulative is not None]
    last_target = rows[-1].target_cumulative if rows else 0
    if not known:
        return _("No hires yet; the plan reaches %(target)s hires.") % {"target": last_target}
    row = known[-1]
    return _(
        "By the end of %(month)s: %(hires)s hires against a cumulative target of "
        "%(target)s (gap %(gap)s); the plan reaches %(total)s hires."
    ) % {
        "month": month_label(row.month),
        "hires": row.hires_cumulative,
        "target": row.target_cumulative,
        "gap": f"{row.gap:+d}",
        "total": last_target,
    }


def chart(rows, *, uid="operation-curve"):
    """Cumulative target (bars) and cumulative hires (a line with dots) by month."""
    width, height = 640, 300
    left, right, top, bottom = 48, 12, 16, 64
    count = max(1, len(rows))
    step = (width - left - right) / count
    high = max([1] + [r.target_cumulative for r in rows] + [r.hires_cumulative or 0 for r in rows])

    def to_y(value):
        return height - bottom - value / high * (height - top - bottom)

    title = _("Hires against the target, month by month (cumulative)")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-operation" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(chart_text(rows))}</desc>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#64748b"/>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" '
        f'y2="{height - bottom}" stroke="#64748b"/>',
    ]
    for value in (0, high // 2, high):
        out.append(
            f'<text x="{left - 6}" y="{to_y(value) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{TEXT_COLOUR}">{value}</text>'
        )
    points = []
    for index, row in enumerate(rows):
        x = left + index * step
        y = to_y(row.target_cumulative)
        out.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" '
            f'height="{height - bottom - y:.1f}" fill="{TARGET_COLOUR}" stroke="#4f8fc4"/>'
        )
        out.append(
            f'<text x="{x + step / 2:.1f}" y="{height - bottom + 14}" text-anchor="end" '
            f'font-size="10" fill="{TEXT_COLOUR}" '
            f'transform="rotate(-45 {x + step / 2:.1f} {height - bottom + 14})">'
            f"{escape(date_format(row.month, 'M y'))}</text>"
        )
        if row.hires_cumulative is not None:
            points.append((x + step / 2, to_y(row.hires_cumulative)))
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{ACTUAL_COLOUR}" stroke-width="2.5"/>'
        )
        for x, y in points:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{ACTUAL_COLOUR}"/>')
    legend_y = height - 8
    out.append(
        f'<rect x="{left}" y="{legend_y - 10}" width="14" height="10" fill="{TARGET_COLOUR}" '
        f'stroke="#4f8fc4"/><text x="{left + 20}" y="{legend_y}" font-size="11" '
        f'fill="{TEXT_COLOUR}">{escape(_("Cumulative target"))}</text>'
    )
    out.append(
        f'<line x1="{left + 200}" y1="{legend_y - 4}" x2="{left + 224}" y2="{legend_y - 4}" '
        f'stroke="{ACTUAL_COLOUR}" stroke-width="2.5"/><text x="{left + 230}" y="{legend_y}" '
        f'font-size="11" fill="{TEXT_COLOUR}">{escape(_("Cumulative hires"))}</text>'
    )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


# --------------------------------------------------------------------- the export

MONTH_FORMAT = FORMATS["month"]


def monthly_table(rows):
    return Table(
        header=[
            _("Month"),
            _("Target"),
            _("Cumulative target"),
            _("Hires"),
            _("Cumulative hires"),
            _("Gap"),
        ],
        rows=[
            [
                Value(row.month, MONTH_FORMAT),
                row.target,
                row.target_cumulative,
                row.hires,
                row.hires_cumulative,
                row.gap,
            ]
            for row in rows
        ],
        widths=[14, 10, 16, 10, 16, 10],
        align=["left"] + ["right"] * 5,
        caption=_("Month by month"),
        key_columns=1,
    )


def channel_header():
    return [
        _("Channel"),
        *[str(label) for label in Stage.labels],
        _("Declined applications"),
        _("Hired out of sourced (%)"),
        *[str(label) for label in RefusalReason.labels],
    ]


def channel_cells(row):
    return [
        row.name,
        *row.stages,
        row.refused_total,
        row.conversion,
        *[row.refused.get(reason, 0) for reason in RefusalReason.values],
    ]


def channel_table(rows):
    every = [*rows, totals(rows)]
    return Table(
        header=channel_header(),
        rows=[channel_cells(row) for row in every],
        widths=[30] + [12] * (len(channel_header()) - 1),
        align=["left"] + ["right"] * (len(channel_header()) - 1),
        caption=_("By channel"),
        label_column=True,
        key_columns=1,
    )


def export_document(operation, *, today=None, only=None):
    """The monthly table and the per-channel table (``only``: "monthly" or "channels",
    for a CSV, which holds one table)."""
    tables = []
    if only in (None, "monthly"):
        tables.append(monthly_table(monthly(operation, today=today)))
    if only in (None, "channels"):
        tables.append(channel_table(per_channel(operation)))
    return Document(
        title=operation.title,
        subtitle=operation.collective.name,
        topic=operation.employer_name,
        blocks=tables,
    )
