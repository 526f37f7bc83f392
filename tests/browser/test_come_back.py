"""Coming back later, in a browser: on the participant's wall, a wrong address is refused
in place while the note being typed stays; the disclosure "Come back later from another
device" brings the return link and its QR code; that link opens the wall on another
device. axe-core on each page."""

import re

import pytest
from django.core.signing import get_cookie_signer
from playwright.sync_api import expect

from maillage.consultations.access import COOKIE_SALT, cookie_name
from maillage.consultations.models import ParticipantContact
from tests.consultations.workshop import build_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_an_address_and_coming_back_from_another_device(
    page, live_server, world, axe_check, context, browser, settings
):
    settings.SITE_URL = live_server.url
    w = build_workshop(world)
    signer = get_cookie_signer(salt=cookie_name(w.consultation) + COOKIE_SALT)
    context.add_cookies(
        [
            {
                "name": cookie_name(w.consultation),
                "value": signer.sign(w.participant.token),
                "url": live_server.url,
            }
        ]
    )
    page.goto(live_server.url + w.group.get_absolute_url())
    # On the phone, the note comes first, the mood check after it.
    assert page.locator("#note-form, #mood").first.get_attribute("id") == "note-form"
    page.fill("#note_text", "Une idée à moitié écrite")
    # A wrong address: refused in place, the note being typed stays.
    page.fill("#contact_email", "alex@")
    page.check("#contact_consent")
    page.get_by_role("button", name=re.compile("Me prévenir|Tell me", re.I)).click()
    expect(page.locator("#contact .error")).to_contain_text("alex@")
    expect(page.locator("#contact_email")).to_have_value("alex@")
    expect(page.locator("#note_text")).to_have_value("Une idée à moitié écrite")
    assert page.url == live_server.url + w.group.get_absolute_url()
    axe_check(page)
    page.fill("#contact_email", "alex@example.org")
    page.get_by_role("button", name=re.compile("Me prévenir|Tell me", re.I)).click()
    expect(page.locator("#contact [role=status]")).not_to_be_empty()
    expect(page.locator("#contact")).not_to_contain_text("alex@example.org")
    expect(page.locator("#note_text")).to_have_value("Une idée à moitié écrite")
    assert ParticipantContact.objects.get(participant=w.participant).email == "alex@example.org"
    # The return link and its QR code, loaded when the disclosure opens.
    page.locator(".come-back-area summary").click()
    expect(page.locator(".come-back-area svg.qr-code")).to_be_visible()
    link = page.locator("#return-link-url").input_value()
    assert link.startswith(live_server.url + "/revenir/")
    axe_check(page)
    # Another device: a fresh browser context, no cookie.
    other = browser.new_context()
    try:
        device = other.new_page()
        device.goto(link)
        assert device.url == live_server.url + w.group.get_absolute_url()
        expect(device.locator("#note-form")).to_be_visible()
        axe_check(device)
        device.goto(live_server.url + "/revenir/pas-un-lien/")
        expect(device.locator("h1")).to_contain_text(re.compile("retour|return", re.I))
        axe_check(device)
    finally:
        other.close()
