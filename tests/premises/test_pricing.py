"""Prices of bookings and rents, and the grid's refusals."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from maillage.core.errors import DomainError
from maillage.premises import pricing
from maillage.premises import services_statements as services
from maillage.premises.models import SpaceKind
from maillage.premises.models_statements import LineKind, Price, PriceUnit

from .statements_setting import after, book, occasional_tenant, priced_site

pytestmark = pytest.mark.django_db


def test_cents_round_half_up_once():
    assert pricing.cents(Fraction(5005, 1000)) == Decimal("5.01")
    assert pricing.cents(Decimal("5.004999")) == Decimal("5.00")
    assert pricing.cents(Decimal("-5.005")) == Decimal("-5.01")
    assert pricing.cents(Fraction(405 * 21, 31)) == Decimal("274.35")


def test_a_booking_beyond_the_quota_costs_the_outside_rate(world):
    premises = priced_site(world)
    grid = pricing.Grid(premises.site)
    bookings = [
        book(premises, premises.small_room, date(2030, 3, day), organisation=world.organisation)
        for day in (4, 5, 6, 7, 8)
    ]
    prices = [pricing.booking_price(b, grid) for b in bookings]
    assert [p.amount for p in prices] == [Decimal("0.00")] * 4 + [Decimal("60.00")]
    assert prices[-1].kind == LineKind.OVER_QUOTA


def test_a_booking_without_tenancy_costs_the_outside_rate_and_desks_count(world):
    premises = priced_site(world)
    grid = pricing.Grid(premises.site)
    alone = book(premises, premises.desks, date(2030, 3, 4), desks=2)
    line = pricing.booking_price(alone, grid)
    assert (line.quantity, line.unit_price, line.amount) == (
        Decimal(2),
        Decimal("15.00"),
        Decimal("30.00"),
    )


def test_a_missing_price_is_named(world):
    premises = priced_site(world)
    Price.objects.filter(category=premises.occasional, kind=SpaceKind.MEETING_ROOM).delete()
    tenant = occasional_tenant(premises)
    booking = book(
        premises, premises.small_room, date(2030, 3, 4), organisation=tenant.organisation
    )
    with pytest.raises(DomainError) as refused:
        pricing.booking_price(booking, pricing.Grid(premises.site))
    assert "Occasionnels" in refused.value.message


def test_rent_of_desks_and_part_time(world):
    premises = priced_site(world)
    premises.tenancy.desks = 2
    premises.tenancy.save()
    lines = pricing.rent_lines(premises.tenancy, 2030, 3, pricing.Grid(premises.site))
    assert [line.amount for line in lines] == [Decimal("405.00"), Decimal("300.00")]


@translation.override("en")
def test_the_grid_refuses_a_negative_price_and_more_than_two_decimals(world):
    premises = priced_site(world)
    key = (premises.outside, SpaceKind.MEETING_ROOM, PriceUnit.HALF_DAY)
    with pytest.raises(DomainError) as negative:
        services.set_prices(
            actor=world.coordinator, site=premises.site, prices={key: Decimal("-1")}
        )
    assert "negative" in negative.value.message
    with pytest.raises(DomainError) as decimals:
        services.set_prices(
            actor=world.coordinator, site=premises.site, prices={key: Decimal("60.005")}
        )
    assert "two decimals" in decimals.value.message
    assert (
        services.set_prices(
            actor=world.coordinator, site=premises.site, prices={key: Decimal("65.50")}
        )
        == 1
    )
    assert Price.objects.get(category=premises.outside, kind=SpaceKind.MEETING_ROOM).amount == (
        Decimal("65.50")
    )
    services.set_prices(actor=world.coordinator, site=premises.site, prices={key: None})
    assert not Price.objects.filter(category=premises.outside, kind=SpaceKind.MEETING_ROOM).exists()


def test_a_subscribed_service_is_billed_each_month(world):
    premises = priced_site(world)
    concierge = services.set_service_price(
        actor=world.coordinator,
        site=premises.site,
        category=premises.permanent,
        service="Conciergerie",
        amount=Decimal("35.00"),
    )
    services.subscribe_service(
        actor=world.coordinator, tenancy=premises.tenancy, price=concierge, quantity=Decimal(2)
    )
    (statement,) = services.issue_statements(
        actor=world.coordinator,
        site=premises.site,
        year=2030,
        month=3,
        now=after(2030, 3),
    )
    assert [(line.kind, line.amount) for line in statement.lines.all()] == [
        (LineKind.RENT, Decimal("405.00")),
        (LineKind.SERVICE, Decimal("70.00")),
    ]
    assert statement.total == Decimal("475.00")


def test_a_morning_and_an_afternoon_cost_the_day_price_when_it_is_lower(world):
    premises = priced_site(world)
    Price.objects.create(
        site=premises.site,
        category=premises.occasional,
        kind=SpaceKind.EVENT_ROOM,
        unit=PriceUnit.DAY,
        amount=Decimal("200.00"),
    )
    tenant = occasional_tenant(premises)
    org = tenant.organisation
    book(premises, premises.modular_room, date(2030, 3, 4), "morning", organisation=org)
    book(premises, premises.modular_room, date(2030, 3, 4), "afternoon", organisation=org)
    book(premises, premises.modular_room, date(2030, 3, 5), "morning", organisation=org)
    book(premises, premises.small_room, date(2030, 3, 6), "morning", organisation=org)
    book(premises, premises.small_room, date(2030, 3, 6), "afternoon", organisation=org)
    (statement,) = [
        s
        for s in services.issue_statements(
            actor=world.coordinator, site=premises.site, year=2030, month=3, now=after(2030, 3)
        )
        if s.tenancy == tenant
    ]
    assert [line.amount for line in statement.lines.all()] == [
        Decimal("200.00"),  # the modular room's day, not 2 × 120.00
        Decimal("120.00"),  # a morning alone
        Decimal("40.00"),  # the small room has no day price: two half-days
        Decimal("40.00"),
    ]
    assert statement.total == Decimal("400.00")
