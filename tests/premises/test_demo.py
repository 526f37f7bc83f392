"""The demo's shared premises: the Sicoval PTCE's site as the seed minutes of 5 March
2013 describe it, and two months of bookings made as every booking is."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from maillage.collectives.models import Collective, Membership
from maillage.demo.premises import french_holidays
from maillage.premises import halfdays
from maillage.premises.models import (
    BLOCKING,
    Booking,
    BookingSeries,
    BookingStatus,
    ReservedDesks,
    Site,
    SpaceKind,
    Tenancy,
    TenancyKind,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    call_command("load_demo", stdout=StringIO())
    return Site.objects.get(collective__slug="ptce-sicoval")


def _today(site):
    return halfdays.local_today(site)


def test_the_site_and_its_spaces_are_the_seeds(site):
    assert (site.currency, site.time_zone, site.surface_m2) == ("EUR", "Europe/Paris", 1000)
    assert "Labège" in site.address
    spaces = site.spaces.all()
    now = Counter(space.kind for space in spaces if space.available_from is None)
    assert now == {
        SpaceKind.MEETING_ROOM: 2,
        SpaceKind.EVENT_ROOM: 1,
        SpaceKind.OFFICE: 2,
        SpaceKind.DESKS: 1,
        SpaceKind.SHARED: 3,
    }
    modular = spaces.get(kind=SpaceKind.EVENT_ROOM)
    assert modular.surface_m2 == 100
    assert not any(space.is_bookable for space in spaces.filter(kind=SpaceKind.SHARED))
    # The 500 m² to come.
    later = [space for space in spaces if space.available_from is not None]
    assert sum(space.surface_m2 for space in later) == 500
    assert all(space.available_from > _today(site) for space in later)


def test_twelve_desks_of_which_six_for_coopaction(site):
    pool = site.spaces.get(kind=SpaceKind.DESKS, available_from=None)
    assert pool.desks == 12
    reserved = ReservedDesks.objects.get(space=pool)
    assert (reserved.organisation.name, reserved.count) == ("Coop'action", 6)


def test_the_tenants_of_the_seed(site):
    today = _today(site)
    tenancies = Tenancy.objects.filter(site=site).select_related("organisation")
    current = [t for t in tenancies if t.starts_on <= today]
    later = [t for t in tenancies if t.starts_on > today]
    kinds = Counter(t.kind for t in current)
    assert kinds == {TenancyKind.PERMANENT: 9, TenancyKind.PART_TIME: 2, TenancyKind.OCCASIONAL: 7}
    part_time = {t.organisation.name: t.weekdays for t in current if t.kind == "part_time"}
    assert set(part_time) == {"BGE Sud-Ouest", "Alter Habitat"}
    assert all(len(set(days)) == 2 for days in part_time.values())
    assert [t.organisation.name for t in later] == ["Les Francas de la Haute-Garonne"]
    # A few months ahead, as "from 2014" was in the seed.
    assert today + timedelta(days=60) < later[0].starts_on < today + timedelta(days=200)
    assert site.price_categories.filter(outside=True).count() == 1
    assert site.price_categories.count() == 4


def test_every_tenant_is_represented_in_the_collective(site):
    collective = Collective.objects.get(slug="ptce-sicoval")
    represented = set(
        Membership.objects.active()
        .filter(collective=collective)
        .values_list("organisation_id", flat=True)
    )
    tenants = set(Tenancy.objects.filter(site=site).values_list("organisation_id", flat=True))
    assert len(tenants) == 19
    assert tenants <= represented
    assert tenants <= set(collective.organisations.values_list("pk", flat=True))
    people = Membership.objects.filter(collective=collective, organisation__in=tenants)
    assert all(m.user.email.endswith("@example.org") for m in people)


def test_two_months_of_bookings_never_booked_twice(site):
    today = _today(site)
    bookings = Booking.objects.filter(site=site)
    months = {(b.date.year, b.date.month) for b in bookings.exclude(status="requested")}
    previous = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    assert months == {(previous.year, previous.month), (today.year, today.month)}
    assert bookings.count() > 150
    blocking = bookings.filter(status__in=BLOCKING)
    rooms = Counter(
        (b.space_id, b.date, b.slot) for b in blocking.filter(exclusive=True).only("space", "date")
    )
    assert max(rooms.values()) == 1
    pool = site.spaces.get(kind=SpaceKind.DESKS, available_from=None)
    desks = Counter()
    for booking in blocking.filter(space=pool):
        desks[booking.date, booking.slot] += booking.desks
    assert 0 < max(desks.values()) <= 12
    # Nothing on a closed day.
    assert all(halfdays.closed_reason(site, day) is None for day in {b.date for b in bookings})


def test_the_bookings_tell_the_demos_stories(site):
    bookings = Booking.objects.filter(site=site)
    assert bookings.filter(over_quota=True, tenancy__kind=TenancyKind.PERMANENT).exists()
    late = bookings.get(late_cancellation=True)
    assert late.status == BookingStatus.CANCELLED
    assert late.starts_at - late.cancelled_at < timedelta(hours=site.cancellation_hours)
    series = BookingSeries.objects.get(site=site)
    assert series.bookings.count() >= 5
    reasons = [skip["reason"] for skip in series.skipped]
    assert any("il y a déjà une réservation" in reason for reason in reasons)
    request = bookings.get(status=BookingStatus.REQUESTED)
    assert request.requester_email.endswith("@example.org")
    assert request.date > _today(site) and request.booked_by is None


def test_loading_again_creates_nothing(site):
    before = Booking.objects.count(), Membership.objects.count(), Tenancy.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert (Booking.objects.count(), Membership.objects.count(), Tenancy.objects.count()) == before
    assert Site.objects.filter(collective__slug="ptce-sicoval").count() == 1


def test_french_public_holidays():
    holidays = dict(french_holidays(2026))
    # Easter Sunday 2026 is on 5 April.
    assert holidays[date(2026, 4, 6)] == "Lundi de Pâques"
    assert holidays[date(2026, 5, 14)] == "Ascension"
    assert holidays[date(2026, 5, 25)] == "Lundi de Pentecôte"
    assert len(holidays) == 11
    assert date(2027, 3, 29) in dict(french_holidays(2027))  # Easter Monday 2027


def test_the_site_closes_on_the_holidays_and_in_summer(site):
    today = _today(site)
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    closed = {period.starts_on: period.reason for period in site.closed_periods.all()}
    for day, name in french_holidays(today.year) + french_holidays(first.year):
        if first <= day <= today.replace(day=28) + timedelta(days=4):
            assert closed[day] == name
    summer = site.closed_periods.get(reason="Fermeture estivale")
    assert (summer.starts_on.month, (summer.ends_on - summer.starts_on).days) == (8, 20)


def test_last_months_statements_add_up_and_two_are_paid(site):
    from maillage.premises.models_statements import Statement
    from maillage.premises.services_statements import verify_chain

    statements = list(Statement.objects.filter(site=site).prefetch_related("lines"))
    previous = (_today(site).replace(day=1) - timedelta(days=1)).replace(day=1)
    assert len(statements) >= 10
    assert {(s.year, s.month) for s in statements} == {(previous.year, previous.month)}
    for statement in statements:
        assert statement.total == sum(line.amount for line in statement.lines.all())
        assert statement.total > 0
    assert sum(1 for s in statements if s.paid_on is not None) == 2
    assert verify_chain(site) == []
    # Every tenant billed is one of the site's; the permanents pay their offices' rent.
    numbers = sorted(s.number for s in statements)
    assert numbers[0].endswith("-0001") and len(set(numbers)) == len(numbers)


def test_the_2013_scenario_and_its_break_even(site):
    from maillage.premises import economics
    from maillage.premises.models_economics import Scenario

    scenario = Scenario.objects.get(site=site)
    version = scenario.versions.get()
    result = economics.compute(economics.parse(version.inputs))
    assert result == economics.compute(economics.parse(economics.SICOVAL_2013))
    assert result.break_even
