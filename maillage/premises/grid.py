"""The week grid of a site: its bookable spaces (in position order) × the days the
site opens × its half-days, each cell free, booked (and by whom, for those who may
know), the person's own, closed, not yet available or over. Plain functions, read by
views_bookings.

Few queries whatever the size of the site: the spaces, the bookings of the week (one
query over the (site, date) index), the closed periods overlapping the week, the
desks reserved in the pools, and the person's organisations.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.collectives.rules import organisations_of
from maillage.core.dates import in_range

from . import halfdays
from .models import BLOCKING, BOOKABLE_KINDS, Booking, ClosedPeriod, ReservedDesks

FREE = "free"
BOOKED = "booked"
MINE = "mine"
FULL = "full"  # a desk pool without a free desk
CLOSED = "closed"
NOT_YET = "not-yet"
PAST = "past"


@dataclass
class Cell:
    day: date
    half: object  # halfdays.HalfDay
    state: str
    text: str = ""
    mine: bool = False
    free_desks: int | None = None
    # What the page shows, set by words(): the cell's classes, its words, the link to
    # book it (free cells, for those who may book) and what a screen reader adds.
    css: str = ""
    body: str = ""
    href: str = ""
    hidden: str = ""

    @property
    def slot(self):
        return self.half.slot

    @property
    def bookable(self):
        return self.state == FREE


@dataclass
class Day:
    day: date
    closed: str | None = None

    @property
    def iso(self):
        return self.day.isoformat()


@dataclass
class Row:
    space: object
    cells: list = field(default_factory=list)
    html: str = ""  # the row's cells, written by words()


@dataclass
class Grid:
    site: object
    monday: date
    days: list
    halves: list
    rows: list
    one_day: date | None = None

    @property
    def week(self):
        return week_value(self.monday)

    @property
    def previous_week(self):
        return week_value(self.monday - timedelta(weeks=1))

    @property
    def next_week(self):
        return week_value(self.monday + timedelta(weeks=1))

    @property
    def week_days(self):
        """The open days of the grid's week (for the one-day view's links)."""
        return [
            self.monday + timedelta(days=offset)
            for offset in range(7)
            if offset in self.site.open_weekdays
        ]


def week_value(monday):
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day):
    return day - timedelta(days=day.weekday())


def week_to_show(site, today):
    """The day whose week the grid shows by default: today, or next Monday once the
    site's last opening day of this week is over (on a Saturday, next week's grid)."""
    if site.open_weekdays and today.weekday() > max(site.open_weekdays):
        return monday_of(today) + timedelta(days=7)
    return today


def parse_week(value, today):
    """The Monday of the ISO week ``value`` ("2026-W23"), or of ``today``'s week when
    the value is empty, not a week or outside the dates of the project (core.dates)."""
    try:
        year, week = str(value or "").upper().split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        if in_range(monday):
            return monday
    except (ValueError, TypeError):
        pass
    return monday_of(today)


def parse_day(value):
    """The date ``value`` ("2026-06-02"), or None when it is none or outside the dates
    of the project (core.dates)."""
    try:
        day = date.fromisoformat(str(value or ""))
    except ValueError:
        return None
    return day if in_range(day) else None


def spaces_of(site):
    return list(
        site.spaces.filter(kind__in=BOOKABLE_KINDS, archived_at__isnull=True).order_by(
            "position", "pk"
        )
    )


def _desks_left(space, reserved, used, own):
    """halfdays.free_desks, from rows already read: ``used`` maps an organisation's
    pk (None: no organisation) to its desks booked."""
    general = space.desks - sum(reserved.values())
    general_used = sum(
        max(0, total - reserved.get(org, 0)) if org is not None else total
        for org, total in used.items()
    )
    own_left = max(0, reserved.get(own, 0) - used.get(own, 0)) if own in reserved else 0
    return own_left + max(0, general - general_used)


def build(site, user, monday, *, one_day=None, now=None):
    """The grid of the week of ``monday`` at ``site`` for ``user`` (only ``one_day``
    when given: the phone's view)."""
    now = now or timezone.now()
    halves = halfdays.slots(site)
    if one_day is not None:
        dates = [one_day]
        monday = monday_of(one_day)
    else:
        dates = [
            monday + timedelta(days=offset) for offset in range(7) if offset in site.open_weekdays
        ]
    first, last = monday, monday + timedelta(days=6)
    periods = list(ClosedPeriod.objects.filter(site=site, starts_on__lte=last, ends_on__gte=first))
    days = [Day(day, halfdays.closed_reason(site, day, periods)) for day in dates]
    spaces = spaces_of(site)
    pools = [space.pk for space in spaces if space.is_desk_pool]
    reserved = {}
    if pools:
        for row in ReservedDesks.objects.filter(space_id__in=pools):
            reserved.setdefault(row.space_id, {})[row.organisation_id] = row.count
    mine_orgs = organisations_of(user, site.collective)
    sees_booker = user.has_perm("premises.see_booker", site)
    rows = (
        Booking.objects.filter(
            site=site, date__in=dates, status__in=BLOCKING, space_id__in=[s.pk for s in spaces]
        )
        .order_by()
        .values_list(
            "space_id",
            "date",
            "slot",
            "organisation_id",
            "organisation__name",
            "booked_by_id",
            "booked_by__display_name",
            "requester_organisation",
            "requester_name",
            "desks",
        )
    )
    taken = {}  # (space, date, slot) -> list of rows
    for row in rows:
        taken.setdefault(row[:3], []).append(row)
    own = next(iter(sorted(mine_orgs)), None)
    ends = {
        (day.day, half.slot): halfdays.bounds(site, day.day, half.slot)[1]
        for day in days
        for half in halves
    }
    grid_rows = []
    for space in spaces:
        cells = []
        for day in days:
            for half in halves:
                cells.append(
                    _cell(
                        space,
                        day,
                        half,
                        taken.get((space.pk, day.day, half.slot), ()),
                        over=ends[(day.day, half.slot)] <= now,
                        user=user,
                        mine_orgs=mine_orgs,
                        own=own,
                        sees_booker=sees_booker,
                        reserved=reserved.get(space.pk, {}),
                    )
                )
        grid_rows.append(Row(space, cells))
    return Grid(site=site, monday=monday, days=days, halves=halves, rows=grid_rows, one_day=one_day)


def _who(row, sees_booker):
    _space, _date, _slot, org, org_name, _by, by_name, req_org, req_name, _desks = row
    if org is not None:
        return org_name
    if sees_booker:
        return req_org or req_name or by_name or _("booked")
    return _("booked")


def _cell(space, day, half, rows, *, over, user, mine_orgs, own, sees_booker, reserved):
    mine = any(row[5] == user.pk or (row[3] is not None and row[3] in mine_orgs) for row in rows)
    if day.closed:
        return Cell(day.day, half, CLOSED, day.closed)
    if halfdays.not_yet_available(space, day.day):
        return Cell(day.day, half, NOT_YET, _("not yet available"))
    if space.is_desk_pool:
        used = {}
        for row in rows:
            used[row[3]] = used.get(row[3], 0) + row[9]
        free = _desks_left(space, reserved, used, own)
        if over:
            return Cell(day.day, half, PAST, _("over"), mine=mine)
        state = FREE if free else FULL
        return Cell(day.day, half, state, "", mine=mine, free_desks=free)
    if rows:
        if mine:
            return Cell(day.day, half, MINE, _who(rows[0], True), mine=True)
        return Cell(day.day, half, BOOKED, _who(rows[0], sees_booker))
    if over:
        return Cell(day.day, half, PAST, _("over"))
    return Cell(day.day, half, FREE, "")


def words(grid, book_url=None):
    """Sets what each cell of ``grid`` shows (see Cell), read once for the whole grid
    so that a page of 40 spaces stays quick to draw. ``book_url``: the booking form's
    address, for those who may book (free cells link to it, prefilled)."""
    free_word, yours, full, closed = _("Free"), _("Yours: %(who)s"), _("Full"), _("closed")
    mine_mark = _("(yours)")
    # Said by screen readers after "Free": the cell's row and columns.
    book_words = _(": book %(space)s, %(day)s, %(half)s")
    day_names = {day.day: date_format(day.day, "l j F") for day in grid.days}
    half_names = {half.slot: str(half.label) for half in grid.halves}
    back = "&back=day" if grid.one_day else ""
    for row in grid.rows:
        space = row.space
        for cell in row.cells:
            cell.css = f"cell cell-{cell.state}" + (" cell-mine" if cell.mine else "")
            if cell.state == FREE:
                if cell.free_desks is not None:
                    cell.body = ngettext("%(count)s free", "%(count)s free", cell.free_desks) % {
                        "count": cell.free_desks
                    }
                else:
                    cell.body = free_word
                if book_url:
                    cell.href = (
                        f"{book_url}?space={space.pk}&day={cell.day.isoformat()}"
                        f"&slot={cell.slot}{back}"
                    )
                    cell.hidden = book_words % {
                        "space": space.name,
                        "day": day_names[cell.day],
                        "half": half_names[cell.slot],
                    }
                if cell.mine:
                    cell.body = f"{cell.body} {mine_mark}"
            elif cell.state == MINE:
                cell.body = yours % {"who": cell.text}
            elif cell.state == FULL:
                cell.body = f"{full} {mine_mark}" if cell.mine else full
            elif cell.state == CLOSED:
                cell.body = "—"
                cell.hidden = closed
            else:
                cell.body = cell.text
        # 40 spaces × 7 days × 3 half-days: written here in one pass, every word
        # escaped; a template tag per cell would take most of the page's time.
        row.html = mark_safe("".join(_cell_html(cell) for cell in row.cells))  # noqa: S308
    return grid


def _cell_html(cell):
    hidden = f'<span class="visually-hidden">{escape(cell.hidden)}</span>' if cell.hidden else ""
    if cell.href:
        return (
            f'<td class="{cell.css}"><a href="{escape(cell.href)}">{escape(cell.body)}'
            f"{hidden}</a></td>"
        )
    return f'<td class="{cell.css}">{escape(cell.body)}{hidden}</td>'
