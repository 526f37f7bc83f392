"""A job café from end to end in a real browser, in French: a job seeker registers on a
phone; the organiser plans the rounds; a recruiter notes the outcome of their meeting
on a phone; three months after the café the follow-up e-mail goes out, and the seeker
answers from its link on the phone. axe-core checks the pages on the way."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from maillage.employment.models import Outcome, Seeker, Slot
from maillage.employment.services_after import send_follow_ups
from maillage.events.models import Event
from tests.employment.setting import build_cafe

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def test_from_the_registration_to_the_three_month_follow_up(
    page, browser, live_server, world, log_in, axe_check
):
    made = build_cafe(world, recruiters=2, seekers=3, rotations=3)
    cafe, stef = made.cafe, made.recruiters[0]

    # A job seeker registers on a phone.
    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/emploi/cafes/{cafe.event_id}/inscription/")
    phone.get_by_label(fr("Your name")).fill("Awa Diallo")
    phone.get_by_label(fr("Your e-mail address")).fill("awa.diallo@example.org")
    phone.get_by_label(fr("Jobs or sectors you wish")).fill("Préparation de commandes")
    phone.get_by_role("group", name=stef.name).get_by_label(fr("Very much")).check()
    phone.get_by_label(fr("I agree")).check()
    phone.get_by_role("button", name=fr("Register"), exact=True).click()
    expect(phone.get_by_role("heading", name=fr("Check your e-mail"))).to_be_visible()
    assert_no_horizontal_scroll(phone)
    awa = Seeker.objects.get(cafe=cafe, email="awa.diallo@example.org")

    # The organiser plans the rounds: Awa meets the recruiter she wished.
    log_in(world.facilitator)
    page.goto(
        f"{live_server.url}/collectifs/{world.collective.slug}/emploi/cafes/"
        f"{cafe.event_id}/rotations/"
    )
    page.get_by_role("button", name=fr("Plan"), exact=True).click()
    expect(page.locator(".rounds-grid")).to_contain_text("Awa")
    axe_check(page)
    slot = Slot.objects.get(seeker=awa)
    assert slot.recruiter == stef

    # The recruiter notes the outcome of that meeting on a phone.
    recruiter_context = browser.new_context(**PHONE)
    recruiter = recruiter_context.new_page()
    recruiter.goto(f"{live_server.url}/emploi/recruteurs/{stef.key}/")
    meeting = recruiter.locator(f"#meeting-{slot.pk}")
    expect(meeting).to_contain_text("Awa")
    meeting.get_by_role("button", name=fr("Interview proposed")).click()
    expect(meeting.get_by_role("button", name=fr("Interview proposed"))).to_have_attribute(
        "aria-pressed", "true"
    )
    axe_check(recruiter)
    assert_no_horizontal_scroll(recruiter)
    slot.refresh_from_db()
    assert slot.outcome == "interview"

    # Three months and a few days later, the periodic job sends the follow-ups.
    held = timezone.now() - timedelta(days=95)
    Event.objects.filter(pk=cafe.event_id).update(starts_at=held, ends_at=held + timedelta(hours=3))
    mail.outbox.clear()
    assert send_follow_ups() >= 2
    to_awa = [m for m in mail.outbox if m.to == ["awa.diallo@example.org"]]
    subjects = sorted(m.subject for m in to_awa)
    assert len(to_awa) == 2 and any("3" in subject for subject in subjects), subjects
    three = next(m for m in to_awa if "3" in m.subject)
    link = re.search(r"https?://\S+/emploi/inscrits/\S+/suite/", three.body).group(0)
    assert send_follow_ups() == 0  # each request goes once

    # Awa answers from the e-mail's link on her phone: hired on a permanent contract.
    phone.goto(live_server.url + urlsplit(link).path)
    axe_check(phone)
    phone.get_by_label(fr("Hired")).check()
    phone.get_by_label(fr("Type of contract")).select_option("cdi")
    phone.get_by_role("button", name=fr("Send my answer")).click()
    expect(phone.locator("#messages")).to_contain_text(fr("Thank you: your answer is recorded."))
    outcome = Outcome.objects.get(seeker=awa, checkpoint=3)
    assert (outcome.kind, outcome.contract, outcome.recorded_by) == ("hired", "cdi", "seeker")
    phone_context.close()
    recruiter_context.close()
