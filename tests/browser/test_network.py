"""A consultation across a network, in a browser, on the demo data: the network's page
with its consultations, naming a coordinator, a new network consultation, the
territories' syntheses and the network's synthesis of syntheses, as the network's
coordinator and as a territory's coordinator; and the page that stops a consultation's
e-mails, opened from an e-mail. axe-core on each page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from maillage.accounts.models import User
from maillage.consultations import services
from maillage.consultations.models import Consultation, Participant
from maillage.consultations.services_contact import stop_url
from tests.browser.test_screens import cookie_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANNE = "anne.schmitt@example.org"  # coordinates the TOGETHER network
NATHALIE = "nathalie.muller@example.org"  # coordinates the Mulhouse territory


def test_the_network_and_its_territories_in_a_browser(page, context, live_server, axe_check):
    call_command("load_demo", stdout=StringIO())
    spiral = Consultation.objects.get(network__slug="together")
    slug = spiral.collective.slug
    context.add_cookies([cookie_for(live_server, ANNE)])

    page.goto(live_server.url + reverse("collectives:network", args=["together"]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("TOGETHER")
    expect(page.locator("main")).to_contain_text(spiral.title)
    axe_check(page)
    page.goto(live_server.url + reverse("collectives:network_coordinators", args=["together"]))
    expect(page.locator("main")).to_contain_text("Ioana Popescu")
    axe_check(page)
    page.goto(live_server.url + reverse("consultations:network_create", args=["together"]))
    expect(page.locator("main form")).to_be_visible()
    axe_check(page)

    territories = live_server.url + reverse("consultations:territory_list", args=[slug, spiral.pk])
    page.goto(territories)
    expect(page.locator("main")).to_contain_text("Mulhouse")
    axe_check(page)
    page.goto(live_server.url + reverse("consultations:synthesis", args=[slug, spiral.pk]))
    # The synthesis of syntheses offers the published territory's themes only.
    expect(page.locator("main")).to_contain_text("Se loger dignement")
    expect(page.locator("main")).not_to_contain_text("Prendre soin des siens et de soi")
    axe_check(page)

    # A territory's coordinator: their territory's synthesis, not the other's draft.
    context.clear_cookies()
    context.add_cookies([cookie_for(live_server, NATHALIE)])
    mulhouse = reverse(
        "consultations:territory_synthesis", args=[slug, spiral.pk, "coresponsabilite-mulhouse"]
    )
    page.goto(live_server.url + mulhouse)
    expect(page.locator("main")).to_contain_text("Se loger dignement")
    axe_check(page)


def test_stopping_the_e_mails_from_the_link_of_an_e_mail(page, live_server, axe_check, world):
    from tests.consultations.workshop import build_workshop

    w = build_workshop(world)
    contact = services.leave_contact(
        participant=w.participant, email="alex@example.org", consent="Prévenez-moi"
    )
    link = stop_url(contact).split("/", 3)[3]
    page.goto(f"{live_server.url}/{link}")
    axe_check(page)
    page.get_by_role("button", name="Retirer mon adresse").click()
    expect(page.locator("[role=status]")).to_contain_text("ne serez plus prévenu")
    axe_check(page)
    assert not Participant.objects.get(pk=w.participant.pk).contact.email
    assert User.objects.filter(email="alex@example.org").count() == 0
