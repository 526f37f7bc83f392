"""A request for a room from outside, through a real browser: someone without an
account asks for a room of a public collective's site on a phone; a coordinator
accepts it on the list of requests, which then shows it confirmed. axe-core checks
both pages."""

import re
from datetime import date

import pytest
from django.utils import translation
from playwright.sync_api import expect

from maillage.collectives.models import Visibility
from maillage.premises.models import Booking, BookingStatus
from tests.premises.setting import build_site

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2030, 6, 4)  # a Tuesday


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def test_an_outsider_asks_on_a_phone_and_a_coordinator_accepts(
    page, browser, live_server, world, log_in, axe_check
):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    premises = build_site(world, public_requests=True)
    site = premises.site
    address = f"{live_server.url}/collectifs/{world.collective.slug}/locaux/{site.slug}/"

    phone = browser.new_context(**PHONE)
    outsider = phone.new_page()
    outsider.goto(f"{address}demander/")
    expect(outsider.get_by_role("heading", level=1)).to_have_text(fr("Ask for a room"))
    axe_check(outsider)
    assert_no_horizontal_scroll(outsider)
    form = outsider.locator('form[method=post][action$="demander/"]')
    form.get_by_label(fr("Your name")).fill("Mina Rossi")
    form.get_by_label(fr("Your e-mail address")).fill("mina.rossi@example.org")
    form.get_by_label(fr("What is the room for?")).fill("Assemblée de quartier")
    form.get_by_role("spinbutton", name=fr("Number of people")).fill("6")
    form.get_by_label(fr("Date"), exact=False).first.fill(DAY.isoformat())
    form.get_by_label(re.compile(r"Petite salle 1 \(")).check()
    form.get_by_label(re.compile("J'accepte que")).check()
    form.get_by_role("button", name=fr("Send the request")).click()
    expect(outsider.locator("body")).to_contain_text("Merci")
    axe_check(outsider)
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.REQUESTED and booking.space == premises.small_room
    phone.close()

    log_in(world.coordinator)
    page.goto(f"{address}demandes/")
    row = page.locator(f"#request-{booking.room_requests.get().pk}")
    expect(row).to_contain_text("Mina Rossi")
    axe_check(page)
    row.get_by_role("button", name=fr("Accept")).click()
    row = page.locator(f"#request-{booking.room_requests.get().pk}")
    expect(row.locator(".badge")).to_have_text(fr("confirmed"))
    axe_check(page)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
