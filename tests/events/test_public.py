"""The public pages of events: agenda and its filters, event page, programme, feeds.

Anonymous visitors read them in English (language cookie), without JavaScript: the
filters are a GET form. A private collective's events, and drafts, are 404.
"""

import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from maillage.collectives.models import Visibility
from maillage.events import services
from maillage.events.models import Event, EventLink, LinkKind

from ..factories import OrganisationFactory
from .setting import build_event, event_url, register

ATOM = "{http://www.w3.org/2005/Atom}"


def agenda_url(world):
    return reverse("events:agenda", args=[world.collective.slug])


def _job_cafe(world, **fields):
    return build_event(
        world,
        capacity=None,
        title="Job café du printemps",
        kind="job_cafe",
        theme="Insertion socio-professionnelle",
        **fields,
    )


# ----------------------------------------------------------------------------- agenda


def test_the_agenda_lists_upcoming_public_events_with_their_seats(visitor, world):
    round_table = build_event(world, capacity=2)
    register(round_table, 1)
    full = build_event(world, capacity=1, title="Séminaire complet", kind="seminar")
    register(full, 1)
    unlimited = _job_cafe(world)
    closed = build_event(world, title="Fermé", registration_closes_at=timezone.now())
    build_event(world, title="Brouillon", publish=False)
    build_event(world, title="Déjà passé", days_ahead=-3)
    response = visitor.get(agenda_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    for event in (round_table, full, unlimited, closed):
        assert event_url(event) in html
    assert "Brouillon" not in html and "Déjà passé" not in html
    assert "1 seat left" in html
    assert "Full – waiting list" in html
    assert "Registrations open" in html
    assert "Registrations closed" in html
    assert "Round table" in html and "Job café" in html
    assert "Transition écologique" in html and "Free" in html
    # Times in the event's own zone (18:00 in Geneva for the round table).
    local = round_table.local_start
    assert f"{local:%H}:{local:%M}" in html and "Europe/Zurich" in html
    # Feeds, in the page and in the head.
    ical = reverse("events:ical_feed", args=[world.collective.slug])
    atom = reverse("events:atom_feed", args=[world.collective.slug])
    assert 'rel="alternate" type="application/atom+xml"' in html and atom in html
    assert 'type="text/calendar"' in html and ical in html
    # Registrants never appear.
    assert "Personne 1" not in html and "personne1@example.org" not in html


def test_the_agenda_filters_work_without_javascript(visitor, world):
    round_table = build_event(world)
    cafe = _job_cafe(world, days_ahead=20)
    url = agenda_url(world)
    html = visitor.get(url).content.decode()
    assert '<form method="get"' in html
    assert '<option value="Insertion socio-professionnelle">' in html

    def shown(**query):
        response = visitor.get(url, query)
        assert response.status_code == 200
        body = response.content.decode()
        return {e.pk for e in (round_table, cafe) if event_url(e) in body}

    assert shown(theme="Insertion socio-professionnelle") == {cafe.pk}
    assert shown(kind="round_table") == {round_table.pk}
    day = timezone.localdate() + timedelta(days=15)
    assert shown(start=day.isoformat()) == {cafe.pk}
    assert shown(end=day.isoformat()) == {round_table.pk}
    assert shown(kind="seminar") == set()
    assert (
        "No upcoming event matches these filters."
        in visitor.get(url, {"kind": "seminar"}).content.decode()
    )


def test_bad_filters_are_said_and_ignored(visitor, world):
    event = build_event(world)
    response = visitor.get(
        agenda_url(world), {"start": "2030-02-10", "end": "2030-01-01", "kind": "nope"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end date must not be before the start date." in html
    assert "Select a valid choice" in html
    assert event_url(event) in html


def test_a_private_collective_has_no_public_pages(client, world):
    event = build_event(world)
    world.collective.visibility = Visibility.PRIVATE
    world.collective.save(update_fields=["visibility"])
    slug = world.collective.slug
    for url in (
        agenda_url(world),
        event_url(event),
        reverse("events:ical_feed", args=[slug]),
        reverse("events:atom_feed", args=[slug]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(world.coordinator)
    assert client.get(event_url(event)).status_code == 404


def test_an_unknown_collective_is_404(client, world):
    assert client.get(reverse("events:agenda", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_the_agenda_reads_a_constant_number_of_queries(client, world, size):
    for number in range(size):
        event = build_event(world, title=f"Événement {number}", capacity=3)
        register(event, number)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(agenda_url(world))
    assert response.status_code == 200
    assert len(response.context["events"]) == size
    # Collective, themes, events with their counts.
    assert len(queries) == 3, [q["sql"] for q in queries]


# ------------------------------------------------------------------------ event page


def test_the_event_page_says_everything_a_visitor_needs(visitor, world):
    partner = OrganisationFactory(name="Fondation Pilote")
    event = build_event(
        world,
        capacity=3,
        online_url="https://meet.example.org/rte",
        language="fr",
        price=Decimal("10.00"),
        currency="CHF",
        price_note="Gratuit pour les demandeurs d'emploi",
        registration_closes_at=timezone.now() + timedelta(days=5),
        partners=[partner],
    )
    services.add_speaker(
        actor=world.coordinator,
        event=event,
        name="Anne Dupont",
        role="Cheffe de projet",
        organisation="Canton de Genève",
    )
    services.add_question(
        actor=world.coordinator,
        event=event,
        label="Régime alimentaire ?",
        kind="choice",
        choices="Aucun\nVégétarien",
        required=True,
    )
    services.add_question(
        actor=world.coordinator, event=event, label="Garde d'enfants ?", kind="yes_no"
    )
    services.add_question(actor=world.coordinator, event=event, label="Remarques", kind="text")
    register(event, 1, answers={str(event.questions.first().pk): "Aucun"})
    html = visitor.get(event_url(event)).content.decode()
    for text in (
        event.title,
        "Round table",
        "Transition écologique",
        "<strong>projet pilote</strong>",
        "Anne Dupont",
        "Cheffe de projet",
        "Canton de Genève",
        "Fondation Pilote",
        "Maison des associations",
        "Rue des Savoises 15, 1205 Genève",
        "Tram 12, arrêt Plainpalais",
        "https://meet.example.org/rte",
        "French",
        "10.00 CHF",
        "Gratuit pour les demandeurs d",
        "2 seats left",
        "Europe/Zurich",
    ):
        assert text in html, text
    assert "until" in html
    # The form: name, e-mail, one field per question, required ones marked.
    assert 'name="name"' in html and 'name="email"' in html
    choice, yes_no, text = event.questions.all()
    assert f'type="radio" name="question_{choice.pk}" value="Végétarien"' in html
    assert f'type="radio" name="question_{yes_no.pk}" value="yes"' in html
    assert f'type="text" name="question_{text.pk}"' in html
    assert "Régime alimentaire ?" + ' <span aria-hidden="true">*</span>' in html
    # The honeypot is there for robots, hidden from people and out of the tab order.
    assert 'name="website"' in html and 'tabindex="-1"' in html
    assert "Leave this field empty" in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    # Nobody's registration shows.
    assert "Personne 1" not in html and "personne1@example.org" not in html


def test_closed_registrations_say_why(visitor, world):
    soon = build_event(world, registration_opens_at=timezone.now() + timedelta(days=2))
    html = visitor.get(event_url(soon)).content.decode()
    assert "Registrations open on" in html and 'name="email"' not in html
    closed = build_event(world, registration_closes_at=timezone.now() - timedelta(hours=1))
    html = visitor.get(event_url(closed)).content.decode()
    assert "Registrations for this event are closed." in html and 'name="email"' not in html


def test_a_cancelled_event_says_so(visitor, world):
    event = build_event(world)
    services.cancel_event(actor=world.coordinator, event=event)
    response = visitor.get(event_url(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This event is cancelled." in html and 'name="email"' not in html


def test_a_draft_is_404_even_to_its_organisers(client, world):
    event = build_event(world, publish=False)
    assert client.get(event_url(event)).status_code == 404
    client.force_login(world.facilitator)
    assert client.get(event_url(event)).status_code == 404


def test_after_the_event_the_report_videos_and_documents(visitor, world):
    event = build_event(world, days_ahead=-2)
    services.publish_report(
        actor=world.facilitator,
        event=event,
        report="Une **belle** soirée.",
        links=[
            (LinkKind.VIDEO, "Enregistrement", "https://video.example.org/1"),
            (LinkKind.DOCUMENT, "Présentation", "https://docs.example.org/1.pdf"),
        ],
    )
    assert EventLink.objects.filter(event=event).count() == 2
    html = visitor.get(event_url(event)).content.decode()
    assert "What happened" in html and "<strong>belle</strong>" in html
    assert 'Video: <a href="https://video.example.org/1">Enregistrement</a>' in html
    assert "https://docs.example.org/1.pdf" in html
    assert "Event over" in html and 'name="email"' not in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html


def test_logged_in_people_read_the_pages_too(client, world):
    event = build_event(world)
    client.force_login(world.outsider)
    assert client.get(event_url(event)).status_code == 200
    assert client.get(agenda_url(world)).status_code == 200


# ------------------------------------------------------------------------- programme


def _programme(world, published=True):
    programme = services.create_programme(
        actor=world.coordinator,
        collective=world.collective,
        title="Mois de l'innovation sociale",
        slug="mois-innovation",
        description="Quatre semaines, **quatre thèmes**.",
    )
    if published:
        services.publish_programme(actor=world.coordinator, programme=programme)
    return programme


def test_the_programme_groups_its_events_by_theme(visitor, world):
    programme = _programme(world)
    late = build_event(world, programme=programme, theme="Santé et social", days_ahead=20)
    early = build_event(world, programme=programme, theme="Laboratoire ouvert", days_ahead=5)
    second = build_event(world, programme=programme, theme="Santé et social", days_ahead=12)
    register(second, 1)
    register(second, 2)
    build_event(world, programme=programme, theme="Brouillon", publish=False)
    response = visitor.get(programme.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>quatre thèmes</strong>" in html
    assert "Brouillon" not in html
    lab, health = html.index("Laboratoire ouvert"), html.index("Santé et social")
    assert lab < health
    assert (
        html.index(event_url(early)) < html.index(event_url(second)) < html.index(event_url(late))
    )
    assert "Full – waiting list" in html and "Round table" in html


def test_an_unpublished_programme_or_a_private_collective_is_404(client, world):
    programme = _programme(world, published=False)
    build_event(world, programme=programme)
    assert client.get(programme.get_absolute_url()).status_code == 404
    services.publish_programme(actor=world.coordinator, programme=programme)
    assert client.get(programme.get_absolute_url()).status_code == 200
    world.collective.visibility = Visibility.PRIVATE
    world.collective.save(update_fields=["visibility"])
    assert client.get(programme.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_the_programme_reads_a_constant_number_of_queries(client, world, size):
    programme = _programme(world)
    for number in range(size):
        register(build_event(world, programme=programme, theme=f"Thème {number % 2}"), number)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(programme.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) == 3, [q["sql"] for q in queries]


# ----------------------------------------------------------------------------- feeds


def test_the_ical_feed_lists_upcoming_public_events(client, world):
    event = build_event(world)
    cancelled = build_event(world, title="Annulé")
    services.cancel_event(actor=world.coordinator, event=cancelled)
    build_event(world, title="Brouillon", publish=False)
    build_event(world, title="Passé", days_ahead=-3)
    register(event, 1)
    response = client.get(reverse("events:ical_feed", args=[world.collective.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {event.title, "Annulé"}
    assert str(events["Annulé"]["status"]) == "CANCELLED"
    assert str(events[event.title]["uid"]) == event.ical_uid
    assert b"personne1" not in response.content


def test_the_atom_feed_parses(client, world):
    event = build_event(world)
    build_event(world, title="Brouillon", publish=False)
    response = client.get(reverse("events:atom_feed", args=[world.collective.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [event.title]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(event_url(event))
    assert entries[0].find(f"{ATOM}updated").text
    assert Event.objects.count() == 2


class _Tags(HTMLParser):
    """The tags of an HTML fragment, with their attributes."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_atom_feed_serves_the_sanitised_description(client, world):
    event = build_event(
        world,
        title="Soirée <b>piégée</b>",
        place="Salle <i>A</i> & B",
        description=(
            "Une **belle** soirée. <script>alert(1)</script> [clic](javascript:alert(1)) "
            '<iframe src="https://evil.example/"></iframe> [le site](https://example.org)'
        ),
    )
    response = client.get(reverse("events:atom_feed", args=[world.collective.slug]))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    (summary,) = root.findall(f"{ATOM}entry/{ATOM}summary")
    # HTML for feed readers to show, escaped once in the XML.
    assert summary.get("type") == "html"
    html = summary.text
    tags = _Tags(html).tags
    assert {tag for tag, _attrs in tags} <= {"p", "strong", "a"}, tags
    hrefs = [attrs.get("href") for tag, attrs in tags if tag == "a"]
    assert hrefs == ["https://example.org"]
    assert "<strong>belle</strong>" in html
    assert event.description_html in html
    # The facts are text, whatever they hold.
    assert "Salle &lt;i&gt;A&lt;/i&gt; &amp; B" in html
