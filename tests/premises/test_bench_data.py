"""The data of the premises benchmark (bench/bench_premises.py): written with bulk
inserts, it keeps the rules the booking service keeps."""

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from django.db.models import Count
from django.db.models.functions import ExtractYear

from bench.bench_premises import (
    BASELINE,
    LARGE,
    POOL_RESERVED,
    build_site_data,
    expected_bookings,
    space_kinds,
    window,
)
from maillage.premises import halfdays
from maillage.premises.models import BLOCKING, Booking, ReservedDesks, SpaceKind, Tenancy

pytestmark = pytest.mark.django_db

TODAY = date(2030, 3, 13)


@pytest.fixture
def built():
    # A small site: 6 spaces, a quarter of a year, 4 tenants.
    return build_site_data(6, 0.25, seed=3, tenants=4, today=TODAY)


def test_the_sizes_the_issue_asks_for():
    assert expected_bookings(LARGE["n_spaces"], LARGE["years"]) == 100_000
    ratio = expected_bookings(LARGE["n_spaces"], LARGE["years"]) / expected_bookings(
        BASELINE["n_spaces"], BASELINE["years"]
    )
    assert ratio == pytest.approx(50)
    kinds = Counter(space_kinds(40))
    assert sum(kinds.values()) == 40
    assert kinds["meeting_room"] + kinds["event_room"] + kinds["desks"] >= 35
    assert kinds["desks"] >= 1 and kinds["event_room"] >= 1
    assert set(space_kinds(4)) >= {"meeting_room", "event_room", "desks"}
    first, last = window(3, TODAY)
    assert (last - first).days + 1 == round(3 * 365.25)
    assert first < TODAY - timedelta(days=2 * 365) and last > TODAY + timedelta(weeks=4)


def test_counts_as_asked(built):
    site = built["site"]
    assert site.spaces.count() == 6 == built["spaces"]
    assert Tenancy.objects.filter(site=site).count() == 4 == built["tenants"]
    bookings = Booking.objects.filter(site=site)
    assert bookings.count() == expected_bookings(6, 0.25) == built["bookings"]
    assert bookings.filter(date__lt=built["first"]).count() == 0
    assert bookings.filter(date__gt=built["last"]).count() == 0
    assert bookings.filter(date__gt=TODAY).exists()  # weeks ahead, for the search
    assert {row["y"] for row in bookings.annotate(y=ExtractYear("date")).values("y")} == {2030}


def test_no_room_is_booked_twice(built):
    rooms = (
        Booking.objects.filter(site=built["site"], exclusive=True, status__in=BLOCKING)
        .values("space", "starts_at")
        .annotate(n=Count("id"))
    )
    assert rooms.exists()
    assert max(row["n"] for row in rooms) == 1
    # Not on a closed day, not on a shared space or an office, times of the half-day.
    site = built["site"]
    for booking in Booking.objects.filter(site=site).select_related("space")[:300]:
        assert booking.space.is_bookable
        assert halfdays.closed_reason(site, booking.date) is None
        assert (booking.starts_at, booking.ends_at) == halfdays.bounds(
            site, booking.date, booking.slot
        )


def test_desk_pools_stay_within_their_desks(built):
    site = built["site"]
    reserved = ReservedDesks.objects.get(space__site=site)
    assert reserved.count == POOL_RESERVED
    pool = reserved.space
    general = pool.desks - reserved.count
    cells = defaultdict(Counter)
    for booking in Booking.objects.filter(space=pool, status__in=BLOCKING):
        assert not booking.exclusive and booking.desks >= 1
        cells[booking.date, booking.slot][booking.organisation_id] += booking.desks
    assert len(cells) > 50
    for used in cells.values():
        assert sum(used.values()) <= pool.desks
        # Others use only the general desks; the reserved organisation, its own first.
        beyond = max(0, used[reserved.organisation_id] - reserved.count)
        others = sum(n for org, n in used.items() if org != reserved.organisation_id)
        assert others + beyond <= general
    # As the booking service sees it: never fewer than zero free desks.
    some = Booking.objects.filter(space=pool, status__in=BLOCKING)[:40]
    for booking in some:
        assert halfdays.free_desks(pool, None, booking.starts_at, booking.ends_at) >= 0


def test_quotas_are_counted_month_by_month(built):
    bookings = Booking.objects.filter(site=built["site"]).select_related("tenancy")
    assert bookings.filter(over_quota=True).exists()
    for tenancy in Tenancy.objects.filter(site=built["site"], kind="permanent"):
        months = Counter(
            (b.date.year, b.date.month)
            for b in bookings.filter(
                tenancy=tenancy, exclusive=True, over_quota=False, status__in=BLOCKING
            )
        )
        assert all(n <= tenancy.quota_half_days for n in months.values())
    assert not bookings.filter(tenancy=None, over_quota=False).exists()


def test_the_same_seed_builds_the_same_site():
    first = build_site_data(3, 0.05, seed=9, tenants=2, today=TODAY, slug="a")
    second = build_site_data(3, 0.05, seed=9, tenants=2, today=TODAY, slug="b")

    def shape(site):
        return sorted(
            Booking.objects.filter(site=site).values_list(
                "space__position", "date", "slot", "desks", "status"
            )
        )

    assert first["bookings"] == second["bookings"] == expected_bookings(3, 0.05)
    assert shape(first["site"]) == shape(second["site"])
    kinds = set(first["site"].spaces.values_list("kind", flat=True))
    assert kinds == {SpaceKind.MEETING_ROOM, SpaceKind.EVENT_ROOM, SpaceKind.DESKS}
