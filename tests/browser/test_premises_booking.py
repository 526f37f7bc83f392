"""A member books a half-day on a phone (375×740): the week grid, its one-day view,
the booking form prefilled from the free cell, the booking seen on the grid.
axe-core checks the grid (week and day) and the form."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from maillage.premises.models import Booking, BookingStatus
from tests.premises.setting import build_site

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_a_member_books_a_half_day_on_a_phone(page, live_server, world, log_in, axe_check):
    premises = build_site(world)
    site = premises.site
    # A Tuesday of next week: always in the future, always open.
    today = timezone.localdate()
    tuesday = today - timedelta(days=today.weekday()) + timedelta(days=8)
    grid = f"{live_server.url}/collectifs/{world.collective.slug}/locaux/{site.slug}/planning/"

    log_in(world.member)
    page.goto(grid)
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Bookings"))
    axe_check(page)

    # One day at a time: the day fits the phone's screen.
    page.goto(f"{grid}?day={tuesday.isoformat()}")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    first_row = page.locator("table.booking-grid tbody tr").first
    expect(first_row.locator("th")).to_contain_text("Petite salle 1")
    first_row.locator("td.cell-free a").first.click()

    # The form, prefilled from the cell.
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Book a half-day"))
    axe_check(page)
    assert_no_horizontal_scroll(page)
    expect(page.get_by_label(fr("Date"))).to_have_value(tuesday.isoformat())
    page.get_by_label(fr("What for")).fill("Comité de pilotage")
    page.locator("main form").get_by_role("button", name=fr("Book")).click()

    # Back on the day: the half-day is the member's.
    expect(page.locator("td.cell-mine")).to_have_count(1)
    expect(page.locator("td.cell-mine")).to_contain_text("Hospice général")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    booking = Booking.objects.get()
    assert (booking.space, booking.date, booking.slot) == (premises.small_room, tuesday, "morning")
    assert booking.status == BookingStatus.CONFIRMED and booking.booked_by == world.member
    assert booking.purpose == "Comité de pilotage"
