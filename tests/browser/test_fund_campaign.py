"""A donor on a phone, without an account, opens the public campaign page of a public
collective, gives by bank transfer, and lands on their own page with the payment
details and the GiroCode; axe-core checks the three pages."""

import pytest
from playwright.sync_api import expect

from maillage.collectives.models import Visibility
from maillage.fund.models import Gift, GiftStatus
from tests.fund.setting import build_foundation

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_a_donor_gives_by_transfer_on_a_phone(page, live_server, world, axe_check):
    fund = build_foundation(world)
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    base = f"{live_server.url}/collectifs/{world.collective.slug}/fondation"
    url = f"{base}/campagnes/{fund.campaign.pk}/"
    response = page.goto(url)
    assert response.status == 200
    expect(page.locator("progress")).to_be_visible()
    axe_check(page)
    assert_no_horizontal_scroll(page)

    page.locator(".page-actions a.button").first.click()
    expect(page.locator("form.fund-give")).to_be_visible()
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.locator("input[name=amount]").fill("60")
    # htmx asks the server whether the gift is matched, without leaving the page.
    expect(page.locator("#matching-preview")).to_contain_text("Hospice général")
    page.locator("input[name=name]").fill("Inès Moreau")
    page.locator("input[name=email]").fill("ines.moreau@example.org")
    page.locator("input[name=shown][value=shown]").check()
    page.locator("form.fund-give button[type=submit]:not([name])").click()

    gift = Gift.objects.get(donor__email="ines.moreau@example.org")
    expect(page).to_have_url(f"{live_server.url}/dons/{gift.key}/")
    expect(page.locator("#gift-reference")).to_have_text(gift.reference)
    expect(page.locator("svg[role='img']")).to_be_visible()
    axe_check(page)
    assert_no_horizontal_scroll(page)
    assert gift.status == GiftStatus.PLEDGED
    assert str(gift.amount) == "60.00"
