"""Public discovery: the list of public collectives (/collectifs/), the home page's ways
in, a public collective's coming events, and an event's own calendar file.

Private collectives (``world.collective`` until an event makes it public, and
``world.other``) and their events never show to anyone on these pages, their members
included.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from maillage.collectives.models import Visibility
from maillage.events.models import Event

from .events.setting import build_event, register
from .factories import CollectiveFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LIST = reverse("collectives:list")


@pytest.fixture
def visitor(client):
    """An anonymous visitor reading the site in English (language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def public(name, territory, **fields):
    return CollectiveFactory(name=name, territory=territory, visibility=Visibility.PUBLIC, **fields)


@pytest.fixture
def hubs(english):
    """Three public collectives beside the world's two private ones."""
    return [
        public(
            "Pôle citoyen pour l'emploi 93", "Seine-Saint-Denis", region="93", short_name="PCPE"
        ),
        public("PTCE Sicoval", "Sicoval", region="31", short_name="PTCE"),
        public("Groupe de travail RTE Genève", "Genève", region="GE", short_name="RTE"),
    ]


def names(response):
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    return [collective.name for collective in response.context["page"].object_list]


# ---------------------------------------------------------------------- /collectifs/


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "coordinator"])
def test_the_list_shows_public_collectives_only_to_everyone(client, english, hubs, persona):
    person = english.persona(persona)
    if person is not None:
        client.force_login(person)
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == sorted(hub.name for hub in hubs)
    text = response.content.decode()
    for private in (english.collective, english.other):
        assert private.name not in text and private.get_absolute_url() not in text
    assert hubs[1].get_absolute_url() in text


def test_search_by_name_or_territory(visitor, hubs):
    assert names(visitor.get(LIST, {"q": "sicoval"})) == ["PTCE Sicoval"]
    assert names(visitor.get(LIST, {"q": "Genève"})) == ["Groupe de travail RTE Genève"]
    assert names(visitor.get(LIST, {"q": "93"})) == ["Pôle citoyen pour l'emploi 93"]
    assert names(visitor.get(LIST, {"q": "pôle emploi"})) == ["Pôle citoyen pour l'emploi 93"]
    response = visitor.get(LIST, {"q": "Lausanne"})
    assert names(response) == []
    assert "No public collective matches this search." in response.content.decode()


def test_the_search_never_finds_a_private_collective(visitor, english, hubs):
    response = visitor.get(LIST, {"q": english.collective.name})
    assert names(response) == []
    assert english.collective.name not in response.content.decode().replace(
        f'value="{english.collective.name}"', ""
    )


def test_filter_by_territory(visitor, hubs):
    response = visitor.get(LIST, {"territory": "Sicoval"})
    assert names(response) == ["PTCE Sicoval"]
    text = response.content.decode()
    # The territories offered are the public collectives' ones, the private ones' not.
    assert '<option value="Seine-Saint-Denis">' in text
    territories = list(response.context["form"].fields["territory"].choices)
    assert [value for value, _label in territories] == [
        "",
        "Genève",
        "Seine-Saint-Denis",
        "Sicoval",
    ]


def test_an_unknown_territory_is_refused_and_the_search_kept(visitor, hubs):
    response = visitor.get(LIST, {"q": "PTCE", "territory": "Atlantide"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Select a valid choice." in text and 'value="PTCE"' in text
    assert names(response) == ["PTCE Sicoval"]  # the valid part still applies


def test_a_search_with_a_nul_is_refused_not_run(visitor, hubs):
    """PostgreSQL cannot compare a text holding NUL: the form refuses it first."""
    response = visitor.get(LIST, {"q": "Sico\x00val", "territory": "x\x00", "page": "\x00"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert names(response) == sorted(hub.name for hub in hubs)


def test_pages_of_twenty_keep_the_search(visitor, english):
    for number in range(25):
        public(f"Collectif de quartier {number:02d}", "Genève")
    first = visitor.get(LIST, {"q": "quartier"})
    assert len(names(first)) == 20 and first.context["page"].paginator.num_pages == 2
    assert "q=quartier&amp;page=2" in first.content.decode()
    second = visitor.get(LIST, {"q": "quartier", "page": 2})
    assert names(second) == [f"Collectif de quartier {n}" for n in range(20, 25)]
    assert visitor.get(LIST, {"page": "x"}).status_code == 200  # the first page


def test_the_list_leads_to_a_collectives_agenda(visitor, english):
    build_event(english)  # makes RTE public, with one coming event
    text = visitor.get(LIST).content.decode()
    assert reverse("events:agenda", args=[english.collective.slug]) in text
    assert "1 upcoming event" in text


# -------------------------------------------------------------------------- home page


def test_the_home_page_leads_to_collectives_events_and_workshops(visitor, english, hubs):
    event = build_event(english)
    draft = build_event(english, title="Brouillon d'atelier", publish=False)
    private = CollectiveFactory(name="Collectif discret")
    MembershipFactory(collective=private, user=english.coordinator)
    hidden = Event.objects.create(
        collective=private,
        title="Soirée interne",
        kind="round_table",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
        status="published",
        created_by=english.coordinator,
    )
    text = visitor.get(reverse("core:home")).content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    assert f'href="{LIST}"' in text
    assert reverse("consultations:join") in text and "Join a workshop with a code" in text
    assert event.get_absolute_url() in text
    assert reverse("events:agenda", args=[english.collective.slug]) in text
    assert draft.title not in text
    assert hidden.title not in text and private.name not in text


# ------------------------------------------------------------ a public collective's page


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_a_public_collective_lists_its_coming_events(client, english, persona):
    person = english.persona(persona)
    if person is not None:
        client.force_login(person)
    coming = build_event(english, title="Table ronde de mai", days_ahead=10)
    later = build_event(english, title="Job café de juin", days_ahead=40)
    past = build_event(english, title="Table ronde de l'an passé", days_ahead=-30)
    draft = build_event(english, title="Atelier en préparation", publish=False)
    response = client.get(english.collective.get_absolute_url())
    assert response.status_code == 200
    assert response.context["public_events"] == [coming, later]
    text = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    assert coming.get_absolute_url() in text and later.get_absolute_url() in text
    assert reverse("events:agenda", args=[english.collective.slug]) in text
    assert past.title not in text and draft.title not in text


def test_a_private_collective_page_lists_no_event(client, english):
    event = Event.objects.create(
        collective=english.collective,
        title="Soirée interne",
        kind="round_table",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
        status="published",
        created_by=english.coordinator,
    )
    client.force_login(english.member)
    response = client.get(english.collective.get_absolute_url())
    assert response.context["public_events"] == []
    assert event.get_absolute_url() not in response.content.decode()


# ------------------------------------------------------------ "add to my calendar"


def ics_url(event):
    return reverse("events:event_ics", args=[event.collective.slug, event.pk])


def test_an_event_page_offers_its_calendar_file_before_the_registration_form(visitor, english):
    event = build_event(english)
    text = visitor.get(
        reverse("events:event", args=[english.collective.slug, event.pk])
    ).content.decode()
    assert "Add to my calendar" in text
    assert text.index(ics_url(event)) < text.index('id="register-title"')


def test_the_calendar_file_is_the_event_with_no_registrant(visitor, english):
    event = build_event(english)
    register(event, 1)
    register(event, 2)
    response = visitor.get(ics_url(event))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    content = response.content.decode()
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "PUBLISH"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == event.ical_uid  # the seat's file later replaces it
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent["DTSTART"].dt == event.starts_at.astimezone(ZoneInfo(event.time_zone))
    assert "ATTENDEE" not in content and "ORGANIZER" not in content
    for number in (1, 2):
        assert f"Personne {number}" not in content and f"personne{number}@" not in content


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member"])
def test_no_calendar_file_for_a_private_or_draft_event(client, english, persona):
    person = english.persona(persona)
    if person is not None:
        client.force_login(person)
    draft = build_event(english, publish=False)
    assert client.get(ics_url(draft)).status_code == 404
    english.collective.visibility = Visibility.PRIVATE
    english.collective.save(update_fields=["visibility"])
    published = Event.objects.get(pk=build_event(english, public=False).pk)
    assert client.get(ics_url(published)).status_code == 404


def test_a_date_no_calendar_holds_is_said_on_the_event_page(visitor, english):
    event = build_event(english)
    far = datetime(2150, 5, 1, 18, 0, tzinfo=ZoneInfo("Europe/Zurich"))
    Event.objects.filter(pk=event.pk).update(starts_at=far, ends_at=far + timedelta(hours=2))
    response = visitor.get(ics_url(event), follow=True)
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    text = response.content.decode()
    assert "cannot be written in a calendar file" in text
    assert ics_url(event) not in text


def test_a_past_event_offers_no_calendar_file(visitor, english):
    event = build_event(english, days_ahead=-3)
    text = visitor.get(event.get_absolute_url()).content.decode()
    assert ics_url(event) not in text
