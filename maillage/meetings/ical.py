"""Meetings as iCalendar (RFC 5545 / RFC 5546): the file attached to invitations,
updates and cancellations, and the calendar feeds.

Every calendar text of one meeting carries the same UID (``meeting.ical_uid``, which
never changes) and the meeting's SEQUENCE, so that a calendar application replaces
the event it already has instead of adding a second one. Times are written in the
meeting's own time zone (DTSTART;TZID=Europe/Zurich:…) with its VTIMEZONE, so a
meeting at 14:00 in Geneva stays at 14:00 in Geneva whatever the reader's zone.

Invitations name their one recipient (ATTENDEE) and the organiser; feeds list
meetings, never people: no ATTENDEE, no ORGANIZER, no e-mail address.

The files travel with the invitation and update e-mails (METHOD:REQUEST) and the
cancellation e-mails (METHOD:CANCEL), sent by services.py.

A meeting whose dates no calendar can hold (``LocalTimes.calendar_times``) is left out
of a feed; the files about that one meeting raise ``CannotWrite`` instead.
"""

from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vDuration

from maillage.core.feeds import each_written
from maillage.core.typography import one_line

from .models import Rsvp

PRODID = "-//Maillage//Meetings//FR"
METHODS = ("REQUEST", "CANCEL")
# How often a calendar application should fetch a feed again.
FEED_REFRESH = timedelta(hours=1)
# The VTIMEZONE components describe the zone's changes this long before the first
# meeting and after the last one (not since 1970: the files stay short).
ZONE_MARGIN = timedelta(days=366)

PARTSTAT = {
    Rsvp.COMING: "ACCEPTED",
    Rsvp.EXCUSED: "DECLINED",
    Rsvp.REPRESENTED: "DELEGATED",
    Rsvp.PENDING: "NEEDS-ACTION",
}


def invitation(meeting, invitee, *, method="REQUEST"):
    """The calendar file for one invited person: METHOD REQUEST for an invitation
    or an update, CANCEL for a cancellation. Written in the person's language."""
    if method not in METHODS:
        raise ValueError(f"Unknown iTIP method: {method!r}")
    with translation.override(invitee.language or settings.LANGUAGE_CODE):
        calendar = _calendar(method)
        cancelled = method == "CANCEL" or meeting.is_cancelled
        event = _event(meeting, cancelled=cancelled)
        event.add("organizer", _organiser(meeting))
        event.add(
            "attendee",
            vCalAddress.new(
                invitee.email,
                cn=invitee.name,
                role="REQ-PARTICIPANT",
                partstat=PARTSTAT.get(invitee.rsvp, "NEEDS-ACTION"),
                rsvp=True,
            ),
        )
        calendar.add_component(event)
        _add_zones(calendar, [meeting])
        return calendar.to_ical().decode("utf-8")


def feed(meetings, *, name):
    """A published calendar of ``meetings`` (cancelled ones marked so), named ``name``.
    A meeting that cannot be written is left out (and logged)."""
    written = each_written(
        meetings, lambda meeting: _event(meeting, cancelled=meeting.is_cancelled), what="meeting"
    )
    return _published(list(written), name=name)


def meeting_file(meeting):
    """The calendar file of one meeting (the download on its page); ``CannotWrite`` when
    its dates cannot be written."""
    return _published(
        [(meeting, _event(meeting, cancelled=meeting.is_cancelled))], name=meeting.title
    )


def _published(written, *, name):
    calendar = _calendar("PUBLISH")
    calendar.calendar_name = str(name)
    calendar.add("refresh-interval", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    for _meeting, component in written:
        calendar.add_component(component)
    _add_zones(calendar, [meeting for meeting, _component in written])
    return calendar.to_ical().decode("utf-8")


def _calendar(method):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _event(meeting, *, cancelled):
    start, end = meeting.calendar_times()  # CannotWrite when no calendar can hold them
    url = meeting_url(meeting)
    event = Event()
    event.add("uid", meeting.ical_uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at or timezone.now())
    # Aware datetimes in the meeting's ZoneInfo: icalendar writes TZID=<zone key>.
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting.title)
    event.add("description", description(meeting, url=url))
    where = meeting.where()
    if where:
        event.add("location", where)
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def meeting_url(meeting):
    return settings.SITE_URL + meeting.get_absolute_url()


def description(meeting, *, url=None):
    """The event's text: what the meeting is for, how to get there, where to read more."""
    blocks = [f"{meeting.collective.name} — {meeting.get_kind_display()}"]
    if meeting.is_cancelled:
        cancelled = _("This meeting is cancelled.")
        if meeting.cancel_reason:
            cancelled += " " + _("Reason: %(reason)s") % {"reason": meeting.cancel_reason}
        blocks.append(cancelled)
    if meeting.purpose.strip():
        blocks.append(meeting.purpose.strip())
    objectives = meeting.objective_lines()
    if objectives:
        blocks.append("\n".join([_("Objectives:")] + [f"- {line}" for line in objectives]))
    if meeting.access.strip():
        blocks.append(_("How to get there:") + " " + one_line(meeting.access))
    if meeting.online_url:
        blocks.append(_("Online link:") + " " + meeting.online_url)
    blocks.append(_("Meeting page:") + " " + (url or meeting_url(meeting)))
    return "\n\n".join(blocks)


def _organiser(meeting):
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    return vCalAddress.new(address, cn=meeting.collective.name)


def _add_zones(calendar, meetings):
    if not meetings:
        return
    first = min(meeting.local_start for meeting in meetings) - ZONE_MARGIN
    last = max(meeting.local_end for meeting in meetings) + ZONE_MARGIN
    calendar.add_missing_timezones(first_date=first.date(), last_date=last.date())
