"""What htmx swaps into a page is the same as what a full reload of that page shows.

Each page below answers an htmx GET with a fragment (the view branches on
``request.htmx``). The test asks for the page both ways, finds in the full page the
element the fragment replaces (by the id of the fragment's root; out-of-band parts,
``hx-swap-oob``, go elsewhere and are left out) and compares them, whitespace and CSRF
tokens aside. A fragment that drifts from its page (a different template, a variable
missing from one of the two contexts) fails here.

A form sent with htmx gets, in the same way, the element it changed: after the htmx
POST, that element equals the same element of the page the form is on, reloaded. The
answer may move the focus onto it (``autofocus``, ``tabindex="-1"``), which a reload does
not: those two attributes aside, they are the same.
"""

import re

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.collectives import services as collectives
from maillage.collectives.models import Visibility
from maillage.consultations.models import Analysis
from maillage.governance import services as governance
from maillage.meetings import services as meetings
from maillage.meetings.models import AgendaItem

from .consultations.test_rounds import make_delphi
from .consultations.workshop import build_workshop
from .events.setting import build_event, register
from .factories import make_action
from .htmx import htmx_get, htmx_post
from .meetings.setting import build_meeting
from .meetings.test_minutes import move_to_past
from .projects.setting import build_board

pytestmark = pytest.mark.django_db


def governance_compare(client, world):
    governance.update_text(
        actor=world.coordinator,
        text=world.text,
        title=world.text.title,
        body="Nous nous réunissons pour un revenu de transition écologique et solidaire.",
        base_version=1,
    )
    client.force_login(world.member)
    url = reverse("governance:compare", args=[world.collective.slug, world.text.pk])
    return url, {"de": 1, "a": 2}


def minutes_compare(client, world):
    setting = build_meeting(world)
    move_to_past(setting)
    meetings.approve_minutes(actor=world.coordinator, meeting=setting.meeting)
    meetings.start_new_version(actor=world.coordinator, meeting=setting.meeting)
    AgendaItem.objects.filter(pk=setting.items[0].pk).update(notes="Un texte tout neuf.")
    client.force_login(world.member)
    meeting = setting.meeting
    url = reverse("meetings:compare", args=[meeting.collective.slug, meeting.pk])
    return url, {"old": 1, "new": "brouillon"}


def event_checkin(client, world):
    event = build_event(world, capacity=None)
    for number in (1, 2, 12):
        register(event, number)
    client.force_login(world.facilitator)
    url = reverse("events:checkin", args=[event.collective.slug, event.pk])
    return url, {"q": "personne 1"}


def synthesis_analysis_progress(client, world):
    workshop = build_workshop(world)
    analysis = Analysis.objects.create(
        consultation=workshop.consultation,
        group=workshop.group,
        kind=Analysis.Kind.THEMES,
        status=Analysis.Status.RUNNING,
        progress=40,
        requested_by=world.facilitator,
    )
    client.force_login(world.facilitator)
    url = reverse(
        "consultations:analysis_progress",
        args=[world.collective.slug, workshop.group.pk, analysis.pk],
    )
    return url, None


def round_analysis_progress(client, world):
    delphi = make_delphi(world, build_workshop(world))
    analysis = Analysis.objects.create(
        consultation=delphi.consultation,
        round=delphi.round,
        kind=Analysis.Kind.OPINIONS,
        requested_by=world.facilitator,
        status=Analysis.Status.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    client.force_login(world.facilitator)
    consultation = delphi.consultation
    url = reverse(
        "consultations:round_analysis_progress",
        args=[consultation.collective.slug, consultation.pk, delphi.round.number, analysis.pk],
    )
    return url, None


PAGES = {
    "governance:compare": governance_compare,
    "meetings:compare": minutes_compare,
    "events:checkin": event_checkin,
    "consultations:analysis_progress": synthesis_analysis_progress,
    "consultations:round_analysis_progress": round_analysis_progress,
}


@pytest.mark.parametrize("page", PAGES)
def test_the_htmx_fragment_is_the_same_part_of_the_full_page(client, world, page):
    url, data = PAGES[page](client, world)
    full = client.get(url, data)
    part = htmx_get(client, url, data)
    assert full.status_code == part.status_code == 200
    assert b"<html" in full.content and b"<html" not in part.content
    document = lxml.html.document_fromstring(full.content.decode())
    swapped = swapped_elements(part)
    assert swapped, "the fragment has no element to swap in"
    for element in swapped:
        name = element.get("id")
        assert name, f"the fragment's root <{element.tag}> has no id to find it by"
        found = document.get_element_by_id(name, None)
        assert found is not None, f"#{name} is not in the full page"
        assert normalised(element) == normalised(found)


def accept_request(client, world):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save(update_fields=["visibility"])
    request = collectives.request_to_join(
        user=world.outsider, collective=world.collective, message="Je représente une association."
    )
    client.force_login(world.coordinator)
    slug = world.collective.slug
    accept = reverse("collectives:accept_request", args=[slug, request.pk])
    return reverse("collectives:requests", args=[slug]), accept, {}


def action_status(client, world):
    action = make_action(
        collective=world.collective,
        title="Préparer le budget",
        owners=[world.member],
        created_by=world.coordinator,
    )
    client.force_login(world.facilitator)
    slug = world.collective.slug
    page = reverse("actions:list", args=[slug])
    data = {"status": "in_progress", "base_version": 1, "show_owner": "1", "next": page}
    return page, reverse("actions:status", args=[slug, action.pk]), data


def kanban_move(client, world):
    board = build_board(world)
    client.force_login(world.member)
    slug, action = world.collective.slug, board.actions[0]
    move = reverse("projects:kanban_move", args=[slug, action.pk])
    return reverse("projects:kanban", args=[slug]), move, {"status": "done", "base_version": 1}


FORMS = {
    "collectives:accept_request": accept_request,
    "actions:status": action_status,
    "projects:kanban_move": kanban_move,
}


@pytest.mark.parametrize("form", FORMS)
def test_what_an_htmx_form_gets_back_is_the_same_part_of_the_page_reloaded(client, world, form):
    page, url, data = FORMS[form](client, world)
    part = htmx_post(client, url, data)
    assert part.status_code == 200 and b"<html" not in part.content
    full = client.get(page)
    assert full.status_code == 200
    document = lxml.html.document_fromstring(full.content.decode())
    swapped = swapped_elements(part)
    assert swapped, "the answer has no element to swap in"
    for element in swapped:
        name = element.get("id")
        assert name, f"the answer's root <{element.tag}> has no id to find it by"
        found = document.get_element_by_id(name, None)
        assert found is not None, f"#{name} is not in the page reloaded"
        assert normalised(element, focus=False) == normalised(found, focus=False)


def swapped_elements(response):
    """The elements of an htmx answer that replace their target (not out of band)."""
    return [
        element
        for element in lxml.html.fragments_fromstring(response.content.decode().strip())
        if not isinstance(element, str) and element.get("hx-swap-oob") is None
    ]


def normalised(element, focus=True):
    if not focus:
        element = lxml.html.fromstring(lxml.html.tostring(element))
        for node in element.iter():
            node.attrib.pop("autofocus", None)
            if node.get("tabindex") == "-1":
                del node.attrib["tabindex"]
    html = lxml.html.tostring(element, encoding="unicode", with_tail=False)
    html = re.sub(r'(name="csrfmiddlewaretoken" value=)"[^"]*"', r'\1""', html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+<", "><", html).strip()
