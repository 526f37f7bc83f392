"""Calendar feeds of shared premises: a space's confirmed bookings, or an
organisation's at a site, as iCalendar, for calendar applications.

A feed is reached by the secret token of its address (``CalendarFeed``): a calendar
application cannot log in. It lists confirmed bookings from FEED_PAST_DAYS ago on,
with their times in the site's zone (VTIMEZONE included) and one stable UID per
booking. It names the space, the organisation and what the booking is for, never a
requester's name, address or phone.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vDuration
from icalendar import Event as VEvent

from maillage.core.feeds import each_written

from . import halfdays
from .models import Booking, BookingStatus

PRODID = "-//Maillage//Premises//FR"
FEED_REFRESH = timedelta(hours=1)
FEED_PAST_DAYS = 30


def uid(booking):
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "maillage"
    return f"premises-booking-{booking.pk}@{host}"


def feed_bookings(feed, now=None):
    """The confirmed bookings a feed lists, in time order."""
    now = now or timezone.now()
    bookings = Booking.objects.filter(
        site=feed.site,
        status=BookingStatus.CONFIRMED,
        ends_at__gte=now - timedelta(days=FEED_PAST_DAYS),
    )
    if feed.space_id:
        bookings = bookings.filter(space=feed.space_id)
    else:
        bookings = bookings.filter(organisation=feed.organisation_id)
    return bookings.select_related("space", "organisation").order_by("starts_at", "pk")


def _vevent(booking, site, zone, *, by_space):
    vevent = VEvent()
    vevent.add("uid", uid(booking))
    vevent.add("sequence", booking.version)
    vevent.add("dtstamp", booking.created_at)
    vevent.add("dtstart", booking.starts_at.astimezone(zone))
    vevent.add("dtend", booking.ends_at.astimezone(zone))
    who = booking.organisation.name if booking.organisation else booking.requester_organisation
    if by_space:
        summary = " – ".join(part for part in (who, booking.purpose) if part) or booking.space.name
    else:
        summary = " – ".join(part for part in (booking.space.name, booking.purpose) if part)
    vevent.add("summary", summary)
    vevent.add("location", ", ".join(part for part in (booking.space.name, site.name) if part))
    vevent.add("status", "CONFIRMED")
    return vevent


def feed(calendar_feed, *, name, now=None):
    """The feed's calendar as text (METHOD PUBLISH)."""
    site = calendar_feed.site
    zone = halfdays._zone(site.time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.calendar_name = str(name)
    calendar.add("refresh-interval", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
    by_space = calendar_feed.space_id is not None
    written = each_written(
        feed_bookings(calendar_feed, now),
        lambda booking: _vevent(booking, site, zone, by_space=by_space),
        what="booking",
    )
    for _booking, vevent in written:
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")
