"""The employment figures in a real browser: a recruitment operation's curve (an SVG
beside its table) and the job cafés' figures, read by a member; the candidates'
pipeline, read by the operation's manager. axe-core checks each page; nothing is wider
than a phone's screen."""

import pytest
from playwright.sync_api import expect

from tests.employment.setting import build_cafe
from tests.employment.setting_operations import build_operation

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_the_figures_read_well_on_a_phone(page, live_server, world, log_in, axe_check):
    operation = build_operation(world).operation
    made = build_cafe(world, seekers=3)
    base = f"{live_server.url}/collectifs/{world.collective.slug}/emploi"
    log_in(world.member)
    for path in (
        f"/operations/{operation.pk}/",
        f"/operations/{operation.pk}/candidats/",
        "/chiffres/",
        f"/cafes/{made.cafe.event_id}/chiffres/",
        "/",
    ):
        response = page.goto(base + path)
        assert response.status == 200, path
        axe_check(page)
        assert_no_horizontal_scroll(page)
    page.goto(f"{base}/operations/{operation.pk}/")
    chart = page.locator("svg[role='img']").first
    expect(chart).to_be_visible()
    expect(page.locator("table").first).to_be_visible()
