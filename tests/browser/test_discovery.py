"""Discovery and the dashboard through a real browser, in French: from the home page to
/collectifs/, a search (a GET form), a public collective's coming event and its
calendar file; then a coordinator's full dashboard, also on a phone. axe-core checks
every page.
"""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from maillage.collectives.models import Visibility
from tests.events.setting import build_event
from tests.factories import CollectiveFactory
from tests.test_dashboard import fill

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def test_from_the_home_page_to_an_event_calendar_file(page, live_server, world, axe_check):
    event = build_event(world)  # RTE becomes public
    CollectiveFactory(name="PTCE Sicoval", territory="Sicoval", visibility=Visibility.PUBLIC)
    page.goto(live_server.url + "/")
    axe_check(page)
    expect(page.get_by_role("link", name=fr("Join a workshop with a code"))).to_be_visible()
    page.get_by_role("link", name=fr("Find a collective")).click()
    expect(page).to_have_url(f"{live_server.url}/collectifs/")
    axe_check(page)

    page.get_by_role("textbox", name=fr("Name or territory")).fill("sicoval")
    page.locator("main form").get_by_role("button", name=fr("Search")).click()
    expect(page.get_by_role("heading", level=3)).to_have_text(["PTCE Sicoval"])
    page.get_by_label(fr("Territory"), exact=True).select_option(world.collective.territory)
    page.get_by_role("textbox", name=fr("Name or territory")).fill("")
    page.locator("main form").get_by_role("button", name=fr("Search")).click()
    page.get_by_role("link", name=world.collective.name).click()
    axe_check(page)

    page.get_by_role("link", name=event.title).click()
    axe_check(page)
    link = page.get_by_role("link", name=fr("Add to my calendar"))
    calendar = page.request.get(live_server.url + link.get_attribute("href"))
    assert calendar.ok and "BEGIN:VCALENDAR" in calendar.text()


def test_a_coordinators_dashboard(browser, live_server, world, log_in, axe_check, page):
    fill(world, world.coordinator, 2)
    log_in(world.coordinator)
    for heading in ("Invitations to answer", "Rounds open for your vote", "My next meetings"):
        expect(page.get_by_role("heading", level=2, name=fr(heading))).to_be_visible()
    axe_check(page)
    phone = browser.new_context(**PHONE)
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    small.goto(f"{live_server.url}/tableau-de-bord/")
    assert_no_horizontal_scroll(small)
    phone.close()
