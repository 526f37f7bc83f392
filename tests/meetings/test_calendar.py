"""Calendar feeds and files: a private key is the only credential, and feeds never say
more than the meetings' time, place and purpose."""

import icalendar
import pytest
from django.urls import reverse

from maillage.collectives.models import Membership
from maillage.meetings import services
from maillage.meetings.models import CalendarFeed, Invitee

from .setting import build_meeting


def _feed(client, key):
    return client.get(reverse("meetings:feed", args=[key]))


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def feed(setting, world):
    return services.calendar_feed(user=world.member, collective=world.collective)


def test_a_collective_feed_lists_its_meetings_without_people_or_minutes(client, setting, feed):
    response = _feed(client, feed.key)
    assert response.status_code == 200
    events = _events(response)
    event = events[setting.meeting.title]
    assert str(event["UID"]) == setting.meeting.ical_uid
    body = response.content.decode()
    # No addresses, no attendees, no notes of the minutes.
    assert "@example.org" not in body and "ATTENDEE" not in body
    assert setting.items[0].notes[:30] not in body
    assert setting.decision.text[:30] not in body


@pytest.mark.parametrize("key", ["", "nope", "x" * 32])
def test_without_the_right_key_nothing_is_said(client, setting, feed, key):
    url = reverse("meetings:feed", args=[key]) if key else "/agenda/.ics"
    response = client.get(url)
    assert response.status_code == 404
    assert setting.meeting.title.encode() not in response.content


def test_replacing_the_key_kills_the_old_address(client, world, feed):
    renewed = services.calendar_feed(user=world.member, collective=world.collective, renew=True)
    assert renewed.key != feed.key
    assert _feed(client, feed.key).status_code == 404
    assert _feed(client, renewed.key).status_code == 200


def test_a_feed_stops_when_its_person_leaves_the_collective(client, world, feed):
    from django.utils import timezone

    Membership.objects.filter(user=world.member, collective=world.collective).update(
        end_date=timezone.localdate()
    )
    assert _feed(client, feed.key).status_code == 404


def test_the_personal_feed_has_the_meetings_one_is_invited_to(client, world, setting):
    other = build_meeting(world, days_ahead=14, title="Comité de pilotage")
    Invitee.objects.filter(meeting=other.meeting, user=world.member).delete()
    personal = services.calendar_feed(user=world.member)
    events = _events(_feed(client, personal.key))
    assert setting.meeting.title in events and "Comité de pilotage" not in events


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client, world, setting, feed):
    services.cancel_meeting(actor=world.coordinator, meeting=setting.meeting, reason="Grève")
    event = _events(_feed(client, feed.key))[setting.meeting.title]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_the_calendars_page_creates_and_replaces_addresses(client, world):
    client.force_login(world.member)
    page = reverse("meetings:calendars")
    response = client.post(page, {"collective": world.collective.slug}, follow=True)
    first = CalendarFeed.objects.get(user=world.member, collective=world.collective)
    assert first.get_absolute_url() in response.content.decode()
    client.post(page, {"collective": world.collective.slug, "renew": "1"})
    second = CalendarFeed.objects.get(user=world.member, collective=world.collective)
    assert second.key != first.key
    # Another collective's feed cannot be asked for.
    assert client.post(page, {"collective": world.other.slug}).status_code == 404


def test_one_meeting_as_a_calendar_file(client, world, setting):
    client.force_login(world.observer)
    url = reverse("meetings:ics", args=[world.collective.slug, setting.meeting.pk])
    events = _events(client.get(url))
    assert list(events) == [setting.meeting.title]
