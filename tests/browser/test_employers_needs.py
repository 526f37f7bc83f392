"""The employer group's need form and qualifications table through a real browser, in
French: the world's member declares a need for their employer, adds rows (a plain submit
button: the page has no script) without losing what they typed, and sends it; the
qualifications table reads as a table. axe-core checks every page (it runs in the page,
so these tests keep JavaScript on; the views' tests post the form as a browser without
JavaScript does)."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from maillage.employers.models import Need
from tests.employers.setting import build_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def test_a_member_declares_a_need_and_adds_rows(page, live_server, world, log_in, axe_check):
    made = build_group(world)
    log_in(world.member)
    base = f"{live_server.url}/collectifs/{world.collective.slug}/groupement/"
    page.goto(f"{base}besoins/declarer/")
    axe_check(page)
    page.locator("#id_family").select_option(label=made.families["entretien"].name)
    page.locator("#id_site").select_option(index=1)
    page.locator("#id_starts_on").fill("2027-01-04")
    page.locator("#id_slots-0-day").select_option("0")
    page.locator("#id_slots-0-start").fill("06:00")
    page.locator("#id_slots-0-end").fill("08:00")
    page.get_by_role("button", name=fr("Add rows")).click()
    expect(page.locator("table.slot-rows tbody tr")).to_have_count(12)
    expect(page.locator("#id_slots-0-start")).to_have_value("06:00")
    expect(page.locator("#id_slots-0-end")).to_have_value("08:00")
    expect(page.locator("#id_starts_on")).to_have_value("2027-01-04")
    expect(page.locator("#typed-hours")).to_contain_text("2")
    axe_check(page)
    page.locator("#id_slots-9-day").select_option("2")
    page.locator("#id_slots-9-start").fill("06:00")
    page.locator("#id_slots-9-end").fill("08:30")
    page.get_by_role("button", name=fr("Declare the need")).click()
    expect(page.locator("#need-slots")).to_be_visible()
    need = Need.objects.latest("pk")
    assert (need.employer_id, need.minutes) == (made.own.pk, 270)
    axe_check(page)


def test_the_qualifications_table(page, live_server, world, log_in, axe_check):
    build_group(world)
    log_in(world.coordinator)
    page.goto(f"{live_server.url}/collectifs/{world.collective.slug}/groupement/qualifications/")
    grid = page.locator("#qualification-grid")
    expect(grid.get_by_role("rowheader", name="CAP AEPE")).to_be_visible()
    expect(grid.locator("td.covers").first).to_have_text(fr("yes"))
    axe_check(page)
    page.goto(f"{live_server.url}/collectifs/{world.collective.slug}/groupement/")
    axe_check(page)
