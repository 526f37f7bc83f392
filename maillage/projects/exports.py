"""The board as a table to share: a spreadsheet (XLSX), CSV, or a Word document.

Collectives already share their board as a table ("work stream | content | pilots,
actions, comments"); these exports give the same table from the platform. The board
is read in a constant number of queries (``load_board``), whatever its size, and
the timeline (timeline.py) reads it the same way.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from maillage.actions.models import OPEN_STATUSES, Action
from maillage.collectives.models import Membership
from maillage.core.typography import amount, elide, labelled

from .models import Milestone, Need, NeedKind, Project, WorkStream
from .services import progress_of

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    """A date cell's number format: the day first in French, ISO otherwise."""
    return "dd/mm/yyyy" if (translation.get_language() or "").startswith("fr") else "yyyy-mm-dd"


# An amount cell's number format: office software shows its separators the reader's way.
MONEY_FORMATS = {"EUR": '#,##0.00 "€"', "CHF": '#,##0.00 "CHF"'}


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


def _safe(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


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


def board_csv(collective, today=None, streams=None):
    """The board as CSV, UTF-8 with a byte order mark so that Excel reads the accents."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    cols = columns()
    writer.writerow([header for _key, header, _width in cols])
    for row in board_rows(collective, today, streams=streams):
        writer.writerow([_safe(row[key]) for key, _header, _width in cols])
    return out.getvalue()


def board_xlsx(collective, today=None, streams=None):
    """A workbook with three sheets: the board ("Chantiers"), every open action and
    every open need. Dates are date cells and amounts number cells, with formats that
    office software shows the reader's way."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    today = today or timezone.localdate()
    rows = board_rows(collective, today, streams=streams)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Work streams")[:31]
    cols = columns()
    sheet.append([header for _key, header, _width in cols])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        values = []
        for key, _header, _width in cols:
            value = row[key]
            values.append(value if isinstance(value, int) else _safe(value))
        sheet.append(values)
    for index, (_key, _header, width) in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"

    actions = book.create_sheet(_("Actions")[:31])
    headers = [_("Project"), _("Action"), _("Owner"), _("Due date"), _("Status"), _("Overdue")]
    actions.append(headers)
    for row in rows:
        for action in row["open_actions"]:
            late = bool(action.due_date and action.due_date < today)
            actions.append(
                [
                    _safe(row["project"]),
                    _safe(action.title),
                    _safe(action.owner_names),
                    action.due_date,
                    str(action.get_status_display()),
                    _("yes") if late else "",
                ]
            )
    for index, width in enumerate([28, 40, 24, 12, 14, 10], start=1):
        actions.column_dimensions[get_column_letter(index)].width = width
    for line in actions.iter_rows(min_row=2):
        line[3].number_format = _date_format()
        for cell in line:
            cell.alignment = wrap
    for cell in actions[1]:
        cell.font = Font(bold=True)
    actions.freeze_panes = "A2"

    needs = book.create_sheet(_("Needs")[:31])
    needs.append([_("Project"), _("Kind"), _("Description"), _("Amount"), _("Currency")])
    for row in rows:
        for need in row["open_needs"]:
            needs.append(
                [
                    _safe(row["project"]),
                    str(need.get_kind_display()),
                    _safe(need.description),
                    need.amount,
                    need.currency,
                ]
            )
            if need.amount is not None:
                needs.cell(needs.max_row, 4).number_format = MONEY_FORMATS.get(
                    need.currency, "#,##0.00"
                )
    for index, width in enumerate([28, 20, 50, 16, 10], start=1):
        needs.column_dimensions[get_column_letter(index)].width = width
    for line in needs.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    for cell in needs[1]:
        cell.font = Font(bold=True)
    needs.freeze_panes = "A2"

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def board_docx(collective, today=None, streams=None):
    """A Word document: a title, then one heading and one table per work stream."""
    from docx import Document

    today = today or timezone.localdate()
    streams = load_board(collective) if streams is None else streams
    rows = board_rows(collective, today, streams=streams)
    document = Document()
    document.add_heading(
        elide(_("Board of %(collective)s") % {"collective": collective.name}), level=0
    )
    as_of = formats.date_format(today, "DATE_FORMAT")
    document.add_paragraph(_("As of %(date)s") % {"date": as_of})
    cols = [c for c in columns() if c[0] != "work_stream"]
    for stream in streams:
        document.add_heading(stream.title, level=1)
        mine = [r for r in rows if r["stream_pk"] == stream.work_stream.pk]
        if not mine:
            document.add_paragraph(_("No project in this work stream yet."))
            continue
        table = document.add_table(rows=1, cols=len(cols))
        table.style = "Table Grid"
        for cell, (_key, header, _width) in zip(table.rows[0].cells, cols, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(header)).bold = True
        for row in mine:
            cells = table.add_row().cells
            for cell, (key, _header, _width) in zip(cells, cols, strict=True):
                value = row[key]
                cell.text = "" if value is None else str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
