"""The day's rounds of a job café through a real browser, in French: the organiser
plans the rounds on the grid page; a recruiter opens their personal link on a phone
(375 px) and notes an outcome with a big button (htmx swaps the meeting in place), and
again without JavaScript. axe-core checks every page."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from maillage.employment.models import Slot
from tests.employment.setting import build_cafe

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fr(message, context=None):
    with translation.override("fr"):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


def test_the_organiser_plans_the_rounds(page, live_server, world, log_in, axe_check):
    made = build_cafe(world, recruiters=3, seekers=6, rotations=3)
    log_in(world.facilitator)
    page.goto(
        f"{live_server.url}/collectifs/{world.collective.slug}/emploi/cafes/"
        f"{made.cafe.event_id}/rotations/"
    )
    axe_check(page)
    page.get_by_role("button", name=fr("Plan"), exact=True).click()
    expect(page.locator(".rounds-grid")).to_be_visible()
    assert Slot.objects.filter(cafe=made.cafe).count() == 18
    axe_check(page)


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_a_recruiter_notes_an_outcome_on_a_phone(page, live_server, world, axe_check):
    from maillage.employment.services_rotations import plan_rotations

    made = build_cafe(world, recruiters=2, seekers=4, rotations=2)
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    recruiter = made.recruiters[0]
    slot = Slot.objects.filter(recruiter=recruiter).order_by("rotation", "pk").first()
    page.goto(f"{live_server.url}/emploi/recruteurs/{recruiter.key}/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    meeting = page.locator(f"#meeting-{slot.pk}")
    meeting.get_by_role("button", name=fr("Interview proposed")).click()
    expect(meeting.get_by_role("button", name=fr("Interview proposed"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#messages")).to_contain_text(fr("The outcome is saved."))
    slot.refresh_from_db()
    assert slot.outcome == "interview"
    axe_check(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize(
    "browser_context_args", [{**PHONE, "java_script_enabled": False}], ids=["phone-no-js"]
)
def test_without_javascript_the_outcome_is_noted_too(page, live_server, world):
    from maillage.employment.services_rotations import plan_rotations

    made = build_cafe(world, recruiters=2, seekers=4, rotations=2)
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    recruiter = made.recruiters[0]
    slot = Slot.objects.filter(recruiter=recruiter).order_by("rotation", "pk").first()
    page.goto(f"{live_server.url}/emploi/recruteurs/{recruiter.key}/")
    page.locator(f"#meeting-{slot.pk}").get_by_role("button", name=fr("No"), exact=True).click()
    expect(
        page.locator(f"#meeting-{slot.pk}").get_by_role("button", name=fr("No"), exact=True)
    ).to_have_attribute("aria-pressed", "true")
    slot.refresh_from_db()
    assert slot.outcome == "no"
