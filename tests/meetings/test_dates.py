"""Dates outside 1900–2100: refused by the meeting forms, and, when a row holds one
anyway (stored before that rule, or by hand), left out of the calendar feeds instead
of breaking them, refused for invitations with a message, sent without the calendar
file for cancellations, and replaced by a message for the single calendar file."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from maillage.accounts.models import User
from maillage.core.errors import DomainError
from maillage.meetings import services
from maillage.meetings.models import Meeting

from .setting import build_meeting

GENEVA = ZoneInfo("Europe/Zurich")
MESSAGE = "Enter a date between 1900 and 2100."


@pytest.fixture(autouse=True)
def _english(world, client):
    User.objects.update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _move_to(meeting, day):
    """Store the meeting on ``day``, 14:00–17:00 in Geneva, past every form."""
    start = datetime.combine(day, time(14, 0), tzinfo=GENEVA)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=3)
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def far(world):
    """A meeting of the world's collective stored at 9999-12-31, beside a sane one."""
    sane = build_meeting(world, title="Réunion ordinaire").meeting
    bad = build_meeting(world, days_ahead=14, title="Réunion en l'an 9999").meeting
    return sane, _move_to(bad, datetime(9999, 12, 31).date())


def _summaries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


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
    assert response.context["form"].errors["date"] == [MESSAGE]
    assert 'value="9999-12-31"' in response.content.decode()
    assert Meeting.objects.count() == 1


# ----------------------------------------------------------- rows stored in the year 9999


def test_the_collective_and_personal_feeds_leave_the_meeting_out(client, world, far, caplog):
    sane, bad = far
    for collective in (world.collective, None):
        feed = services.calendar_feed(user=world.member, collective=collective)
        summaries = _summaries(client.get(reverse("meetings:feed", args=[feed.key])))
        assert sane.title in summaries and bad.title not in summaries
    assert f"meeting {bad.pk} left out of a feed" in caplog.text


def test_a_meeting_on_the_last_day_of_the_range_is_still_written(client, world, far):
    sane, _bad = far
    _move_to(sane, datetime(2100, 12, 31).date())
    feed = services.calendar_feed(user=world.member, collective=world.collective)
    assert sane.title in _summaries(client.get(reverse("meetings:feed", args=[feed.key])))


def test_its_calendar_file_is_a_message_on_its_page(client, world, far):
    _sane, bad = far
    client.force_login(world.observer)
    response = client.get(reverse("meetings:ics", args=[world.collective.slug, bad.pk]))
    assert response.status_code == 302 and response["Location"] == bad.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "The date of this meeting cannot be written in a calendar file" in page


def test_its_invitations_are_refused_with_a_message(
    client, world, far, django_capture_on_commit_callbacks
):
    _sane, bad = far
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:send_invitations", args=[world.collective.slug, bad.pk]),
            follow=True,
        )
    assert response.status_code == 200
    assert (
        "The date of this meeting cannot be written in a calendar: correct it to a date "
        "between 1900 and 2100, then send the invitations."
    ) in response.content.decode()
    assert mail.outbox == []
    assert not bad.invitees.exclude(invited_at=None).exists()


def test_the_refusal_is_in_french_for_a_french_speaker(world, far):
    _sane, bad = far
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        services.send_invitations(actor=world.coordinator, meeting=bad)
    assert refused.value.message.startswith(
        "La date de cette réunion ne peut pas être inscrite dans un agenda"
    )


def test_its_cancellation_goes_without_the_calendar_file(
    world, far, django_capture_on_commit_callbacks
):
    """Already invited people still hear of the cancellation."""
    _sane, bad = far
    now = timezone.now()
    bad.invitees.update(invited_at=now)
    Meeting.objects.filter(pk=bad.pk).update(invitations_sent_at=now)
    bad.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(actor=world.coordinator, meeting=bad, reason="Date erronée")
    assert len(mail.outbox) == bad.invitees.exclude(email="").count() > 0
    for message in mail.outbox:
        assert message.attachments == []
        # Nor does the text speak of a file that is not there.
        assert "is cancelled" in message.body or "est annulée" in message.body
        assert "calendar file" not in message.body and "fichier d'agenda" not in message.body
