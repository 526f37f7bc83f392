"""Matching funds and round-ups in a real browser: the coordinator creates a matching
fund by its form and lands on its page; axe-core checks the form, the fund's page, the
list, and the round-up report form."""

import pytest
from playwright.sync_api import expect

from maillage.fund import services_recurring
from maillage.fund.models import MatchingFund
from tests.fund.setting import build_foundation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_creates_a_matching_fund(page, live_server, world, log_in, axe_check):
    fund = build_foundation(world)
    programme = services_recurring.create_round_up(
        actor=world.coordinator,
        foundation=fund.foundation,
        organisation=world.organisation,
        name="Arrondi sur salaire",
        currency="EUR",
        campaign=fund.campaign,
    )
    base = f"{live_server.url}/collectifs/{world.collective.slug}/fondation"
    log_in(world.coordinator)

    page.goto(f"{base}/abondements/nouveau/")
    axe_check(page)
    form = page.locator("form:has(input[name='ratio'])")
    form.locator("select[name='funder']").select_option(str(world.organisation.pk))
    form.locator("input[name='name']").fill("Abondement des entreprises du territoire")
    form.locator("input[name='ratio']").fill("0,5")
    form.locator("select[name='currency']").select_option("EUR")
    form.locator("input[name='total']").fill("5 000")
    form.locator("input[name='cap_per_gift']").fill("100")
    form.locator(f"input[name='campaigns'][value='{fund.campaign.pk}']").check()
    form.locator("button[type='submit']").click()

    made = MatchingFund.objects.get(name="Abondement des entreprises du territoire")
    expect(page).to_have_url(f"{base}/abondements/{made.pk}/")
    expect(page.locator("h1")).to_have_text("Abondement des entreprises du territoire")
    expect(page.locator("#matching-figures")).to_contain_text("5")
    axe_check(page)

    page.goto(f"{base}/abondements/")
    expect(page.locator("#matching-funds")).to_contain_text("Abondement des entreprises")
    axe_check(page)

    page.goto(f"{base}/arrondis/{programme.pk}/declarer/")
    axe_check(page)
    page.locator("input[name='total']").fill("312,40")
    page.locator("form:has(input[name='total']) button[type='submit']").click()
    expect(page).to_have_url(f"{base}/arrondis/{programme.pk}/")
    expect(page.locator("#round-up-reports")).to_contain_text("312")
    axe_check(page)
