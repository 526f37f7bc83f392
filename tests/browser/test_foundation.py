"""The foundation through a real browser: the pages a coordinator uses, in both
languages and on a phone, each checked with axe-core (WCAG 2.1 A and AA)."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from maillage.collectives import services
from maillage.collectives.models import MembershipRequest, RequestStatus
from maillage.governance.models import GovernanceText
from tests.factories import (
    PASSWORD,
    CollectiveFactory,
    InvitationFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "locale": "fr-CH",
    "viewport": {"width": 375, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def tr(language, message, **values):
    """``message`` as the server shows it in ``language`` (from the same catalogues)."""
    with translation.override(language):
        text = translation.gettext(message)
    return text % values if values else text


def switch_language(page, to, name):
    """Press the header's language button, a POST form back to the same page."""
    url = page.url
    page.locator("header form.language-switch").get_by_role("button", name=name).click()
    expect(page.locator("html")).to_have_attribute("lang", to)
    assert page.url == url


def assert_no_horizontal_scroll(page):
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"{page.url} scrolls sideways: {widths}"
    # Every control can be reached without scrolling sideways.
    outside = page.evaluate(
        """() => [...document.querySelectorAll('a, button, input, select, textarea')]
            .filter(e => e.offsetParent !== null && !e.closest('.skip-link'))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                      || e.getBoundingClientRect().left < -0.5)
            .map(e => e.outerHTML.slice(0, 120))"""
    )
    assert not outside, f"{page.url}: controls outside the screen: {outside}"


def test_coordinator_journey_in_both_languages(page, live_server, world, axe_check):
    url = live_server.url
    collective, text, coordinator = world.collective, world.text, world.coordinator

    # Anonymous: the public home page, then the login page.
    page.goto(f"{url}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maillage")
    # The design system's three stylesheets (tokens, elements, components), all served here.
    expect(page.locator("link[rel=stylesheet]")).to_have_count(3)
    hrefs = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => l.href)")
    assert all(href.startswith(f"{url}/static/css/ds/") for href in hrefs), hrefs
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        == "rgb(11, 93, 82)"
    ), "the stylesheet is not applied"
    axe_check(page)

    page.get_by_role("main").get_by_role("link", name=tr("fr", "Log in")).click()
    expect(page).to_have_url(f"{url}/comptes/connexion/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("fr", "Log in"))
    axe_check(page)
    page.get_by_role("textbox", name=tr("fr", "E-mail address"), exact=True).fill(coordinator.email)
    page.get_by_label(tr("fr", "Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=tr("fr", "Log in")).click()

    # The dashboard lists the collective.
    expect(page).to_have_url(f"{url}/tableau-de-bord/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr("fr", "Hello %(name)s", name=coordinator.display_name)
    )
    axe_check(page)

    # The collective's home, its members, a governance text.
    page.get_by_role("link", name=collective.name).click()
    expect(page).to_have_url(f"{url}/collectifs/{collective.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(collective.name)
    expect(page.get_by_role("heading", level=2, name=tr("fr", "Who we are"))).to_be_visible()
    axe_check(page)

    collective_nav = page.get_by_role("navigation", name=tr("fr", "Collective"))
    collective_nav.get_by_role("link", name=tr("fr", "Members"), exact=True).click()
    expect(page).to_have_url(f"{url}/collectifs/{collective.slug}/membres/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr("fr", "Members of %(name)s", name=collective.short_name)
    )
    for person in (world.facilitator, world.member, world.observer):
        expect(page.get_by_text(person.display_name, exact=True)).to_be_visible()
    expect(page.get_by_text(world.outsider.display_name)).to_have_count(0)
    axe_check(page)

    page.goto(f"{url}/collectifs/{collective.slug}/")
    page.get_by_role("link", name=text.title).click()
    expect(page).to_have_url(f"{url}/collectifs/{collective.slug}/textes/{text.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text.title)
    expect(page.get_by_text(text.body)).to_be_visible()
    axe_check(page)

    # English with the header's button, then back to French; the account keeps the choice.
    page.goto(f"{url}/collectifs/{collective.slug}/")
    switch_language(page, "en", "English")
    expect(page.get_by_role("heading", level=2, name="Who we are")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    expect(page.locator("header button[lang=fr]")).to_have_text("Français")
    coordinator.refresh_from_db()
    assert coordinator.language == "en"
    axe_check(page)

    switch_language(page, "fr", "Français")
    assert tr("fr", "Who we are") != "Who we are", "the French catalogue is not compiled"
    expect(page.get_by_role("heading", level=2, name=tr("fr", "Who we are"))).to_be_visible()
    expect(page.locator("header button[lang=en]")).to_have_text("English")
    coordinator.refresh_from_db()
    assert coordinator.language == "fr"
    axe_check(page)

    # Edit the text: version 2.
    page.goto(f"{url}/collectifs/{collective.slug}/textes/{text.pk}/")
    page.get_by_role("main").get_by_role("link", name=tr("fr", "Edit"), exact=True).click()
    expect(page).to_have_url(f"{url}/collectifs/{collective.slug}/textes/{text.pk}/modifier/")
    axe_check(page)
    page.get_by_role("textbox", name=tr("fr", "Title"), exact=True).fill("Pourquoi nous coopérons")
    page.get_by_role("textbox", name=tr("fr", "Text"), exact=True).fill(
        "Nous coopérons pour un revenu de transition écologique.\n\nEt pour le territoire."
    )
    page.get_by_role("button", name=tr("fr", "Save")).click()

    expect(page).to_have_url(f"{url}/collectifs/{collective.slug}/textes/{text.pk}/")
    expect(page.locator("#messages")).to_contain_text(
        tr("fr", "A new version of the text is saved.")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Pourquoi nous coopérons")
    expect(page.get_by_text("Et pour le territoire.")).to_be_visible()
    expect(page.locator("main .meta")).to_contain_text(re.compile(r"\bversion 2\b"))
    text.refresh_from_db()
    assert (text.version, text.title) == (2, "Pourquoi nous coopérons")
    assert GovernanceText.objects.get(pk=text.pk).versions.count() == 2
    axe_check(page)

    # Its history, then the comparison of versions 1 and 2.
    page.get_by_role("link", name=tr("fr", "Versions and changes")).click()
    expect(page).to_have_url(f"{url}/collectifs/{collective.slug}/textes/{text.pk}/versions/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr("fr", "Versions of “%(title)s”", title="Pourquoi nous coopérons")
    )
    expect(page.locator("table tbody tr")).to_have_count(2)
    axe_check(page)

    page.get_by_role("link", name=tr("fr", "version %(a)s → %(b)s", a=1, b=2)).click()
    expect(page).to_have_url(re.compile(r"/comparer/\?de=1&a=2$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("fr", "Compare two versions"))
    comparison = page.locator("#comparison")
    expect(comparison.locator("del", has_text="Notre raison d'être")).to_be_visible()
    expect(comparison.locator("ins", has_text="Pourquoi nous coopérons")).to_be_visible()
    expect(comparison.locator("ins", has_text="territoire")).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_collective_pages_on_a_phone(page, live_server, world, log_in, axe_check):
    log_in(world.coordinator)
    slug = world.collective.slug

    page.goto(f"{live_server.url}/collectifs/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(world.collective.name)
    expect(page.get_by_role("link", name=world.text.title)).to_be_visible()
    assert_no_horizontal_scroll(page)
    axe_check(page)

    page.goto(f"{live_server.url}/collectifs/{slug}/membres/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr("fr", "Members of %(name)s", name=world.collective.short_name)
    )
    role = page.get_by_label(
        tr("fr", "Role of %(name)s", name=world.member.display_name), exact=True
    )
    expect(role).to_be_visible()
    assert_no_horizontal_scroll(page)
    axe_check(page)


def test_refuse_a_request_in_place_with_htmx(page, live_server, log_in, axe_check):
    collective = CollectiveFactory(public=True, name="Atelier vélo", short_name="AV")
    coordinator = MembershipFactory(collective=collective, coordinator=True).user
    person = UserFactory(display_name="Camille Requérante")
    join_request = services.request_to_join(
        user=person, collective=collective, message="J'aimerais participer."
    )

    log_in(coordinator)
    page.goto(f"{live_server.url}/collectifs/{collective.slug}/demandes/")
    row = page.locator(f"#request-{join_request.pk}")
    expect(row).to_contain_text("Camille Requérante")
    expect(row).to_contain_text("J'aimerais participer.")
    axe_check(page)

    # Without the reason: the row comes back in place with the error, tied to the field.
    page.evaluate("() => { window.notReloaded = 'still here'; }")
    reason = row.get_by_label(tr("fr", "Reason, sent to the person"))
    row.get_by_role("button", name=tr("fr", "Refuse"), exact=True).click()
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(row.locator(".error")).to_be_visible()
    assert page.evaluate("() => window.notReloaded") == "still here"
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.PENDING
    axe_check(page)

    # With a reason: the row shows the refusal, the page is not reloaded.
    reason.fill("Le groupe est complet cette année.")
    row.get_by_role("button", name=tr("fr", "Refuse"), exact=True).click()
    status = row.locator(".status-refused")
    expect(status).to_contain_text(tr("fr", "Refused"))
    expect(status).to_contain_text("Le groupe est complet cette année.")
    expect(status).to_contain_text(coordinator.display_name)
    expect(row.get_by_role("button")).to_have_count(0)
    assert page.evaluate("() => window.notReloaded") == "still here"
    assert page.url == f"{live_server.url}/collectifs/{collective.slug}/demandes/"
    axe_check(page)

    join_request = MembershipRequest.objects.get(pk=join_request.pk)
    assert join_request.status == RequestStatus.REFUSED
    assert join_request.decided_by == coordinator
    assert join_request.decision_reason == "Le groupe est complet cette année."
    assert not collective.memberships.filter(user=person).exists()


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_members_page_with_history_on_a_phone(page, live_server, world, log_in, axe_check):
    former = MembershipFactory(collective=world.collective, user__display_name="Ancienne membre")
    services.end_membership(actor=world.coordinator, membership=former, reason="Déménagement")
    InvitationFactory(collective=world.collective, invited_by=world.coordinator)
    log_in(world.coordinator)
    page.goto(f"{live_server.url}/collectifs/{world.collective.slug}/membres/")
    expect(page.get_by_role("table")).to_contain_text("Ancienne membre")
    assert_no_horizontal_scroll(page)
    axe_check(page)


def test_keyboard_focus_stays_in_the_answered_row(page, live_server, log_in):
    collective = CollectiveFactory(public=True)
    coordinator = MembershipFactory(collective=collective, coordinator=True).user
    join_request = services.request_to_join(user=UserFactory(), collective=collective)
    log_in(coordinator)
    page.goto(f"{live_server.url}/collectifs/{collective.slug}/demandes/")
    row = page.locator(f"#request-{join_request.pk}")
    row.get_by_role("textbox").fill("Le groupe est complet.")
    row.get_by_role("button", name=tr("fr", "Refuse"), exact=True).focus()
    page.keyboard.press("Enter")
    expect(row.locator(".status-refused")).to_be_visible()
    # htmx gives the focus back once the swapped row has settled, a moment after it shows.
    page.wait_for_function(
        "id => document.getElementById(id).contains(document.activeElement)",
        arg=f"request-{join_request.pk}",
        timeout=2000,
    )
    in_row = page.evaluate(
        "id => document.getElementById(id).contains(document.activeElement)",
        f"request-{join_request.pk}",
    )
    assert in_row, "focus was lost: document.activeElement is outside the answered row"
    # The answer's message is announced in the page's live region, not on a later page.
    expect(page.locator("#messages")).to_contain_text(
        tr("fr", "The request is refused; the person is told why.")
    )
