"""The job cafés' figures, per café and across cafés: seekers registered and arrived,
recruiters present, meetings held and their outcomes on the day, outcomes at 0, 1, 3
and 6 months by kind (the hired by type of contract), the share of outcomes known at
each checkpoint, obstacles by theme.

Each figure is one aggregate query over all the cafés asked for (a fixed number of
queries, whatever the number of seekers). Figures name nobody: members read them
(``employment.view_figures``). The base of the shares is the seekers followed: those
registered who did not cancel.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from maillage.documents import Document, Table, render_csv, render_xlsx

from .models import Contract, MeetingOutcome, Recruiter, Seeker, SeekerStatus, Slot
from .models_after import CHECKPOINTS, Obstacle, ObstacleTheme, Outcome, OutcomeKind

CAME = (SeekerStatus.ARRIVED, SeekerStatus.LEFT)
# Colours with AA contrast against white, one per kind of outcome.
KIND_COLOURS = {
    OutcomeKind.INTERVIEW: "#1d4f91",
    OutcomeKind.HIRED: "#1e6b2e",
    OutcomeKind.TRAINING: "#8a4b08",
    OutcomeKind.NOTHING_YET: "#5f6673",
}


def _counts():
    return defaultdict(int)


@dataclass
class Figures:
    registered: int = 0
    arrived: int = 0
    recruiters: int = 0
    meetings: int = 0
    meeting_outcomes: dict = field(default_factory=_counts)  # MeetingOutcome → n
    outcomes: dict = field(default_factory=lambda: defaultdict(_counts))  # month → kind → n
    contracts: dict = field(default_factory=lambda: defaultdict(_counts))  # month → contract
    obstacles: dict = field(default_factory=_counts)  # theme → n

    def known(self, months):
        return sum(self.outcomes[months].values())

    @property
    def known_at_six(self):
        return self.known(6)

    def share(self, months):
        """The share (0–1) of the seekers followed whose outcome at ``months`` is known."""
        return self.known(months) / self.registered if self.registered else None

    def add(self, other):
        self.registered += other.registered
        self.arrived += other.arrived
        self.recruiters += other.recruiters
        self.meetings += other.meetings
        for key, value in other.meeting_outcomes.items():
            self.meeting_outcomes[key] += value
        for months in other.outcomes:
            for key, value in other.outcomes[months].items():
                self.outcomes[months][key] += value
        for months in other.contracts:
            for key, value in other.contracts[months].items():
                self.contracts[months][key] += value
        for key, value in other.obstacles.items():
            self.obstacles[key] += value

    def checkpoints(self):
        """One row per checkpoint, for the pages and the exports."""
        return [
            {
                "months": months,
                "kinds": [(kind, self.outcomes[months][kind]) for kind in OutcomeKind],
                "contracts": [
                    (contract, self.contracts[months][contract])
                    for contract in Contract
                    if self.contracts[months][contract]
                ],
                "known": self.known(months),
                "share": self.share(months),
                "percent": percent(self.share(months)),
            }
            for months in CHECKPOINTS
        ]

    def meeting_rows(self):
        return [(outcome, self.meeting_outcomes[outcome]) for outcome in MeetingOutcome]

    def obstacle_rows(self):
        return [(theme, self.obstacles[theme]) for theme in ObstacleTheme if self.obstacles[theme]]


def cafe_figures(cafes):
    """(figures per café id, figures across them) for the cafés of ``cafes`` (a list)."""
    ids = [cafe.pk for cafe in cafes]
    per = {pk: Figures() for pk in ids}
    seekers = (
        Seeker.objects.filter(cafe__in=ids)
        .exclude(status=SeekerStatus.CANCELLED)
        .values("cafe")
        .annotate(registered=Count("pk"), arrived=Count("pk", filter=Q(status__in=CAME)))
    )
    for row in seekers:
        per[row["cafe"]].registered = row["registered"]
        per[row["cafe"]].arrived = row["arrived"]
    present = (
        Recruiter.objects.filter(cafe__in=ids, present=True).values("cafe").annotate(n=Count("pk"))
    )
    for row in present:
        per[row["cafe"]].recruiters = row["n"]
    for row in Slot.objects.filter(cafe__in=ids).values("cafe", "outcome").annotate(n=Count("pk")):
        per[row["cafe"]].meetings += row["n"]
        if row["outcome"]:
            per[row["cafe"]].meeting_outcomes[row["outcome"]] += row["n"]
    outcomes = (
        Outcome.objects.filter(seeker__cafe__in=ids)
        .exclude(seeker__status=SeekerStatus.CANCELLED)
        .values("seeker__cafe", "checkpoint", "kind", "contract")
        .annotate(n=Count("pk"))
    )
    for row in outcomes:
        figures = per[row["seeker__cafe"]]
        figures.outcomes[row["checkpoint"]][row["kind"]] += row["n"]
        if row["kind"] == OutcomeKind.HIRED and row["contract"]:
            figures.contracts[row["checkpoint"]][row["contract"]] += row["n"]
    themes = Obstacle.objects.filter(cafe__in=ids).values("cafe", "theme").annotate(n=Count("pk"))
    for row in themes:
        per[row["cafe"]].obstacles[row["theme"]] += row["n"]
    total = Figures()
    for figures in per.values():
        total.add(figures)
    return per, total


# ------------------------------------------------------------------------- words


def percent(share):
    if share is None:
        return "–"
    return _("%(value)s %%") % {"value": round(share * 100)}


def checkpoint_label(months):
    if months == 0:
        return _("At the café")
    return _("%(months)s months after") % {"months": months} if months > 1 else _("1 month after")


# ------------------------------------------------------------------------- chart


def outcomes_text(figures):
    """The chart's figures in words (its text alternative)."""
    parts = []
    for row in figures.checkpoints():
        kinds = ", ".join(f"{OutcomeKind(kind).label} {count}" for kind, count in row["kinds"])
        parts.append(
            _("%(when)s: %(kinds)s; known for %(share)s of %(base)s")
            % {
                "when": checkpoint_label(row["months"]),
                "kinds": kinds,
                "share": percent(row["share"]),
                "base": figures.registered,
            }
        )
    return ". ".join(parts) + "."


def outcomes_chart(figures, *, uid):
    """Horizontal bars, one per checkpoint: the seekers followed (100 %), split by the
    kind of outcome known; what is left blank is not known yet."""
    base = figures.registered or 1
    rows = []
    for index, row in enumerate(figures.checkpoints()):
        y = index * 14
        rows.append(
            format_html(
                '<text x="0" y="{}" font-size="6" fill="#1f2937">{}</text>'
                '<rect x="50" y="{}" width="100" height="8" fill="none" stroke="#7a8496" '
                'stroke-width="0.4"/>',
                y + 7,
                checkpoint_label(row["months"]),
                y + 1,
            )
        )
        x = 50.0
        for kind, count in row["kinds"]:
            width = 100 * count / base
            if width <= 0:
                continue
            rows.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="8" fill="{}"/>',
                    f"{x:.2f}",
                    y + 1,
                    f"{width:.2f}",
                    KIND_COLOURS[kind],
                )
            )
            x += width
    height = len(CHECKPOINTS) * 14
    return format_html(
        '<svg class="chart chart-outcomes" role="img" aria-labelledby="{uid}-title" '
        'viewBox="0 0 152 {height}" width="100%" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{uid}-title">{text}</title>{rows}</svg>',
        uid=uid,
        height=height,
        text=outcomes_text(figures),
        rows=mark_safe("".join(rows)),  # noqa: S308 - built with format_html above
    )


def legend():
    return [(KIND_COLOURS[kind], kind.label) for kind in OutcomeKind]


# ------------------------------------------------------------------------- exports


def export_tables(cafes, per, total):
    """The figures as tables: cafés, outcomes by checkpoint, contracts, obstacles."""
    named = [(cafe, per[cafe.pk]) for cafe in cafes] + [(None, total)]

    def name(cafe):
        return str(cafe) if cafe is not None else _("All cafés")

    def day(cafe):
        return cafe.event.local_start.date() if cafe is not None else None

    overview = Table(
        header=[
            _("Café"),
            _("Date"),
            _("Seekers registered"),
            _("Seekers arrived"),
            _("Recruiters present"),
            _("Meetings held"),
        ]
        + [str(outcome.label) for outcome in MeetingOutcome],
        rows=[
            [name(cafe), day(cafe), f.registered, f.arrived, f.recruiters, f.meetings]
            + [count for _outcome, count in f.meeting_rows()]
            for cafe, f in named
        ],
        caption=_("Cafés"),
        label_column=True,
    )
    outcomes = Table(
        header=[_("Café"), _("Months after the café")]
        + [str(kind.label) for kind in OutcomeKind]
        + [_("Outcomes known"), _("Seekers followed"), _("Share known (%)")],
        rows=[
            [name(cafe), row["months"]]
            + [count for _kind, count in row["kinds"]]
            + [
                row["known"],
                f.registered,
                None if row["share"] is None else round(row["share"] * 100, 1),
            ]
            for cafe, f in named
            for row in f.checkpoints()
        ],
        caption=_("Outcomes"),
        label_column=True,
    )
    contracts = Table(
        header=[_("Café"), _("Months after the café"), _("Contract"), _("Hired")],
        rows=[
            [name(cafe), row["months"], str(Contract(contract).label), count]
            for cafe, f in named
            for row in f.checkpoints()
            for contract, count in row["contracts"]
        ],
        caption=_("Contracts"),
        label_column=True,
    )
    obstacles = Table(
        header=[_("Café"), _("Theme"), _("Obstacles")],
        rows=[
            [name(cafe), str(ObstacleTheme(theme).label), count]
            for cafe, f in named
            for theme, count in f.obstacle_rows()
        ],
        caption=_("Obstacles"),
        label_column=True,
    )
    return [overview, outcomes, contracts, obstacles]


def figures_xlsx(title, tables, collective=""):
    """The figures as a workbook, the collective's name in each printed page's header."""
    return render_xlsx(Document(title=title, subtitle=str(collective), blocks=tables))


# How many first columns of each table (by position) say what a line is about.
KEY_COLUMNS = (2, 2, 3, 2)


def figures_csv(tables, french=False):
    """One table for CSV: every figure on its own line (table, café, of what, figure,
    value), the way figures are exchanged."""
    rows = []
    for table, keys in zip(tables, KEY_COLUMNS, strict=True):
        for row in table.rows:
            about = " · ".join(str(value) for value in row[1:keys] if value not in (None, ""))
            for heading, value in zip(table.header[keys:], row[keys:], strict=True):
                rows.append([table.caption, row[0], about, str(heading), value])
    return render_csv(
        Table(header=[_("Table"), _("Café"), _("Of what"), _("Figure"), _("Value")], rows=rows),
        french=french,
    )
