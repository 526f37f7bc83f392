"""A priced site for the tests of prices and statements.

``priced_site(world)`` is ``build_site`` with a price grid (CHF):

| category     | meeting room | modular room | desk    | office      | desk rented | part-time |
|              | a half-day   | a half-day   | half-day| a m², month | a month     | a month   |
| Permanents   | 0.00         | 0.00         | 0.00    | 22.50       | 150.00      |           |
| Occasionnels | 40.00        | 120.00       | 10.00   |             |             | 300.00    |
| Extérieurs   | 60.00        | 180.00       | 15.00   |             |             |           |

and the world's permanent tenancy rents the office (18 m²: 405.00 a month).
"""

from datetime import UTC, datetime
from decimal import Decimal

from django.db import transaction

from maillage.premises import halfdays
from maillage.premises.booking_core import reserve_half_day
from maillage.premises.models import SpaceKind
from maillage.premises.models_statements import Price, PriceUnit

from ..factories import OrganisationFactory
from .setting import TenancyFactory, build_site

# Bookings are made "now" = the first day of 2030, so every date of 2030 is to come.
BOOKED_AT = datetime(2030, 1, 1, tzinfo=UTC)

GRID = {
    "permanent": {
        (SpaceKind.MEETING_ROOM, PriceUnit.HALF_DAY): "0.00",
        (SpaceKind.EVENT_ROOM, PriceUnit.HALF_DAY): "0.00",
        (SpaceKind.DESKS, PriceUnit.HALF_DAY): "0.00",
        (SpaceKind.OFFICE, PriceUnit.M2_MONTH): "22.50",
        (SpaceKind.DESKS, PriceUnit.MONTH): "150.00",
    },
    "occasional": {
        (SpaceKind.MEETING_ROOM, PriceUnit.HALF_DAY): "40.00",
        (SpaceKind.EVENT_ROOM, PriceUnit.HALF_DAY): "120.00",
        (SpaceKind.DESKS, PriceUnit.HALF_DAY): "10.00",
        ("", PriceUnit.MONTH): "300.00",
    },
    "outside": {
        (SpaceKind.MEETING_ROOM, PriceUnit.HALF_DAY): "60.00",
        (SpaceKind.EVENT_ROOM, PriceUnit.HALF_DAY): "180.00",
        (SpaceKind.DESKS, PriceUnit.HALF_DAY): "15.00",
    },
}


def priced_site(world, **site_fields):
    premises = build_site(world, **site_fields)
    for name, prices in GRID.items():
        category = getattr(premises, name)
        for (kind, unit), amount in prices.items():
            Price.objects.create(
                site=premises.site, category=category, kind=kind, unit=unit, amount=Decimal(amount)
            )
    premises.tenancy.spaces.add(premises.office)
    return premises


def occasional_tenant(premises, name="Les Francas", **fields):
    fields.setdefault("kind", "occasional")
    fields.setdefault("quota_half_days", 0)
    return TenancyFactory(
        site=premises.site,
        organisation=OrganisationFactory(name=name),
        category=premises.occasional,
        **fields,
    )


def book(premises, space, day, slot="morning", organisation=None, **fields):
    with transaction.atomic():
        site = halfdays.lock_site(premises.site)
        return reserve_half_day(
            site=site,
            space=space,
            day=day,
            slot=slot,
            organisation=organisation,
            now=BOOKED_AT,
            **fields,
        )


def after(year, month):
    """An instant once ``month`` of ``year`` is over."""
    if month == 12:
        return datetime(year + 1, 1, 2, 12, tzinfo=UTC)
    return datetime(year, month + 1, 2, 12, tzinfo=UTC)
