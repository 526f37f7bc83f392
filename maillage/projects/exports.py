"""The board as a table to share: a spreadsheet (XLSX), CSV, or a Word document.

Collectives already share their board as a table ("work stream | content | pilots,
actions, comments"); these exports give the same table from the platform. The board
is read in a constant number of queries (``load_board``), whatever its size, and
the timeline (timeline.py) reads it the same way. ``board_tables`` and
``board_document`` build the documents; maillage.documents writes them (and
neutralises what a spreadsheet would read as a formula).
"""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from maillage.actions.models import OPEN_STATUSES, Action
from maillage.collectives.models import Membership
from maillage.core.typography import amount, elide, labelled
from maillage.documents import (
    Document,
    Heading,
    Paragraph,
    Table,
    Value,
    render_csv,
    render_docx,
    render_xlsx,
)
from maillage.documents.style import date_format_code, money_format

from .models import Milestone, Need, NeedKind, Project, WorkStream
from .services import progress_of


@dataclass
class Stream:
    """A work stream and its (non-archived) projects, as the exports and the timeline read them."""

    work_stream: WorkStream
    projects: list = field(default_factory=list)

    @property
    def title(self):
        return self.work_stream.title


def load_board(collective, stream_pk=None):
    """The collective's work streams (by position) with their projects, each project
    carrying ``open_actions``, ``open_needs``, ``live_milestones`` and ``pilot_names``
    (names with the organisation they represent). Four queries for streams and
    projects, plus one per prefetch: constant, whatever the number of projects."""
    streams = WorkStream.objects.filter(collective=collective, archived_at__isnull=True)
    if stream_pk is not None:
        streams = streams.filter(pk=stream_pk)
    streams = list(streams.order_by("position", "pk"))
    by_pk = {s.pk: Stream(s) for s in streams}
    projects = (
        Project.objects.filter(
            collective=collective, archived_at__isnull=True, work_stream__in=list(by_pk)
        )
        .order_by("position", "pk")
        .prefetch_related(
            "pilots",
            "partners",
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(archived_at__isnull=True).order_by(
                    "due_on", "pk"
                ),
                to_attr="live_milestones",
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.filter(status__in=OPEN_STATUSES)
                .with_owners()
                .order_by("due_date", "pk"),
                to_attr="open_actions",
            ),
            Prefetch(
                "needs",
                queryset=Need.objects.filter(
                    archived_at__isnull=True, met_at__isnull=True
                ).order_by("kind", "pk"),
                to_attr="open_needs",
            ),
        )
    )
    projects = list(projects) if by_pk else []
    organisation_of = {}
    if projects:
        memberships = (
            Membership.objects.active()
            .filter(collective=collective, organisation__isnull=False)
            .select_related("organisation")
        )
        organisation_of = {m.user_id: m.organisation.name for m in memberships}
    for project in projects:
        project.pilot_names = [
            f"{pilot} ({organisation_of[pilot.pk]})" if pilot.pk in organisation_of else str(pilot)
            for pilot in project.pilots.all()
        ]
        by_pk[project.work_stream_id].projects.append(project)
    return [by_pk[s.pk] for s in streams]


# --------------------------------------------------------------------------- the rows

_MD_PATTERNS = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\]]+)\]\(([^)]*)\)"), r"\1 (\2)"),  # links: text (address)
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # headings
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # quotes
    (re.compile(r"^(\s*)[*+-]\s+", re.M), r"\1- "),  # bullets, kept as plain dashes
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
]


def plain_text(markdown):
    """Markdown as plain text: the markup goes, the words and link addresses stay."""
    text = markdown or ""
    for pattern, replacement in _MD_PATTERNS:
        text = pattern.sub(replacement, text)
    return text.strip()


def _date(value):
    """A date inside a line of text, as the reader writes it ("26/12/2026" in French)."""
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _date_format():
    """A date cell's number format: the day first in French, ISO in English."""
    return date_format_code()


# An amount cell's number format: office software shows its separators the reader's way.


def _action_line(action, today):
    parts = [action.title]
    details = []
    if names := action.owner_names:
        details.append(names)
    if action.due_date:
        details.append(_date(action.due_date))
    if details:
        parts.append(f"({', '.join(details)})")
    if action.due_date and action.due_date < today:
        parts.append(_("OVERDUE"))
    return " ".join(parts)


def _need_line(need):
    if need.kind == NeedKind.FUNDING:
        money = amount(need.amount, need.currency) if need.amount else ""
        return labelled(_("Funding sought"), " · ".join(filter(None, [money, need.description])))
    if need.kind == NeedKind.VOLUNTEERS:
        return labelled(_("Volunteers wanted"), need.description)
    return labelled(_("Partners wanted"), need.description)


def columns():
    """The board table's columns: (key, header, width in characters)."""
    return [
        ("work_stream", _("Work stream"), 22),
        ("project", _("Project"), 28),
        ("content", _("Content"), 50),
        ("status", _("Status"), 14),
        ("phase", _("Phase"), 20),
        ("pilots", _("Pilots"), 30),
        ("partners", _("Partners"), 25),
        ("progress", _("Progress (%)"), 12),
        ("next_actions", _("Next actions"), 45),
        ("needs", _("Needs"), 40),
    ]


def board_rows(collective, today=None, streams=None):
    """One dict per project (keys of ``columns()``), work streams in their order."""
    today = today or timezone.localdate()
    streams = load_board(collective) if streams is None else streams
    rows = []
    for stream in streams:
        for project in stream.projects:
            rows.append(
                {
                    "work_stream": stream.title,
                    "project": project.title,
                    "content": plain_text(project.content),
                    "status": str(project.get_status_display()),
                    "phase": project.phase,
                    "pilots": ", ".join(project.pilot_names),
                    "partners": ", ".join(o.name for o in project.partners.all()),
                    "progress": progress_of(project, project.live_milestones),
                    "next_actions": "\n".join(_action_line(a, today) for a in project.open_actions),
                    "needs": "\n".join(_need_line(n) for n in project.open_needs),
                    "open_needs": project.open_needs,
                    "open_actions": project.open_actions,
                    "stream_pk": stream.work_stream.pk,
                }
            )
    return rows


# ------------------------------------------------------------------------------ files


def board_fingerprint(collective, today, streams):
    """What the board's documents say, as plain values, from the board already read
    by ``load_board`` (no query): the same for everyone who may read the board, so
    it alone names the documents kept (core.downloads)."""
    rows = []
    for row in board_rows(collective, today, streams=streams):
        actions = [
            (a.pk, a.title, a.owner_names, a.due_date, a.status) for a in row["open_actions"]
        ]
        needs = [(n.pk, n.kind, n.description, n.amount, n.currency) for n in row["open_needs"]]
        rows.append(sorted({**row, "open_actions": actions, "open_needs": needs}.items()))
    return (collective.name, today, [(s.work_stream.pk, s.title) for s in streams], rows)


# The board's columns on a (landscape) page: shares of its width.
_PAGE_WIDTHS = {
    "project": 16,
    "content": 24,
    "status": 10,
    "phase": 14,
    "pilots": 16,
    "partners": 14,
    "progress": 14,
    "next_actions": 26,
    "needs": 20,
}


def _board_table(rows, cols, caption="", page=False):
    return Table(
        header=[header for _key, header, _width in cols],
        rows=[[row[key] for key, _header, _width in cols] for row in rows],
        widths=[_PAGE_WIDTHS[key] if page else width for key, _header, width in cols],
        caption=caption,
        key_columns=2,
    )


def board_tables(collective, today=None, streams=None):
    """The board's three tables: the board ("Chantiers"), every open action and every
    open need. Dates are dates and amounts numbers, with formats that office
    software shows the reader's way."""
    today = today or timezone.localdate()
    rows = board_rows(collective, today, streams=streams)
    board = _board_table(rows, columns(), caption=_("Work streams"))
    actions = Table(
        header=[_("Project"), _("Action"), _("Owner"), _("Due date"), _("Status"), _("Overdue")],
        rows=[
            [
                row["project"],
                action.title,
                action.owner_names,
                Value(action.due_date, _date_format()),
                str(action.get_status_display()),
                _("yes") if action.due_date and action.due_date < today else "",
            ]
            for row in rows
            for action in row["open_actions"]
        ],
        widths=[28, 40, 24, 12, 14, 10],
        caption=_("Actions"),
    )
    needs = Table(
        header=[_("Project"), _("Kind"), _("Description"), _("Amount"), _("Currency")],
        rows=[
            [
                row["project"],
                str(need.get_kind_display()),
                need.description,
                Value(need.amount, money_format(need.currency))
                if need.amount is not None
                else None,
                need.currency,
            ]
            for row in rows
            for need in row["open_needs"]
        ],
        widths=[28, 20, 50, 16, 10],
        caption=_("Needs"),
    )
    return [board, actions, needs]


def board_document(collective, today=None, streams=None):
    """The board as a document (landscape, for its wide table): a title, then one
    heading and one table per work stream."""
    today = today or timezone.localdate()
    streams = load_board(collective) if streams is None else streams
    rows = board_rows(collective, today, streams=streams)
    title = elide(_("Board of %(collective)s") % {"collective": collective.name})
    cols = [c for c in columns() if c[0] != "work_stream"]
    blocks = []
    for stream in streams:
        blocks.append(Heading(1, stream.title))
        mine = [r for r in rows if r["stream_pk"] == stream.work_stream.pk]
        if mine:
            blocks.append(_board_table(mine, cols, page=True))
        else:
            blocks.append(Paragraph.of(_("No project in this work stream yet.")))
    return Document(
        title=title,
        meta=_("As of %(date)s") % {"date": formats.date_format(today, "DATE_FORMAT")},
        author=collective.name,
        footer=title,
        blocks=blocks,
        landscape=True,
    )


def board_csv(collective, today=None, streams=None, french=False):
    """The board as CSV, UTF-8 with a byte order mark so that Excel reads the accents
    (``french``: the ";" variant, documents.render_csv)."""
    rows = board_rows(collective, today, streams=streams)
    return render_csv(_board_table(rows, columns()), french=french)


def board_xlsx(collective, today=None, streams=None):
    """A workbook with three sheets: the board, every open action and every open need,
    printed with the collective's name and the day in the page header."""
    today = today or timezone.localdate()
    return render_xlsx(
        Document(
            title=_("Work streams and projects"),
            subtitle=collective.name,
            date=today,
            landscape=True,
            blocks=board_tables(collective, today, streams=streams),
        )
    )


def board_docx(collective, today=None, streams=None):
    """A Word document: a title, then one heading and one table per work stream."""
    return render_docx(board_document(collective, today, streams=streams))
