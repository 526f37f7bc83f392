"""Dates outside 1900–2100: refused by the meeting forms."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.meetings.models import Meeting

from .setting import build_meeting

MESSAGE = "Enter a date between 1900 and 2100."


@pytest.fixture(autouse=True)
def _english(world, client):
    User.objects.update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# ------------------------------------------------------------------------------ forms


def _meeting_data(world, **changes):
    return {
        "kind": "working_group",
        "title": "Garder ce titre",
        "date": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "start_time": "09:30",
        "end_time": "11:00",
        "time_zone": "Europe/Paris",
        "facilitators": [world.facilitator.pk],
        "secretary": "",
        "consultation": "",
    } | changes


@pytest.mark.parametrize("day", ["9999-12-31", "1800-01-01"])
def test_planning_a_meeting_outside_the_range_is_refused_on_the_form(client, world, day):
    client.force_login(world.facilitator)
    response = client.post(
        reverse("meetings:create", args=[world.collective.slug]), _meeting_data(world, date=day)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [MESSAGE]
    html = response.content.decode()
    assert f'value="{day}"' in html and 'value="Garder ce titre"' in html
    assert not Meeting.objects.exists()


def test_editing_a_meeting_to_the_year_9999_is_refused(client, world):
    meeting = build_meeting(world).meeting
    client.force_login(world.coordinator)
    data = _meeting_data(world, date="9999-12-31", base_version=meeting.version)
    response = client.post(reverse("meetings:edit", args=[world.collective.slug, meeting.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [MESSAGE]
    meeting.refresh_from_db()
    assert meeting.starts_at.year != 9999


def test_the_next_meeting_cannot_be_planned_in_the_year_9999(client, world):
    meeting = build_meeting(world).meeting
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meetings:next_meeting", args=[world.collective.slug, meeting.pk]),
        {"next-date": "9999-12-31", "next-start_time": "14:00", "next-end_time": "17:00"},
    )
    assert response.status_code == 200
    assert response.context["next_form"].errors["date"] == [MESSAGE]
    assert 'value="9999-12-31"' in response.content.decode()
    assert Meeting.objects.count() == 1
