"""The week grid's data (grid.py), without the views: which cells are free, booked
(and by whom for whom), the person's own, closed, not yet available, over; desks
left in a pool; the week read from the address; a few queries whatever the week."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from maillage.premises import grid
from maillage.premises import services_bookings as services
from maillage.premises.models import ClosedPeriod, Slot

from .setting import build_site

pytestmark = pytest.mark.django_db

MONDAY = date(2030, 6, 3)


@pytest.fixture
def premises(world):
    translation.activate("en")
    yield build_site(world)
    translation.deactivate()


def cells_of(data, space):
    row = next(row for row in data.rows if row.space == space)
    return {(cell.day, cell.slot): cell for cell in row.cells}


def test_the_week_from_the_address():
    today = date(2026, 6, 3)
    assert grid.parse_week("2026-W23", today) == date(2026, 6, 1)
    assert grid.parse_week("2026-w02", today) == date(2026, 1, 5)
    for bad in ("", None, "2026-W99", "semaine", "2026-23"):
        assert grid.parse_week(bad, today) == date(2026, 6, 1)
    assert grid.week_value(date(2026, 6, 1)) == "2026-W23"


def test_once_the_weeks_last_opening_day_is_over_the_grid_shows_next_week(premises):
    site = premises.site  # open Monday to Friday
    assert grid.week_to_show(site, date(2026, 6, 5)) == date(2026, 6, 5)  # a Friday
    assert grid.week_to_show(site, date(2026, 6, 6)) == date(2026, 6, 8)  # Saturday
    assert grid.week_to_show(site, date(2026, 6, 7)) == date(2026, 6, 8)  # Sunday
    site.open_weekdays = [0, 1, 2, 3, 4, 5]
    assert grid.week_to_show(site, date(2026, 6, 6)) == date(2026, 6, 6)


def test_spaces_days_and_half_days_of_the_week(world, premises):
    data = grid.build(premises.site, world.member, MONDAY)
    # The bookable spaces in position order (no office, no kitchen), the open days.
    assert [row.space for row in data.rows] == [
        premises.small_room,
        premises.other_room,
        premises.modular_room,
        premises.desks,
    ]
    assert [day.day for day in data.days] == [date(2030, 6, d) for d in range(3, 8)]
    assert len(data.rows[0].cells) == 5 * 2
    assert (data.previous_week, data.week, data.next_week) == ("2030-W22", "2030-W23", "2030-W24")
    one = grid.build(premises.site, world.member, MONDAY, one_day=date(2030, 6, 5))
    assert [day.day for day in one.days] == [date(2030, 6, 5)] and len(one.rows[0].cells) == 2


def test_each_state_of_a_cell(world, premises):
    tuesday = date(2030, 6, 4)
    ClosedPeriod.objects.create(
        site=premises.site, starts_on=date(2030, 6, 6), ends_on=date(2030, 6, 6), reason="Ascension"
    )
    premises.other_room.available_from = date(2030, 6, 5)
    premises.other_room.save()
    services.book(
        actor=world.member,
        space=premises.small_room,
        day=tuesday,
        slots=[Slot.MORNING],
        organisation=world.organisation,
    )
    services.book(
        actor=world.facilitator, space=premises.small_room, day=tuesday, slots=[Slot.AFTERNOON]
    )
    now = datetime(2030, 6, 3, 14, tzinfo=ZoneInfo("Europe/Zurich"))

    member = cells_of(grid.build(premises.site, world.member, MONDAY, now=now), premises.small_room)
    assert member[(tuesday, "morning")].state == grid.MINE
    assert member[(tuesday, "morning")].text == "Hospice général"
    assert member[(tuesday, "afternoon")].state == grid.BOOKED
    assert member[(tuesday, "afternoon")].text == "booked"  # a person, not an organisation
    assert member[(MONDAY, "morning")].state == grid.PAST
    assert member[(MONDAY, "afternoon")].state == grid.FREE  # ends at 17:30
    assert member[(date(2030, 6, 6), "morning")].state == grid.CLOSED
    assert member[(date(2030, 6, 6), "morning")].text == "Ascension"

    coordinator = cells_of(
        grid.build(premises.site, world.coordinator, MONDAY, now=now), premises.small_room
    )
    assert coordinator[(tuesday, "afternoon")].text == world.facilitator.display_name
    other = cells_of(grid.build(premises.site, world.member, MONDAY, now=now), premises.other_room)
    assert other[(tuesday, "morning")].state == grid.NOT_YET
    assert other[(date(2030, 6, 5), "morning")].state == grid.FREE


def test_desks_left_in_a_pool_for_each_person(world, premises):
    services.book(
        actor=world.coordinator, space=premises.desks, day=MONDAY, slots=[Slot.MORNING], desks=6
    )
    member = cells_of(grid.build(premises.site, world.member, MONDAY), premises.desks)
    coordinator = cells_of(grid.build(premises.site, world.coordinator, MONDAY), premises.desks)
    # The member's organisation keeps its 6 reserved desks; everyone else has none left.
    assert member[(MONDAY, "morning")].state == grid.FREE
    assert member[(MONDAY, "morning")].free_desks == 6
    assert coordinator[(MONDAY, "morning")].state == grid.FULL
    assert coordinator[(MONDAY, "morning")].mine
    assert coordinator[(MONDAY, "afternoon")].free_desks == 6


def test_the_words_of_the_cells_link_free_ones_to_the_form(world, premises):
    data = grid.words(grid.build(premises.site, world.member, MONDAY), "/reserver/")
    cell = cells_of(data, premises.small_room)[(date(2030, 6, 4), "morning")]
    assert cell.href == f"/reserver/?space={premises.small_room.pk}&day=2030-06-04&slot=morning"
    assert cell.body == "Free" and "Petite salle 1" in cell.hidden
    assert 'href="/reserver/?space=' in data.rows[0].html and "&amp;day=" in data.rows[0].html
    # Without the right to book, nothing links.
    plain = grid.words(grid.build(premises.site, world.member, MONDAY), None)
    assert "<a " not in plain.rows[0].html


def test_the_names_in_the_cells_are_escaped(world, premises):
    world.organisation.name = "<script>alert(1)</script>"
    world.organisation.save()
    services.book(
        actor=world.member,
        space=premises.small_room,
        day=MONDAY,
        slots=[Slot.AFTERNOON],
        organisation=world.organisation,
    )
    data = grid.words(grid.build(premises.site, world.member, MONDAY), "/reserver/")
    assert "<script>" not in data.rows[0].html
    assert "&lt;script&gt;" in data.rows[0].html


def test_a_week_is_read_in_a_few_queries(world, premises, django_assert_max_num_queries):
    for day in (MONDAY, date(2030, 6, 4)):
        for space in (premises.small_room, premises.other_room, premises.desks):
            services.book(actor=world.coordinator, space=space, day=day, slots=[Slot.MORNING])
    with django_assert_max_num_queries(6):
        grid.build(premises.site, world.member, MONDAY)
