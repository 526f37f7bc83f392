"""The feasibility report in a real browser: the coordinator reads it on a phone and
on a desktop; axe-core checks the page (its chart is an image with a title and a
description, the same figures in a table beside it), and the lending page with it."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from maillage.employers import pooling_data
from maillage.employers.models import Job, Run, Week
from tests.employers.setting_agreements import build_agreements

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_the_report_reads_well_on_a_phone(page, live_server, world, log_in, axe_check):
    made = build_agreements(world)
    run = pooling_data.execute(Run.objects.create(group=made.group, week=Week.TERM, time_limit=2))
    proposal = run.jobs.first()
    job = Job.objects.create(
        group=made.group,
        title="Animatrice et auxiliaire",
        qualification=proposal.qualification,
        hourly_cost=Decimal("22.00"),
        holder_qualification=made.made.qualifications["bafa"],
        kept_from=proposal,
    )
    job.needs.set(proposal.needs.all())
    base = f"{live_server.url}/collectifs/{world.collective.slug}/groupement"
    log_in(world.coordinator)
    for path in ("/etude/", f"/prets/{made.ours.pk}/", "/prets/", "/mecenat/"):
        response = page.goto(base + path)
        assert response.status == 200, path
        axe_check(page)
        assert_no_horizontal_scroll(page)
    page.goto(base + "/etude/")
    expect(page.locator("svg[role='img']")).to_be_visible()
    expect(page.locator("#distribution")).to_be_visible()
    expect(page.locator("#member-shares")).to_contain_text("992")
