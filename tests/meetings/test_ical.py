"""Calendar files (invitations, updates, cancellations, feeds) and the meeting e-mails."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from icalendar import Calendar

from maillage.core.mail import queue_email
from maillage.meetings import ical
from maillage.meetings.models import MeetingStatus, Rsvp

from .setting import build_meeting

pytestmark = pytest.mark.django_db

SENDER = "noreply@maillage.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://maillage.example.org"
    settings.DEFAULT_FROM_EMAIL = f"Maillage <{SENDER}>"


def parse(text):
    assert isinstance(text, str)
    return Calendar.from_ical(text)


def the_event(calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def zones(calendar):
    return {str(component["TZID"]) for component in calendar.walk("VTIMEZONE")}


# ----------------------------------------------------------------------------- invitations


def test_an_invitation_is_a_request_at_the_meetings_wall_time_in_its_zone(setting):
    meeting = setting.meeting
    text = ical.invitation(meeting, setting.invitees["member"])
    calendar = parse(text)

    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar["PRODID"]) == "-//Maillage//Meetings//FR"
    assert str(calendar["VERSION"]) == "2.0"
    event = the_event(calendar)
    day = meeting.local_start.date()
    for name, hour in (("DTSTART", 14), ("DTEND", 17)):
        prop = event[name]
        assert prop.params["TZID"] == "Europe/Zurich"
        assert prop.dt.tzinfo.key == "Europe/Zurich"
        assert (prop.dt.date(), prop.dt.time()) == (day, time(hour, 0))
        assert prop.dt == getattr(meeting, "starts_at" if name == "DTSTART" else "ends_at")
    assert f"DTSTART;TZID=Europe/Zurich:{day:%Y%m%d}T140000" in text
    assert f"DTEND;TZID=Europe/Zurich:{day:%Y%m%d}T170000" in text
    assert zones(calendar) == {"Europe/Zurich"}
    # The zone is described around the meeting, winter and summer time included.
    zurich = calendar.walk("VTIMEZONE")[0]
    assert {sub.name for sub in zurich.subcomponents} == {"STANDARD", "DAYLIGHT"}
    stamp = event["DTSTAMP"].dt
    assert stamp.utcoffset() == timedelta(0)
    assert abs(stamp - timezone.now()) < timedelta(minutes=1)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_an_invitation_describes_the_meeting_and_names_organiser_and_invited_person(setting):
    meeting = setting.meeting
    meeting.online_url = "https://visio.example.org/rte-pleniere"
    meeting.save()
    member = setting.invitees["member"]
    event = the_event(parse(ical.invitation(meeting, member)))

    page = "https://maillage.example.org" + meeting.get_absolute_url()
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event["LOCATION"]) == (
        "Maison des associations, Salle Gandhi, Rue des Savoises 15 1205 Genève"
    )
    assert str(event["URL"]) == page
    description = str(event["DESCRIPTION"])
    for expected in (
        "Revenu de transition écologique",
        meeting.purpose,
        "- Définir notre raison d'être",
        "Tram 12 et 15, arrêt Plainpalais",
        "https://visio.example.org/rte-pleniere",
        page,
    ):
        assert expected in description

    organiser = event["ORGANIZER"]
    assert str(organiser) == f"mailto:{SENDER}"
    assert organiser.params["CN"] == "Revenu de transition écologique"
    attendees = event["ATTENDEE"]
    assert not isinstance(attendees, list), "an invitation names its one recipient only"
    assert str(attendees) == f"mailto:{member.email}"
    assert attendees.params["CN"] == member.name
    assert attendees.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendees.params["RSVP"] == "TRUE"


@pytest.mark.parametrize(
    ("rsvp", "partstat"),
    [
        (Rsvp.COMING, "ACCEPTED"),
        (Rsvp.EXCUSED, "DECLINED"),
        (Rsvp.REPRESENTED, "DELEGATED"),
        (Rsvp.PENDING, "NEEDS-ACTION"),
    ],
)
def test_the_participation_status_follows_the_answer(setting, rsvp, partstat):
    guest = setting.guest
    guest.rsvp = rsvp
    guest.save()
    event = the_event(parse(ical.invitation(setting.meeting, guest)))
    assert event["ATTENDEE"].params["PARTSTAT"] == partstat
    assert str(event["ATTENDEE"]) == "mailto:lea.invitee@example.org"


def test_the_uid_never_changes_while_the_sequence_follows_the_meeting(setting):
    meeting = setting.meeting
    coordinator = setting.invitees["coordinator"]
    first = the_event(parse(ical.invitation(meeting, coordinator)))
    again = the_event(parse(ical.invitation(meeting, coordinator)))
    assert str(first["UID"]) == str(again["UID"]) == meeting.ical_uid
    assert first["SEQUENCE"] == again["SEQUENCE"] == 0

    meeting.title = "Séance plénière (déplacée)"
    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    meeting.sequence += 1
    meeting.save()
    meeting.refresh_from_db()
    moved = the_event(parse(ical.invitation(meeting, coordinator)))

    assert str(moved["UID"]) == meeting.ical_uid == str(first["UID"])
    assert moved["SEQUENCE"] == 1 > first["SEQUENCE"]
    assert str(moved["SUMMARY"]) == "Séance plénière (déplacée)"
    assert moved["DTSTART"].dt.time() == time(15, 0)
    assert moved["DTEND"].dt.time() == time(18, 0)


def test_the_uid_of_each_meeting_is_its_own(world, setting):
    other = build_meeting(world, title="Groupe de travail", days_ahead=14).meeting
    mine = the_event(parse(ical.invitation(setting.meeting, setting.guest)))
    theirs = the_event(parse(ical.feed([other], name="RTE")))
    assert str(mine["UID"]) != str(theirs["UID"]) == other.ical_uid


def test_a_cancellation_cancels_the_same_event(setting):
    meeting = setting.meeting
    invited = the_event(parse(ical.invitation(meeting, setting.guest)))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = "Salle indisponible"
    meeting.sequence += 1
    meeting.save()

    calendar = parse(ical.invitation(meeting, setting.guest, method="CANCEL"))
    assert str(calendar["METHOD"]) == "CANCEL"
    event = the_event(calendar)
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(invited["UID"])
    assert event["SEQUENCE"] == invited["SEQUENCE"] + 1
    assert str(event["ATTENDEE"]) == "mailto:lea.invitee@example.org"
    assert "Salle indisponible" in str(event["DESCRIPTION"])


def test_only_request_and_cancel_are_sent_to_people(setting):
    with pytest.raises(ValueError, match="PUBLISH"):
        ical.invitation(setting.meeting, setting.guest, method="PUBLISH")


def test_the_calendar_file_is_written_in_the_invited_persons_language(setting, monkeypatch):
    written_in = []
    describe = ical.description

    def spy(meeting, **kwargs):
        written_in.append(translation.get_language())
        return describe(meeting, **kwargs)

    monkeypatch.setattr(ical, "description", spy)
    guest = setting.guest
    for language, active in (("en", "fr"), ("fr", "en")):
        guest.language = language
        with translation.override(active):
            event = the_event(parse(ical.invitation(setting.meeting, guest)))
            assert translation.get_language() == active
        assert setting.meeting.purpose in str(event["DESCRIPTION"])
    assert written_in == ["en", "fr"]


# ----------------------------------------------------------------------------------- feeds


def test_a_feed_publishes_meetings_without_people(world, setting):
    meeting = setting.meeting
    invitation = the_event(parse(ical.invitation(meeting, setting.guest)))
    text = ical.feed([meeting], name="RTE")
    calendar = parse(text)

    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "RTE"
    event = the_event(calendar)
    assert str(event["UID"]) == str(invitation["UID"]) == meeting.ical_uid
    assert event["SEQUENCE"] == invitation["SEQUENCE"]
    assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert event["DTSTART"].dt.time() == time(14, 0)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert zones(calendar) == {"Europe/Zurich"}
    # Feeds list meetings, not people.
    assert "ATTENDEE" not in event and "ORGANIZER" not in event
    assert "ATTENDEE" not in text and "mailto:" not in text
    emails = [invitee.email for invitee in meeting.invitees.all()] + [SENDER]
    assert len(emails) == 6
    for email in emails:
        assert email not in text
    for person in (world.coordinator, world.member, world.observer):
        assert person.display_name not in text


def test_a_feed_keeps_cancelled_meetings_as_cancelled_and_each_zone(world, setting):
    cancelled = setting.meeting
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.sequence = 2
    cancelled.save()
    montreal = ZoneInfo("America/Montreal")
    starts = datetime.combine(date.today() + timedelta(days=30), time(9, 30), tzinfo=montreal)
    abroad = build_meeting(world, title="Échange avec le Chantier de l'économie sociale").meeting
    abroad.time_zone = "America/Montreal"
    abroad.starts_at, abroad.ends_at = starts, starts + timedelta(hours=2)
    abroad.save()

    calendar = parse(ical.feed([cancelled, abroad], name="Mes réunions"))
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {cancelled.ical_uid, abroad.ical_uid}
    assert str(events[cancelled.ical_uid]["STATUS"]) == "CANCELLED"
    assert events[cancelled.ical_uid]["SEQUENCE"] == 2
    assert str(events[abroad.ical_uid]["STATUS"]) == "CONFIRMED"
    start = events[abroad.ical_uid]["DTSTART"]
    assert start.params["TZID"] == "America/Montreal"
    assert start.dt.time() == time(9, 30)
    assert zones(calendar) == {"Europe/Zurich", "America/Montreal"}
    assert str(calendar["X-WR-CALNAME"]) == "Mes réunions"


def test_an_empty_feed_is_a_valid_calendar():
    calendar = parse(ical.feed([], name="RTE"))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar.walk("VEVENT") == [] and calendar.walk("VTIMEZONE") == []


# --------------------------------------------------------------------------------- e-mails

TEMPLATES = [
    "invitation",
    "update",
    "cancellation",
    "reminder",
    "minutes_submitted",
    "minutes_approved",
]
# The link each e-mail exists to give.
LINK = {
    "invitation": "rsvp_url",
    "update": "rsvp_url",
    "reminder": "rsvp_url",
    "minutes_submitted": "minutes_url",
    "minutes_approved": "minutes_url",
}


def email_context(setting, name, invitee=None):
    """The context each e-mail receives from the services, as documented."""
    meeting = setting.meeting
    invitee = invitee or setting.invitees["member"]
    site = "https://maillage.example.org"
    invited = {
        "meeting": meeting,
        "invitee": invitee,
        "meeting_url": site + meeting.get_absolute_url(),
        "rsvp_url": site + invitee.get_rsvp_url(),
        "items": list(setting.items),
    }
    minutes_url = site + reverse("meetings:minutes", args=[meeting.collective.slug, meeting.pk])
    return {
        "invitation": invited | {"organiser": "Coordinator RTE"},
        "update": invited | {"changes": ["Date and time: 27 November, 15:00–18:00"]},
        "cancellation": {"meeting": meeting, "invitee": invitee, "reason": "Salle indisponible"},
        "reminder": invited,
        "minutes_submitted": {"meeting": meeting, "invitee": invitee, "minutes_url": minutes_url},
        "minutes_approved": {
            "meeting": meeting,
            "invitee": invitee,
            "minutes_url": minutes_url,
            "number": 2,
        },
    }[name]


def render_email(name, context, language):
    with translation.override(language):
        return {
            part: render_to_string(f"meetings/email/{name}{suffix}", context)
            for part, suffix in (("subject", "_subject.txt"), ("text", ".txt"), ("html", ".html"))
        }


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_meeting_email_renders_with_its_documented_context(setting, name, language):
    context = email_context(setting, name)
    rendered = render_email(name, context, language)
    title = setting.meeting.title

    for part, text in rendered.items():
        assert "INVALID_TEMPLATE_VARIABLE" not in text, (part, text)
        assert text.strip(), part
    assert "\n" not in rendered["subject"].strip()
    assert title in rendered["subject"]
    assert title in rendered["text"]
    assert escape(title) in rendered["html"]
    assert setting.invitees["member"].name in rendered["text"]
    if name in LINK:
        url = context[LINK[name]]
        assert url in rendered["text"] and url in rendered["html"]


def test_the_invitation_gives_time_place_agenda_and_how_to_answer(setting):
    context = email_context(setting, "invitation")
    text = render_email("invitation", context, "fr")["text"]
    meeting = setting.meeting
    for expected in (
        "Coordinator RTE",
        "Revenu de transition écologique",
        "14:00–17:00 (Europe/Zurich)",
        meeting.local_start.strftime("%Y")[:4],
        "Maison des associations",
        "Salle Gandhi",
        "Rue des Savoises 15",
        "Tram 12 et 15, arrêt Plainpalais",
        meeting.purpose,
        "- Choisir les prochains chantiers",
        "14:00–14:45 Tour de table (Coordination)",
        "Notre raison d'être",
        context["rsvp_url"],
        context["meeting_url"],
    ):
        assert expected in text, expected


def test_times_are_those_of_the_meeting_whatever_the_active_time_zone(setting):
    context = email_context(setting, "reminder")
    with timezone.override("America/New_York"):
        text = render_email("reminder", context, "fr")["text"]
    assert "14:00–17:00 (Europe/Zurich)" in text
    assert "08:00" not in text


def test_the_update_lists_the_changes_and_the_cancellation_its_reason(setting):
    update = render_email("update", email_context(setting, "update"), "en")["text"]
    assert "- Date and time: 27 November, 15:00–18:00" in update
    cancellation = render_email("cancellation", email_context(setting, "cancellation"), "en")
    assert "Salle indisponible" in cancellation["text"]
    assert "Salle indisponible" in cancellation["html"]


def test_the_reminder_gives_the_persons_current_answer(setting):
    member = setting.invitees["member"]
    text = render_email("reminder", email_context(setting, "reminder", member), "en")["text"]
    assert "Your answer: Represented (Jeanne Martin, aussi membre du comité)" in text
    setting.guest.rsvp = Rsvp.PENDING
    pending = email_context(setting, "reminder", setting.guest)
    assert "You have not answered yet." in render_email("reminder", pending, "en")["text"]


def test_the_approved_minutes_email_gives_the_version_number(setting):
    context = email_context(setting, "minutes_approved")
    text = render_email("minutes_approved", context, "en")["text"]
    assert "Version 2 of the minutes" in text


def test_an_invitation_goes_out_with_its_calendar_file(
    setting, mailoutbox, django_capture_on_commit_callbacks
):
    guest = setting.guest
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            template="meetings/email/invitation",
            to=guest.email,
            context=email_context(setting, "invitation", guest),
            language="en",
            attachments=[
                ("invitation.ics", ical.invitation(setting.meeting, guest), "text/calendar")
            ],
        )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [guest.email]
    assert setting.meeting.title in message.subject
    (filename, content, mimetype), *_ = message.attachments
    assert (filename, mimetype) == ("invitation.ics", "text/calendar")
    assert str(the_event(parse(content))["UID"]) == setting.meeting.ical_uid
