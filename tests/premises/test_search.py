"""The availability search: free (room, date, half-day) in date order."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from maillage.premises import halfdays
from maillage.premises.booking_core import reserve_half_day
from maillage.premises.models import BookingStatus, ClosedPeriod, Slot, SpaceKind
from maillage.premises.search import find_free

from .setting import SpaceFactory, build_site

pytestmark = pytest.mark.django_db

MONDAY = date(2030, 6, 3)
NOW = datetime(2030, 6, 1, 10, 0, tzinfo=UTC)


def book(premises, space, day, slot, **fields):
    with transaction.atomic():
        site = halfdays.lock_site(premises.site)
        return reserve_half_day(site=site, space=space, day=day, slot=slot, now=NOW, **fields)


def test_a_room_for_20_on_a_tuesday_afternoon(world):
    premises = build_site(world)
    found = find_free(
        premises.site, people=20, weekday=1, slot=Slot.AFTERNOON, start=MONDAY, weeks=4, now=NOW
    )
    assert [(f.space, f.date, f.slot) for f in found] == [
        (premises.modular_room, MONDAY + timedelta(days=1 + 7 * week), Slot.AFTERNOON)
        for week in range(4)
    ]


def test_taken_closed_too_small_and_not_yet_available_are_left_out(world):
    premises = build_site(world)
    book(premises, premises.small_room, MONDAY, Slot.MORNING)
    ClosedPeriod.objects.create(
        site=premises.site,
        starts_on=MONDAY + timedelta(days=1),
        ends_on=MONDAY + timedelta(1),
        reason="Fête",
    )
    premises.other_room.available_from = MONDAY + timedelta(days=2)
    premises.other_room.save()
    found = find_free(
        premises.site, people=8, start=MONDAY, weeks=1, kind=SpaceKind.MEETING_ROOM, now=NOW
    )
    keys = {(f.space.pk, f.date, f.slot) for f in found}
    assert (premises.small_room.pk, MONDAY, Slot.MORNING) not in keys  # taken
    assert (premises.small_room.pk, MONDAY, Slot.AFTERNOON) in keys  # back to back: free
    assert not [f for f in found if f.date == MONDAY + timedelta(days=1)]  # closed
    assert not [f for f in found if f.date.weekday() >= 5]  # the weekend
    assert (premises.other_room.pk, MONDAY, Slot.MORNING) not in keys  # still to come
    assert (premises.other_room.pk, MONDAY + timedelta(days=2), Slot.MORNING) in keys
    assert (
        find_free(
            premises.site, people=9, start=MONDAY, weeks=1, kind=SpaceKind.MEETING_ROOM, now=NOW
        )
        == []
    )
    assert [f.date for f in found] == sorted(f.date for f in found)


def test_an_expired_hold_no_longer_blocks_and_step_free_filters(world):
    premises = build_site(world)
    book(
        premises,
        premises.modular_room,
        MONDAY,
        Slot.MORNING,
        status=BookingStatus.HELD,
        hold_until=NOW + timedelta(hours=1),
    )

    def free_now(now, **kw):
        return {
            (f.date, f.slot)
            for f in find_free(premises.site, people=30, start=MONDAY, weeks=1, now=now, **kw)
        }

    assert (MONDAY, Slot.MORNING) not in free_now(NOW)
    assert (MONDAY, Slot.MORNING) in free_now(NOW + timedelta(hours=2))
    premises.modular_room.step_free = False
    premises.modular_room.save()
    assert free_now(NOW, step_free=True) == set()


def test_the_search_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    premises = build_site(world)
    for index in range(20):
        space = SpaceFactory(site=premises.site, capacity=10, position=10 + index)
        book(premises, space, MONDAY + timedelta(days=index % 5), Slot.MORNING)
    with django_assert_max_num_queries(3):
        found = find_free(premises.site, people=2, start=MONDAY, weeks=12, now=NOW)
    assert len(found) > 1000


def test_the_search_page_for_members_and_its_bad_input(client, world):
    premises = build_site(world)
    client.force_login(world.member)
    page = reverse("premises:search", args=[world.collective.slug, premises.site.slug])
    assert client.get(page).status_code == 200
    response = client.get(page, {"people": "20", "weekday": "1", "slot": "afternoon", "weeks": "4"})
    assert response.status_code == 200
    assert premises.modular_room.name in response.content.decode()
    wrong = client.get(page, {"people": "20", "weeks": "13"})
    assert wrong.status_code == 400
    assert "Entre 1 et 12 semaines." in wrong.content.decode()
    assert 'value="20"' in wrong.content.decode()
