"""Grants in a real browser: a committee member scores an application with the one form
over the rubric; axe-core checks the call's page and the application's page."""

import pytest
from playwright.sync_api import expect

from maillage.fund.models import Score
from tests.fund.setting import build_foundation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_committee_member_scores_an_application(page, live_server, world, log_in, axe_check):
    fund = build_foundation(world)
    base = f"{live_server.url}/collectifs/{world.collective.slug}/fondation"
    log_in(world.member)
    response = page.goto(f"{base}/appels/{fund.call.pk}/")
    assert response.status == 200
    axe_check(page)
    expect(page.locator("#results-table")).to_contain_text(fund.application.title)
    page.locator("#results-table").get_by_role("link", name=fund.application.title).click()
    utility, feasibility = fund.criteria
    page.locator(f"#id_criterion_{utility.pk}").fill("4")
    page.locator(f"#id_criterion_{feasibility.pk}").fill("3")
    page.locator(f"#id_comment_{utility.pk}").fill("Un vrai besoin du quartier.")
    axe_check(page)
    page.locator("#score-form").get_by_role("button").click()
    expect(page.locator("#messages .toast").first).to_be_visible()
    assert sorted(Score.objects.filter(member=world.member).values_list("value", flat=True)) == [
        3,
        4,
    ]
    # The form shows the scores given, to change until the decision.
    expect(page.locator(f"#id_criterion_{utility.pk}")).to_have_value("4")
    axe_check(page)
    page.goto(f"{base}/appels/{fund.call.pk}/")
    expect(page.locator("#results-table")).to_contain_text("73,3")
