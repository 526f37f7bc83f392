"""Pooling in a real browser: a coordinator runs the planner, reads the run's page once
it is done, keeps the job it proposes and reads the job's page (its schedule and each
member's share). axe-core checks each page; nothing is wider than a phone's screen."""

import pytest
from playwright.sync_api import expect

from tests.employers.setting import build_group

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_context_args", [{}, PHONE], ids=["desktop", "phone-375x740"])
def test_a_run_then_the_job_kept(page, live_server, world, log_in, axe_check):
    build_group(world)
    base = f"{live_server.url}/collectifs/{world.collective.slug}/groupement"
    log_in(world.coordinator)
    page.goto(f"{base}/mutualisation/")
    axe_check(page)
    page.get_by_role("button", name="Lancer le calcul").click()
    expect(page.get_by_role("heading", name="Postes proposés")).to_be_visible()
    expect(page.locator("#run-figures")).to_be_visible()
    expect(page.get_by_text("CAP AEPE, 33\u00a0h par semaine")).to_be_visible()
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Retenir ce poste").click()
    expect(page.get_by_role("heading", name="Emploi du temps de la semaine")).to_be_visible()
    expect(page.locator("#shares-table")).to_contain_text("Ligue de l'enseignement 93")
    axe_check(page)
    assert_no_horizontal_scroll(page)
