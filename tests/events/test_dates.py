"""Dates outside 1900–2100: refused by the organisers' forms and the agenda's filters,
and, when an event holds one anyway (stored before that rule, or by hand), left out
of the iCal and Atom feeds instead of breaking them, and e-mailed without its
calendar file."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from maillage.events.models import Event, Programme

from .setting import build_event, register

ATOM = "{http://www.w3.org/2005/Atom}"
GENEVA = ZoneInfo("Europe/Zurich")
MESSAGE = "Enter a date between 1900 and 2100."


@pytest.fixture
def facilitator(client, english):
    client.force_login(english.facilitator)
    return english


def event_data(world, **changes):
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    return {
        "title": "Café emploi",
        "kind": "job_cafe",
        "start_date": day,
        "start_time": "09:00",
        "end_time": "11:30",
        "time_zone": "Europe/Zurich",
        "language": "fr",
        "organisers": [world.facilitator.pk],
    } | changes


# ------------------------------------------------------------------------------ forms


@pytest.mark.parametrize(
    "field, value",
    [
        ("start_date", "9999-12-31"),
        ("start_date", "1800-01-01"),
        ("end_date", "9999-12-31"),
        ("registration_opens_at", "1800-01-01T10:00"),
        ("registration_closes_at", "9999-12-31T08:00"),
    ],
)
def test_an_event_outside_the_range_is_refused_on_the_form(client, facilitator, field, value):
    response = client.post(
        reverse("events:create", args=[facilitator.collective.slug]),
        event_data(facilitator, **{field: value}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [MESSAGE]
    html = response.content.decode()
    assert value in html and 'value="Café emploi"' in html
    assert not Event.objects.exists()


def test_a_programme_outside_the_range_is_refused(client, facilitator):
    response = client.post(
        reverse("events:programme_create", args=[facilitator.collective.slug]),
        {"title": "Mois de l'innovation sociale", "slug": "mois", "starts_on": "1800-01-01"},
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Programme.objects.exists()


@pytest.mark.parametrize("query", [{"start": "9999-12-31"}, {"end": "0001-01-01"}])
def test_the_agenda_says_and_ignores_a_date_outside_the_range(client, world, query):
    event = build_event(world)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("events:agenda", args=[world.collective.slug]), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert MESSAGE in html
    assert event.get_absolute_url() in html  # the filter is ignored


# ------------------------------------------------------- events stored in the year 9999


@pytest.fixture
def far(world):
    """A sane event beside two stored past every form: one on 9999-12-31 in Geneva, and
    one whose time, 9999-12-31 20:00 UTC, is already the year 10000 in its zone."""
    sane = build_event(world, title="Table ronde ordinaire")
    geneva = build_event(world, title="En l'an 9999")
    start = datetime(9999, 12, 31, 14, tzinfo=GENEVA)
    Event.objects.filter(pk=geneva.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    kiritimati = build_event(world, title="Au bout du monde")
    start = datetime(9999, 12, 31, 20, tzinfo=UTC)
    Event.objects.filter(pk=kiritimati.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=1), time_zone="Pacific/Kiritimati"
    )
    return sane, geneva, kiritimati


def test_the_ical_feed_leaves_them_out(client, world, far, caplog):
    sane, geneva, kiritimati = far
    response = client.get(reverse("events:ical_feed", args=[world.collective.slug]))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [sane.title]
    for event in (geneva, kiritimati):
        assert f"event {event.pk} left out of a feed" in caplog.text


def test_the_atom_feed_leaves_out_the_one_it_cannot_write(client, world, far):
    sane, geneva, kiritimati = far
    response = client.get(reverse("events:atom_feed", args=[world.collective.slug]))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
    assert titles == [sane.title]  # the year 9999 is left out of every feed alike
    assert geneva.title not in titles and kiritimati.title not in titles


def test_a_registration_to_it_is_confirmed_without_the_calendar_file(
    world, far, mailoutbox, django_capture_on_commit_callbacks
):
    _sane, geneva, _kiritimati = far
    with django_capture_on_commit_callbacks(execute=True):
        register(geneva, 1)
    assert [message.to for message in mailoutbox] == [["personne1@example.org"]]
    assert mailoutbox[0].attachments == []
    body = mailoutbox[0].body  # in the registrant's language, French
    assert "Votre inscription est confirmée\u00a0: une place vous est réservée." in body
    assert "fichier d'agenda" not in body
