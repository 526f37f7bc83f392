"""NUL characters: no text a person sends is stored with one, and no page fails on one.

PostgreSQL refuses NUL in text (an error, so a 500), SQLite stores it: every input goes
through a Django form, whose text fields refuse it with a clear message.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from maillage.consultations.models import Note, Vote
from maillage.meetings import services as meeting_services
from maillage.meetings.models import Amendment, AmendmentStatus, CalendarFeed

from .consultations.test_rounds import make_delphi
from .consultations.workshop import build_workshop
from .events.setting import build_event, register
from .htmx import post_form
from .meetings.setting import build_meeting
from .meetings.test_minutes import move_to_past

pytestmark = pytest.mark.django_db
NUL = "Hors\x00sujet"


def refused():
    """Django's message for a NUL character, as the French pages write it."""
    with translation.override("fr"):
        return escape(translation.gettext("Null characters are not allowed."))


@pytest.fixture
def workshop(world):
    return build_workshop(world)


def _note_url(name, workshop, note):
    return reverse(
        f"consultations:{name}",
        args=[workshop.consultation.collective.slug, workshop.group.pk, note.pk],
    )


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("action", "field"), [("hide_note", "reason"), ("correct_note", "text")])
def test_moderating_a_note_with_a_nul_is_refused_and_stores_nothing(
    client, world, workshop, action, field, htmx
):
    client.force_login(world.facilitator)
    note = workshop.notes[0]
    response = post_form(
        client, _note_url(action, workshop, note), {field: NUL, "base_version": 1}, htmx=htmx
    )
    assert response.status_code == 200
    assert refused() in response.content.decode()
    note = Note.objects.get(pk=note.pk)
    assert (note.hidden, note.hidden_reason, note.version) == (False, "", 1)
    assert note.text == workshop.notes[0].text and not note.original_text


@pytest.mark.parametrize("htmx", [False, True])
def test_a_vote_comment_with_a_nul_is_refused_and_keeps_the_choice(client, world, workshop, htmx):
    delphi = make_delphi(world, workshop)
    browser = workshop.join(client)
    response = post_form(
        browser,
        delphi.url("vote"),
        {"statement": delphi.statements[0].pk, "choice": "1", "comment": NUL},
        htmx=htmx,
    )
    assert response.status_code == (200 if htmx else 400)
    page = response.content.decode()
    assert refused() in page
    assert 'value="1" id="' in page and "checked" in page  # the choice is kept
    assert not Vote.objects.exists()


def test_a_refusal_reason_with_a_nul_is_refused_and_the_proposal_still_waits(client, world):
    setting = build_meeting(world)
    move_to_past(setting)
    meeting_services.submit_minutes(actor=world.coordinator, meeting=setting.meeting)
    proposal = meeting_services.propose_amendment(
        actor=world.member,
        meeting=setting.meeting,
        target="general",
        comment="Il manque la liste des présents.",
    )
    client.force_login(world.coordinator)
    url = reverse(
        "meetings:amendment_decide",
        args=[setting.meeting.collective.slug, setting.meeting.pk, proposal.pk],
    )
    response = client.post(url, {"answer": "refuse", "reason": NUL})
    assert response.status_code == 400
    assert refused() in response.content.decode()
    proposal = Amendment.objects.get(pk=proposal.pk)
    assert (proposal.status, proposal.reason) == (AmendmentStatus.PENDING, "")


def test_a_calendar_for_a_collective_named_with_a_nul_is_not_made(client, world):
    client.force_login(world.member)
    response = client.post(reverse("meetings:calendars"), {"collective": "rte\x00"})
    assert response.status_code in (200, 400, 404)
    assert not CalendarFeed.objects.exists()


def test_a_wrong_join_code_with_a_nul_is_refused(client, workshop):
    response = client.post(reverse("consultations:join"), {"code": "ABC\x00EF"})
    assert response.status_code == 200
    assert refused() in response.content.decode()


def test_searches_and_filters_with_a_nul_answer_normally(client, world):
    """On PostgreSQL a NUL reaching a query is an error: every filter is a form's."""
    event = build_event(world)
    person = register(event, 1)
    slug = world.collective.slug
    client.force_login(world.facilitator)
    pages = {
        reverse("projects:board", args=[slug]): ["stream", "status", "pilot", "organisation"],
        reverse("projects:kanban", args=[slug]): ["project", "owner", "work_stream"],
        reverse("projects:timeline", args=[slug]): ["stream"],
        reverse("actions:list", args=[slug]): ["status", "owner", "meeting"],
        reverse("events:agenda", args=[slug]): ["theme", "kind", "start", "end"],
        reverse("events:checkin", args=[slug, event.pk]): ["q"],
        reverse("governance:compare", args=[slug, world.text.pk]): ["de", "a"],
    }
    for url, names in pages.items():
        response = client.get(url, dict.fromkeys(names, "x\x00"))
        assert response.status_code < 500, url  # the page, its filters refused, or elsewhere
    # Ticking someone present from a search keeps the search only if it is a text.
    response = client.post(
        reverse("events:checkin_mark", args=[slug, event.pk, person.pk]),
        {"present": "1", "q": "Pers\x00"},
    )
    assert response.status_code == 302
    assert "%00" not in response["Location"]


@pytest.mark.parametrize(
    "path", ["/agenda/ab%00cd.ics", "/reunions/reponse/ab%00cd/", "/inscriptions/ab%00cd/"]
)
def test_a_key_with_a_nul_in_the_address_is_not_found(client, path):
    """The random keys of the links in e-mails and calendars are letters, digits, - and _."""
    assert client.get(path).status_code == 404
