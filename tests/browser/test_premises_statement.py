"""A tenant's representative finds the organisation's statement on a phone, downloads
its PDF, and the test reads it back: its number and its total. The coordinator's
price grid fits a phone too (the table scrolls in its own region)."""

from datetime import UTC, datetime

import pytest
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from maillage.premises import services_statements as services
from tests.premises.statements_setting import book, priced_site

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args():
    return {**PHONE, "accept_downloads": True}


def fr(message, context=None):
    with translation.override("fr"):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


def test_a_tenant_downloads_its_statement_pdf_on_a_phone(
    page, live_server, world, log_in, axe_check
):
    from datetime import date

    premises = priced_site(
        world,
        iban="CH44 3199 9123 0008 8901 2",
        creditor_name="PTCE Les Locaux",
        creditor_address="Rue de Lausanne 20\n1201 Genève",
    )
    for day in (4, 5, 6, 7, 8):  # the fifth beyond the quota of 4: 60.00
        book(premises, premises.small_room, date(2030, 3, day), organisation=world.organisation)
    (statement,) = services.issue_statements(
        actor=world.coordinator,
        site=premises.site,
        year=2030,
        month=3,
        now=datetime(2030, 4, 2, tzinfo=UTC),
    )
    base = f"{live_server.url}/collectifs/{world.collective.slug}/locaux/{premises.site.slug}"

    log_in(world.member)
    page.goto(f"{base}/decomptes/les-miens/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=statement.number).click()
    expect(page.locator("main")).to_contain_text("465,00")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(download.value.path()).pages
    )
    assert statement.number in text
    assert "465,00 CHF" in text
    assert fr("Statement %(number)s") % {"number": statement.number} in text

    # The coordinators' grid on the same phone.
    page.context.clear_cookies()
    log_in(world.coordinator)
    page.goto(f"{base}/tarifs/")
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Prices"))
    axe_check(page)
    assert_no_horizontal_scroll(page)
