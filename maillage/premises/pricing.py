"""What things cost, from a site's price grid (plain functions, no views, no writes).

Money is ``Decimal`` in the site's currency. Each line is computed exactly (with
``Fraction`` where a division is involved, such as a month's share) and rounded once,
half up to the cent: ``cents``.

- A booking (``booking_price``): the tenancy's category × the space's kind × a
  half-day. Beyond the quota (``over_quota``) or without a tenancy, at the outside
  category's price. A desk pool: the desk price times the desks booked. A late
  cancellation (``Booking.late_cancellation`` where the site charges them) costs what
  the booking would have; other cancelled, refused, expired and requested bookings
  are free. Held and confirmed bookings are charged. The morning and the afternoon of
  one space on one day, at one category, cost the grid's day price when it has one
  and it is lower (``whole_days``).
- A tenancy's monthly rent (``rent_lines``): each office rented at its surface × the
  category's price a m² a month; another space rented by the month at its kind's month
  price; desks rented at the category's month price of a desk; a part-time tenancy
  its category's month price (a price without a space kind). A tenancy that starts or
  ends within the month pays the days it covers: amount × days / days of the month,
  exact, then rounded once per line. Subscribed services the same way.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.errors import DomainError

from .models import BookingStatus, Slot, SpaceKind, TenancyKind
from .models_statements import LineKind, Price, PriceUnit
from .money import cents


@dataclass
class Line:
    """A line of a statement before it is written."""

    kind: str
    label: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    booking: object = None
    day: date | None = None
    credits: object = None  # the line a credit note's line corrects
    category: object = None  # the price category a booking is charged at


class Grid:
    """A site's prices, read once: ``price(category, kind, unit)`` or None."""

    def __init__(self, site, prices=None):
        self.site = site
        rows = prices if prices is not None else Price.objects.filter(site=site)
        self.rows = {(p.category_id, p.kind, p.unit, p.service): p for p in rows}
        self.outside = next((c for c in site.price_categories.all() if c.outside), None)

    def price(self, category, kind, unit):
        row = self.rows.get((category.pk, kind or "", unit, ""))
        return None if row is None else row.amount

    def require(self, category, kind, unit):
        amount = self.price(category, kind, unit)
        if amount is None:
            kind_label = SpaceKind(kind).label if kind else _("no space kind")
            raise DomainError(
                _(
                    "The price grid has no price for %(category)s, %(kind)s, %(unit)s: "
                    "set one (0 when it is included)."
                )
                % {"category": category.name, "kind": kind_label, "unit": PriceUnit(unit).label},
                code="price",
            )
        return amount


def is_charged(booking, site):
    """Whether ``booking`` is billed at all."""
    if booking.status in (BookingStatus.HELD, BookingStatus.CONFIRMED):
        return True
    return (
        booking.status == BookingStatus.CANCELLED
        and booking.late_cancellation
        and site.late_cancellation_charged
    )


def booking_category(booking, grid):
    if booking.over_quota or booking.tenancy_id is None:
        if grid.outside is None:
            raise DomainError(_("The site has no outside rate in its price grid."), code="price")
        return grid.outside
    return booking.tenancy.category


def booking_price(booking, grid):
    """The Line of ``booking`` (None when it is free)."""
    site = grid.site
    if not is_charged(booking, site):
        return None
    category = booking_category(booking, grid)
    space = booking.space
    unit_price = grid.require(category, space.kind, PriceUnit.HALF_DAY)
    quantity = Decimal(booking.desks) if space.is_desk_pool else Decimal(1)
    if booking.status == BookingStatus.CANCELLED:
        kind = LineKind.LATE_CANCELLATION
    elif booking.over_quota:
        kind = LineKind.OVER_QUOTA
    else:
        kind = LineKind.BOOKING
    label = _("%(space)s, %(date)s, %(slot)s") % {
        "space": space.name,
        "date": date_format(booking.date, "SHORT_DATE_FORMAT"),
        "slot": booking.get_slot_display(),
    }
    if kind == LineKind.OVER_QUOTA:
        label = _("%(what)s (beyond the quota, outside rate)") % {"what": label}
    elif kind == LineKind.LATE_CANCELLATION:
        label = _("%(what)s (cancelled late)") % {"what": label}
    if space.is_desk_pool:
        label = _("%(what)s, desks") % {"what": label}
    return Line(
        kind=kind,
        label=label,
        quantity=quantity,
        unit_price=unit_price,
        amount=cents(unit_price * quantity),
        booking=booking,
        day=booking.date,
        category=category,
    )


def whole_days(lines, grid):
    """``lines`` where the morning and the afternoon of one space on one day, booked
    at one category (and the same desks), become one line at the day price when the
    grid has one that is lower than the two half-days; other lines as they are."""
    pairs = {}
    for line in lines:
        booking = line.booking
        if (
            booking is None
            or line.kind == LineKind.LATE_CANCELLATION
            or booking.slot not in (Slot.MORNING, Slot.AFTERNOON)
        ):
            continue
        key = (booking.space_id, booking.date, line.category.pk, line.quantity)
        pairs.setdefault(key, {})[booking.slot] = line
    merged = {}
    for halves in pairs.values():
        if len(halves) != 2:
            continue
        morning, afternoon = halves[Slot.MORNING], halves[Slot.AFTERNOON]
        space = morning.booking.space
        price = grid.price(morning.category, space.kind, PriceUnit.DAY)
        if price is None or price * morning.quantity >= morning.amount + afternoon.amount:
            continue
        label = _("%(space)s, %(date)s, the day") % {
            "space": space.name,
            "date": date_format(morning.booking.date, "SHORT_DATE_FORMAT"),
        }
        if morning.kind == LineKind.OVER_QUOTA and afternoon.kind == LineKind.OVER_QUOTA:
            label = _("%(what)s (beyond the quota, outside rate)") % {"what": label}
        if space.is_desk_pool:
            label = _("%(what)s, desks") % {"what": label}
        kind = morning.kind if morning.kind == afternoon.kind else LineKind.BOOKING
        merged[id(morning)] = Line(
            kind=kind,
            label=label,
            quantity=morning.quantity,
            unit_price=price,
            amount=cents(price * morning.quantity),
            booking=morning.booking,
            day=morning.day,
            category=morning.category,
        )
        merged[id(afternoon)] = None
    result = []
    for line in lines:
        if id(line) in merged:
            if merged[id(line)] is not None:
                result.append(merged[id(line)])
        else:
            result.append(line)
    return result


def month_share(tenancy, year, month):
    """The share of the month ``tenancy`` covers, as a Fraction (days / days of month)."""
    days = calendar.monthrange(year, month)[1]
    first, last = date(year, month, 1), date(year, month, days)
    start = max(first, tenancy.starts_on)
    end = min(last, tenancy.ends_on) if tenancy.ends_on else last
    if end < start:
        return Fraction(0)
    return Fraction((end - start).days + 1, days)


def rent_lines(tenancy, year, month, grid, spaces=None, services=None):
    """The rent and service Lines of ``tenancy`` for the month (empty when it covers
    no day of it). ``spaces``/``services``: prefetched, to save queries."""
    share = month_share(tenancy, year, month)
    if share == 0:
        return []
    days = calendar.monthrange(year, month)[1]
    covered = share * days  # an int: the days of the month covered
    lines = []
    category = tenancy.category

    def add(kind, label, quantity, unit_price):
        amount = cents(Fraction(unit_price) * Fraction(quantity) * share)
        if share != 1:
            label = ngettext(
                "%(what)s, %(days)s day of %(month)s",
                "%(what)s, %(days)s days of %(month)s",
                int(covered),
            ) % {
                "what": label,
                "days": int(covered),
                "month": days,
            }
        lines.append(
            Line(
                kind=kind,
                label=label,
                quantity=Decimal(quantity),
                unit_price=unit_price,
                amount=amount,
            )
        )

    if tenancy.kind != TenancyKind.OCCASIONAL:
        for space in spaces if spaces is not None else tenancy.spaces.all():
            if space.kind == SpaceKind.OFFICE:
                price = grid.require(category, SpaceKind.OFFICE, PriceUnit.M2_MONTH)
                add(
                    LineKind.RENT,
                    _("%(space)s, %(surface)s m²")
                    % {"space": space.name, "surface": number_format(space.surface_m2)},
                    space.surface_m2,
                    price,
                )
            elif space.kind != SpaceKind.SHARED and not space.is_desk_pool:
                price = grid.require(category, space.kind, PriceUnit.MONTH)
                add(LineKind.RENT, space.name, 1, price)
        if tenancy.desks:
            price = grid.require(category, SpaceKind.DESKS, PriceUnit.MONTH)
            add(LineKind.RENT, _("Desks rented"), tenancy.desks, price)
        if tenancy.kind == TenancyKind.PART_TIME:
            price = grid.require(category, "", PriceUnit.MONTH)
            add(LineKind.RENT, _("Part-time tenancy"), 1, price)
    for subscription in (
        services if services is not None else tenancy.services.select_related("price")
    ):
        add(
            LineKind.SERVICE,
            subscription.price.service,
            subscription.quantity,
            subscription.price.amount,
        )
    return lines
