"""How much a site's spaces are used, month by month, and what it brings against
the economic model's plan.

Occupancy of a space in a month: the share of its bookable half-days that confirmed
bookings used. Bookable: the site's open days of the month (its opening weekdays,
minus closed periods, from the space's ``available_from``) × the site's half-days; for
a desk pool, × its desks, and used counts desk-half-days. Bookings keep their local
``date`` and ``slot``, so a month is counted on dates, never on instants: the change
of time in March and October moves nothing.

Used half-days are split by tenant category: the booking's tenancy's price category,
else the site's outside category (someone without a tenancy).

Plan against actual (``plan_vs_actual``): the scenario's assumed occupancy of each
kind × its price of a half-day against the half-days really used at that price, and
the permanents' m² and part-timers it assumes against the tenancies of the year
(their offices' m² at the scenario's rent). Prices are the scenario's: the statements
say what each tenant was really charged.

Reads: the spaces, the closed periods, the categories, and the bookings aggregated in
the database (one grouped query), whatever the number of months or bookings.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth

from . import economics, halfdays
from .models import (
    BOOKABLE_KINDS,
    BookingStatus,
    ClosedPeriod,
    PriceCategory,
    Space,
    SpaceKind,
    Tenancy,
    TenancyKind,
)
from .money import cents

HUNDRED = Decimal(100)


def percent(used, bookable):
    """``used`` of ``bookable`` as a percentage to two places (None when nothing was
    bookable)."""
    if not bookable:
        return None
    return cents(Decimal(used) * HUNDRED / Decimal(bookable))


@dataclass
class Cell:
    bookable: int = 0
    used: int = 0

    @property
    def share(self):
        return percent(self.used, self.bookable)


@dataclass
class SpaceRow:
    space: object
    cells: list  # a Cell a month
    by_category: dict = field(default_factory=dict)  # category pk -> used

    @property
    def total(self):
        return Cell(sum(c.bookable for c in self.cells), sum(c.used for c in self.cells))


@dataclass
class Occupancy:
    site: object
    year: int
    months: list  # the first day of each month
    rows: list  # SpaceRow, in the spaces' order
    categories: list  # PriceCategory, the outside one included

    def category_rows(self):
        """(category, used, share of all the used) for the year, every space."""
        totals = {category.pk: 0 for category in self.categories}
        for row in self.rows:
            for pk, used in row.by_category.items():
                totals[pk] = totals.get(pk, 0) + used
        everything = sum(totals.values())
        return [
            (category, totals[category.pk], percent(totals[category.pk], everything))
            for category in self.categories
        ]


def open_days(site, year, month, periods, since=None):
    """The days of the month the site is open (from ``since`` when given)."""
    last = calendar.monthrange(year, month)[1]
    days = 0
    for number in range(1, last + 1):
        day = date(year, month, number)
        if since is not None and day < since:
            continue
        if halfdays.closed_reason(site, day, periods) is None:
            days += 1
    return days


def occupancy(site, year):
    """The occupancy of ``site``'s bookable spaces in each month of ``year``."""
    months = [date(year, month, 1) for month in range(1, 13)]
    spaces = list(
        Space.objects.filter(site=site, kind__in=BOOKABLE_KINDS, archived_at__isnull=True)
    )
    periods = list(
        ClosedPeriod.objects.filter(
            site=site, starts_on__lte=date(year, 12, 31), ends_on__gte=date(year, 1, 1)
        )
    )
    slots = len(halfdays.slots(site))
    slot_names = [half.slot for half in halfdays.slots(site)]
    categories = list(PriceCategory.objects.filter(site=site))
    outside = next((category.pk for category in categories if category.outside), None)

    rows = {}
    days = {}  # (available_from, month) -> open days, shared by spaces alike
    for space in spaces:
        cells = []
        for month in months:
            key = (space.available_from, month.month)
            if key not in days:
                days[key] = open_days(site, year, month.month, periods, space.available_from)
            bookable = days[key] * slots * (space.desks if space.is_desk_pool else 1)
            cells.append(Cell(bookable=bookable))
        rows[space.pk] = SpaceRow(space=space, cells=cells)

    used = (
        site.bookings.filter(
            status=BookingStatus.CONFIRMED,
            date__year=year,
            space__in=[space.pk for space in spaces],
            slot__in=slot_names,
        )
        .annotate(month=ExtractMonth("date"))
        .values("space", "month", "tenancy__category")
        .annotate(count=Count("id"), desks=Sum("desks"))
        .order_by()
    )
    for line in used:
        row = rows[line["space"]]
        amount = line["desks"] if row.space.is_desk_pool else line["count"]
        row.cells[line["month"] - 1].used += amount or 0
        category = line["tenancy__category"] or outside
        row.by_category[category] = row.by_category.get(category, 0) + (amount or 0)
    return Occupancy(
        site=site,
        year=year,
        months=months,
        rows=[rows[space.pk] for space in spaces],
        categories=categories,
    )


@dataclass
class KindPlan:
    kind: str
    label: str
    planned_occupancy: Decimal
    actual_occupancy: Decimal | None
    planned: Decimal
    actual: Decimal

    @property
    def difference(self):
        return self.actual - self.planned


@dataclass
class PlanLine:
    label: str
    planned: Decimal
    actual: Decimal

    @property
    def difference(self):
        return self.actual - self.planned


def plan_vs_actual(site, year, inputs, occupied=None):
    """Income lines of the scenario ``inputs`` for ``year`` against what bookings and
    tenancies show (see the module's docstring). ``occupied``: ``occupancy(site,
    year)`` when already read."""
    parsed = economics.parse(inputs)
    occupied = occupied or occupancy(site, year)
    lines = []
    for kind in parsed.kinds:
        rows = [row for row in occupied.rows if row.space.kind == kind.kind]
        bookable = sum(row.total.bookable for row in rows)
        used = sum(row.total.used for row in rows)
        planned = economics.occasional_income(kind)
        actual = cents(used * kind.price)
        lines.append(
            KindPlan(
                kind=kind.kind,
                label=str(SpaceKind(kind.kind).label),
                planned_occupancy=kind.occupancy,
                actual_occupancy=percent(used, bookable),
                planned=planned,
                actual=actual,
            )
        )
    first, last = date(year, 1, 1), date(year, 12, 31)
    tenancies = (
        Tenancy.objects.filter(site=site, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .annotate(
            offices=Sum("spaces__surface_m2", filter=Q(spaces__kind=SpaceKind.OFFICE)),
        )
        .values("kind", "offices")
    )
    let_m2 = sum(
        (row["offices"] or Decimal(0) for row in tenancies if row["kind"] == TenancyKind.PERMANENT),
        Decimal(0),
    )
    part_timers = sum(1 for row in tenancies if row["kind"] == TenancyKind.PART_TIME)
    rent = parsed.permanent_rent_per_m2_month * economics.TWELVE
    return {
        "kinds": lines,
        "let_m2": (parsed.let_m2, let_m2),
        "permanent": PlanLine("", cents(parsed.let_m2 * rent), cents(let_m2 * rent)),
        "part_timers": (parsed.part_timers, part_timers),
        "part_time": PlanLine(
            "",
            cents(parsed.part_timers * parsed.part_time_month * economics.TWELVE),
            cents(part_timers * parsed.part_time_month * economics.TWELVE),
        ),
    }
