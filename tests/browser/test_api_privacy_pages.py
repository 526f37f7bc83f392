"""The pages of the open API's tokens, each person's data and open data, in a real
browser: made and revoked by clicking, axe-clean, on a phone where people read them."""

import pytest
from playwright.sync_api import expect

from maillage.api.models import ApiToken
from maillage.privacy.models import DataExport
from tests.opendata.setting import build_published

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_token_is_made_shown_once_and_revoked(page, live_server, world, log_in, axe_check):
    log_in(world.member)
    page.goto(f"{live_server.url}/comptes/jetons/")
    axe_check(page)
    page.get_by_label("Nom").fill("Agenda de notre site")
    page.get_by_label(world.collective.name).check()
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.get_by_role("heading", name="Votre nouveau jeton")).to_be_visible()
    axe_check(page)
    text = page.get_by_label("Jeton").input_value()
    token = ApiToken.objects.get(user=world.member)
    assert text.startswith("mlg_" + token.prefix) and token.digest != text
    expect(page.locator("pre code")).to_contain_text("Authorization: Bearer mlg_")
    page.get_by_role("link", name="Retour à mes jetons").click()
    expect(page.locator("section:has(#tokens)")).to_contain_text("Agenda de notre site")
    expect(page.locator("section:has(#tokens)")).not_to_contain_text(text)
    page.get_by_role("button", name="Révoquer Agenda de notre site").click()
    expect(page.locator("section:has(#tokens)")).to_contain_text("Aucun jeton")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_my_data_and_deleting_my_account_read_well(page, live_server, world, log_in, axe_check):
    log_in(world.member)
    page.goto(f"{live_server.url}/mes-donnees/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Préparer mes données").click()
    expect(page.locator("section:has(#exports)")).to_contain_text("JSON")
    export = DataExport.objects.get(user=world.member)
    assert export.is_ready
    page.get_by_role("link", name="Ce que fait la suppression de mon compte").click()
    axe_check(page)
    assert_no_horizontal_scroll(page)
    expect(page.get_by_label("Mot de passe")).to_be_visible()


def test_the_coordinators_page_and_the_open_data_page(page, live_server, world, log_in, axe_check):
    build_published(world)
    log_in(world.coordinator)
    page.goto(f"{live_server.url}/collectifs/{world.collective.slug}/donnees-personnelles/")
    axe_check(page)
    page.goto(f"{live_server.url}/collectifs/{world.collective.slug}/")
    page.get_by_role("link", name="Données ouvertes").first.click()
    axe_check(page)
    expect(page.get_by_role("link", name="ZIP").first).to_be_visible()
