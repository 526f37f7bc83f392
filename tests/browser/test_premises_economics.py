"""The economic model on a phone: a coordinator saves a scenario from the Sicoval 2013
model, reads its result, charts and tables, and the occupancy page; each page passes
axe-core and none scrolls sideways at 375 px."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from maillage.premises.models_economics import Scenario
from tests.premises.setting import build_site

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_a_coordinator_saves_and_reads_a_scenario_on_a_phone(
    page, live_server, world, log_in, axe_check
):
    premises = build_site(world)
    base = f"{live_server.url}/collectifs/{world.collective.slug}/locaux/{premises.site.slug}"
    log_in(world.coordinator)
    page.goto(f"{base}/modele-economique/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=fr("From the Sicoval 2013 model")).click()
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label(fr("Name of the scenario")).fill("Sicoval 2013")
    page.get_by_role("button", name=fr("Save the scenario")).click()
    expect(page.locator("h1")).to_have_text("Sicoval 2013")
    assert Scenario.objects.get(site=premises.site).version == 1
    expect(page.locator("svg.chart-lines")).to_have_count(2)
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.goto(f"{base}/occupation/?year=2030")
    expect(page.locator("svg.chart-heatmap")).to_have_count(1)
    axe_check(page)
    assert_no_horizontal_scroll(page)
