"""A job seeker registers for a job café on a phone (375 px), in French, first without
JavaScript (the form is plain HTML), then opens their personal link. axe-core checks
the form and the seeker's page (with JavaScript, which it needs to run)."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from maillage.employment.models import Seeker
from tests.employment.setting import build_cafe
from tests.employment.setting_cafe import PDF

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_a_seeker_registers_on_a_phone_without_javascript(
    page, browser, live_server, world, axe_check, tmp_path
):
    made = build_cafe(world, seekers=0)
    address = f"{live_server.url}/emploi/cafes/{made.cafe.event_id}/inscription/"
    page.goto(address)
    axe_check(page)
    assert_no_horizontal_scroll(page)

    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF)
    plain = browser.new_context(**PHONE, java_script_enabled=False)
    phone = plain.new_page()
    phone.goto(address)
    phone.get_by_label(fr("Your name")).fill("Awa Diallo")
    phone.get_by_label(fr("Your e-mail address")).fill("awa.diallo@example.org")
    phone.get_by_label(fr("Jobs or sectors you wish")).fill("Préparation de commandes")
    first = phone.get_by_role("group", name=made.recruiters[0].name)
    first.get_by_label(fr("Very much")).check()
    phone.get_by_label(fr("Your CV (optional)")).set_input_files(str(cv))
    phone.get_by_label(fr("I agree")).check()
    phone.get_by_role("button", name=fr("Register"), exact=True).click()
    expect(phone.get_by_role("heading", name=fr("Check your e-mail"))).to_be_visible()
    plain.close()

    seeker = Seeker.objects.get(cafe=made.cafe)
    assert (seeker.name, seeker.email) == ("Awa Diallo", "awa.diallo@example.org")
    assert seeker.consents and seeker.cv
    assert list(seeker.wishes.values_list("recruiter", "weight")) == [(made.recruiters[0].pk, 3)]

    page.goto(f"{live_server.url}/emploi/inscrits/{seeker.key}/")
    expect(page.get_by_role("heading", name="Awa Diallo")).to_be_visible()
    axe_check(page)
    assert_no_horizontal_scroll(page)
