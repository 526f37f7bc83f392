"""The orientation catalogue on a phone: someone without an account finds an offer by
need and reads who may get in, without JavaScript-only controls; a person of the
structure edits an offer's criteria. Every page axe-clean, nothing wider than 375 px."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from maillage.collectives.models import Visibility
from tests.orientation.setting import build_catalogue

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args():
    return PHONE


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def test_a_person_finds_an_offer_on_a_phone(page, live_server, world, axe_check):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    build_catalogue(world)
    page.goto(f"{live_server.url}/orientation/{world.collective.slug}/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label(fr("What are you looking for?")).select_option("remobilisation")
    page.get_by_role("button", name=fr("Search")).click()
    page.get_by_role("link", name="Qualife 50+").click()
    expect(page.locator("main")).to_contain_text("Avoir entre 50 et 64 ans")
    expect(page.locator("main")).to_contain_text(fr("to confirm with the service"))
    axe_check(page)
    assert_no_horizontal_scroll(page)


def test_the_people_of_a_structure_edit_criteria_on_a_phone(
    page, live_server, world, log_in, axe_check
):
    built = build_catalogue(world)
    log_in(world.member)
    base = f"{live_server.url}/collectifs/{world.collective.slug}/orientation"
    page.goto(f"{base}/structures/{built.hospice.pk}/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.goto(f"{base}/offres/{built.pai.uuid}/criteres/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.locator("#id_criteria-1-fact").select_option("unemployed")
    page.locator("#id_criteria-1-op").select_option("is_true")
    page.get_by_role("button", name=fr("Save the criteria")).click()
    expect(page.locator("main")).to_contain_text(fr("The criteria are saved."))
    built.pai.refresh_from_db()
    assert [c["id"] for c in built.pai.criteria] == ["age", "unemployed"]
