"""Events as iCalendar: the file attached to registration e-mails, one event's public
file ("add to my calendar") and the public feed.

One UID per event (``event.ical_uid``) and its SEQUENCE, so calendar applications
replace the event they have when it changes or is cancelled. Times are in the
event's own zone, with its VTIMEZONE. Feeds list events, never people.

An event whose dates no calendar can hold (``LocalTimes.calendar_times``) is left out
of the feed; ``registration`` raises ``CannotWrite`` for it.
"""

from datetime import timedelta

from django.conf import settings
from icalendar import Calendar, vCalAddress, vDuration
from icalendar import Event as VEvent

from maillage.core.feeds import each_written

PRODID = "-//Maillage//Events//FR"
FEED_REFRESH = timedelta(hours=1)


def mime(method):
    """The attachment's content type; mail clients read the method there too."""
    return f"text/calendar; method={method}; charset=utf-8"


def _calendar(method):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _vevent(event, *, cancelled=False):
    start, end = event.calendar_times()  # CannotWrite when no calendar can hold them
    vevent = VEvent()
    vevent.add("uid", event.ical_uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", event.updated_at)
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", event.title)
    where = ", ".join(part for part in (event.place, event.address) if part)
    if where:
        vevent.add("location", where)
    elif event.online_url:
        vevent.add("location", event.online_url)
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    vevent.add("url", url)
    vevent.add("description", "\n\n".join(p for p in (event.description, url) if p))
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


def registration(event, registration, *, method="REQUEST"):
    """The calendar file for one registrant (METHOD REQUEST, or CANCEL)."""
    calendar = _calendar(method)
    vevent = _vevent(event, cancelled=method == "CANCEL" or event.is_cancelled)
    vevent.add(
        "attendee",
        vCalAddress.new(registration.email, cn=registration.name, partstat="ACCEPTED"),
    )
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def event_file(event):
    """The event alone, for "add to my calendar" on its public page, before anyone
    registers (METHOD PUBLISH): what the page shows anyone, and no person (no
    ATTENDEE). Its UID is the event's, so the file sent with a seat later replaces it
    in the calendar instead of adding a second one. ``CannotWrite`` as ``_vevent``."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(_vevent(event, cancelled=event.is_cancelled))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def feed(events, *, name):
    """A published calendar of ``events`` (cancelled ones marked so). An event that
    cannot be written is left out (and logged)."""
    calendar = _calendar("PUBLISH")
    calendar.calendar_name = str(name)
    calendar.add("refresh-interval", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
    written = each_written(
        events, lambda event: _vevent(event, cancelled=event.is_cancelled), what="event"
    )
    for _event, vevent in written:
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")
