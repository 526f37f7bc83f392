"""The demo's trace through a real browser, in French: Camille opens the minutes of the
Geneva group's next session, follows a decision's trace link, reads the chain back to
the workshop's notes and forward to the pilot project, and clicks on to the project.
Then anyone reads the project's public trace from the public results. axe-core checks
every page; the trace page fits 2,000 px at 1280×800 and never scrolls sideways on a
phone."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from maillage.accounts.models import User
from maillage.demo import trace as demo
from maillage.demo.accounts import DEMO_PASSWORD
from maillage.meetings.models import Decision

from .test_foundation import assert_no_horizontal_scroll
from .test_screens import PHONE, SCREEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_HEIGHT = 2000


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def test_follow_the_trace_from_the_minutes_to_the_project(
    browser, page, live_server, log_in, axe_check
):
    call_command("load_demo", stdout=StringIO())
    decision = Decision.objects.select_related("meeting").get(
        statement__consultation__title=demo.CONSULTATION
    )
    slug = decision.collective.slug
    log_in(User.objects.get(email="camille.martin@example.org"), DEMO_PASSWORD)
    page.set_viewport_size(SCREEN)

    page.goto(live_server.url + reverse("meetings:minutes", args=[slug, decision.meeting_id]))
    axe_check(page)
    page.locator(f'a[href="{reverse("trace:decision", args=[slug, decision.pk])}"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Trace of a decision"))
    for step in ("Notes and themes", "Statements and votes", "Decisions", "Actions"):
        expect(page.get_by_role("heading", level=2, name=fr(step))).to_be_visible()
    expect(
        page.get_by_text("Tester un revenu de transition écologique à Genève").first
    ).to_be_visible()
    expect(page.get_by_text("Terrain des jardins partagés réservé")).to_be_visible()
    axe_check(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\nThe demo's trace at 1280×800: {height} px (limit {MAX_HEIGHT} px)")
    assert height <= MAX_HEIGHT, f"the trace is {height} px high"

    page.get_by_role("link", name=demo.PROJECT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.PROJECT)
    axe_check(page)
    page.get_by_role("link", name=fr("Its trace: where it comes from, what came of it")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Trace of a project"))
    axe_check(page)

    page.set_viewport_size(PHONE)
    page.reload()
    assert_no_horizontal_scroll(page)


def test_the_public_trace_from_the_public_results(page, live_server, axe_check):
    call_command("load_demo", stdout=StringIO())
    page.goto(live_server.url + reverse("projects:public_results", args=["gt-rte-geneve"]))
    axe_check(page)
    page.get_by_role("link", name=f"{fr('Trace')} {fr('of this project')}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Trace of a project"))
    expect(page.get_by_text("Terrain des jardins partagés réservé")).to_be_visible()
    expect(page.get_by_text("Léa Perrin")).to_have_count(0)
    axe_check(page)
