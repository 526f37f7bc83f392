"""Dates outside 1900–2100: refused by the organisers' forms and the agenda's filters."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from maillage.events.models import Event, Programme

from .setting import build_event

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
