"""Referrals on a phone, with the keyboard's way through a form: a professional sends a
person to another structure's offer with a document, the receiving structure refuses it
with a reason, the sender reads why; the coordinators' counts. Every page axe-clean and
without sideways scrolling at 375 px."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from maillage.orientation.models_referrals import Referral, ReferralStatus
from tests.orientation.setting_referrals import PDF, build_network

from .test_foundation import PHONE, assert_no_horizontal_scroll, tr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args():
    return {**PHONE, "accept_downloads": True}


def test_a_referral_from_sending_to_the_reason_on_a_phone(
    page, live_server, world, log_in, axe_check, tmp_path
):
    net = build_network(world)
    base = f"{live_server.url}/collectifs/{world.collective.slug}/orientation/orientations"
    document = tmp_path / "attestation.pdf"
    document.write_bytes(PDF)

    log_in(net.sender)
    page.goto(f"{base}/nouvelle/{net.offer.uuid}/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("textbox", name=tr("fr", "First name"), exact=True).fill("Marie")
    page.get_by_role("textbox", name=tr("fr", "Last name"), exact=True).fill("Dupont")
    page.get_by_role("textbox", name=tr("fr", "Phone"), exact=True).fill("079 123 45 67")
    page.get_by_role(
        "textbox", name=tr("fr", "What the person needs, in a few lines"), exact=True
    ).fill("Un accompagnement vers l'emploi.")
    page.get_by_label(tr("fr", "A document (optional)")).set_input_files(str(document))
    # Without the consent ticked: refused, everything typed kept.
    page.get_by_role("button", name=tr("fr", "Send the referral")).click()
    expect(page.locator("main")).to_contain_text(
        tr("fr", "The person's consent is needed: ask them, then tick the box.")
    )
    expect(page.get_by_role("textbox", name=tr("fr", "Last name"), exact=True)).to_have_value(
        "Dupont"
    )
    axe_check(page)
    page.get_by_label(tr("fr", "A document (optional)")).set_input_files(str(document))
    page.get_by_role("checkbox", name=tr("fr", "The person agrees, as written above")).check()
    page.get_by_role("button", name=tr("fr", "Send the referral")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marie Dupont")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    referral = Referral.objects.get()

    page.context.clear_cookies()
    log_in(net.receiver)
    page.goto(f"{base}/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="Marie Dupont").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=tr("fr", "Download the document")).click()
    assert Path(download.value.path()).read_bytes() == PDF
    page.get_by_role("combobox", name=tr("fr", "Reason"), exact=True).select_option("no_place")
    page.get_by_role(
        "textbox", name=tr("fr", "Comment for the sender (optional)"), exact=True
    ).fill("Complet en juin.")
    page.get_by_role("button", name=tr("fr", "Refuse the referral")).click()
    expect(page.locator("main")).to_contain_text(tr("fr", "No place available"))
    axe_check(page)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFUSED

    page.context.clear_cookies()
    log_in(world.coordinator)
    page.goto(f"{base}/chiffres/")
    expect(page.locator("main")).to_contain_text("Qualife 50+")
    axe_check(page)
    assert_no_horizontal_scroll(page)
