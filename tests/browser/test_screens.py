"""The coordinator's screens on the demo data, measured as issue 14 asks.

At 1280×800 the meeting page of the Geneva group's 17 September 2021 session, the
hub's "Cafés de l'emploi" project page and a CO-ACTE theme board holding 100 notes fit
in 2.5 screen heights before any form is opened; at 375 px wide no key page scrolls
sideways. The heights are printed (run with -s to read them).
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.collectives.models import Membership, Role
from maillage.consultations import services as consultations
from maillage.consultations.models import Consultation, Group, Note
from maillage.events.models import Event, Registration
from maillage.meetings.models import Meeting
from maillage.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 1280, "height": 800}
MAX_HEIGHT = 2.5 * SCREEN["height"]
PHONE = {"width": 375, "height": 740}
CAMILLE = "camille.martin@example.org"
FATOU = "fatou.diallo@example.org"

# Sticky notes of a SPIRAL session, to bring a CO-ACTE table to 100 notes.
NOTES = [
    "Avoir du temps pour ses proches",
    "Un logement digne et chauffé",
    "Se sentir utile dans le quartier",
    "Des transports publics le soir",
    "La peur de perdre son travail",
    "Manger sain sans se ruiner",
    "Des espaces verts près de chez soi",
    "La solitude des personnes âgées",
    "Être écouté par les élus",
    "Partager les savoirs entre générations",
]


def cookie_for(live_server, email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    return {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }


def height(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollHeight")


def sideways(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def a_table_of_100_notes():
    consultation = Consultation.objects.get(collective__slug="co-acte")
    group = Group.objects.filter(consultation=consultation).order_by("pk").first()
    lead = (
        Membership.objects.active()
        .filter(collective__slug="co-acte", role=Role.COORDINATOR)
        .first()
        .user
    )
    questions = list(consultation.questions.order_by("order", "pk"))
    missing = 100 - Note.objects.filter(group=group).count()
    for number, question in enumerate(questions):
        lines = [
            f"{NOTES[index % len(NOTES)]} ({index + 1})"
            for index in range(number, max(missing, 0), len(questions))
        ]
        if lines:
            consultations.enter_paper_notes(
                actor=lead, group=group, question=question, lines="\n".join(lines)
            )
    assert Note.objects.filter(group=group).count() >= 100
    return group, lead


def test_key_screens_fit_and_never_scroll_sideways(browser, live_server, axe_check):
    call_command("load_demo", verbosity=0)
    meeting = Meeting.objects.get(
        collective__slug="gt-rte-geneve", starts_at__date=datetime.date(2021, 9, 17)
    )
    project = Project.objects.get(collective__slug="pcpe-93", title__startswith="Cafés de l'emploi")
    group, lead = a_table_of_100_notes()
    board = reverse("consultations:theme_board", args=["co-acte", group.pk])
    measured = {
        "meeting of 17 September 2021": (CAMILLE, meeting.get_absolute_url()),
        "project Cafés de l'emploi": (FATOU, project.get_absolute_url()),
        "CO-ACTE theme board, 100 notes": (lead.email, board),
    }
    heights = {}
    for name, (email, url) in measured.items():
        context = browser.new_context(viewport=SCREEN, locale="fr-CH")
        context.add_cookies([cookie_for(live_server, email)])
        page = context.new_page()
        heights[name] = height(page, live_server.url + url)
        axe_check(page)
        context.close()
    print("\nHeights at 1280×800 before any form is opened (limit 2,000 px):")
    for name, value in heights.items():
        print(f"  {name}: {value} px ({value / SCREEN['height']:.2f} screens)")
    assert {name: value for name, value in heights.items() if value > MAX_HEIGHT} == {}

    event = Event.objects.filter(collective__slug="socialup").order_by("starts_at").last()
    registration = Registration.objects.filter(event__collective__slug="socialup").first()
    phone_pages = {
        CAMILLE: [
            reverse("core:dashboard"),
            meeting.get_absolute_url(),
            reverse("meetings:minutes", args=["gt-rte-geneve", meeting.pk]),
            reverse("collectives:detail", args=["gt-rte-geneve"]),
            reverse("meetings:list", args=["gt-rte-geneve"]),
        ],
        FATOU: [
            project.get_absolute_url(),
            reverse("projects:board", args=["pcpe-93"]),
            reverse("actions:list", args=["pcpe-93"]),
        ],
        lead.email: [board, reverse("consultations:wall", args=["co-acte", group.pk])],
        None: [
            reverse("core:home"),
            event.get_absolute_url(),
            reverse("events:agenda", args=["socialup"]),
            registration.get_absolute_url(),
        ],
    }
    too_wide = {}
    for email, urls in phone_pages.items():
        context = browser.new_context(viewport=PHONE, locale="fr-CH", is_mobile=True)
        if email:
            context.add_cookies([cookie_for(live_server, email)])
        page = context.new_page()
        for url in urls:
            overflow = sideways(page, live_server.url + url)
            if overflow > 0:
                too_wide[url] = overflow
        context.close()
    print(f"Pages wider than 375 px: {too_wide or 'none'}")
    assert too_wide == {}
