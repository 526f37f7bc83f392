"""Requests for a room from people without an account, the coordinators' decisions
(accept, hold, release a hold, refuse), the calendar feeds' secret addresses, and the
periodic jobs that expire holds and erase requesters' personal data.

A request is one ``Booking`` per half-day asked, status REQUESTED: it blocks nothing
until a coordinator holds it (HELD until ``now + site.hold_hours``) or accepts it
(CONFIRMED). Both go through ``booking_core.check_half_day``, the very check that
``reserve_half_day`` makes, on the same rows, under the site's lock: when the half-day
was taken in the meantime, the decision is refused with the reason and the request
stays as it was. The requester is e-mailed at each decision, in the language they
asked in.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core import limits
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email

from . import halfdays
from .booking_core import check_bookable, check_half_day
from .models import BOOKABLE_KINDS, Booking, BookingStatus, Site, SpaceKind
from .models_requests import CalendarFeed, RoomRequest

ROOM_KINDS = tuple(kind for kind in BOOKABLE_KINDS if kind != SpaceKind.DESKS)
HOUR = 60 * 60


def request_rooms(site):
    """The rooms people may ask for on the public page: bookable by the half-day, not
    desk pools, not archived."""
    return site.spaces.filter(kind__in=ROOM_KINDS, archived_at__isnull=True).order_by(
        "position", "name"
    )


def asked_slots(site, first, last):
    """The site's half-days from ``first`` to ``last`` included (Slot values)."""
    order = [half.slot for half in halfdays.slots(site)]
    if first not in order or last not in order:
        raise DomainError(_("The site is not open at that time of day."), field="first_slot")
    if order.index(last) < order.index(first):
        raise DomainError(
            _("The end must not be before the start: choose a later last half-day."),
            field="last_slot",
        )
    return order[order.index(first) : order.index(last) + 1]


def _clean_email(email):
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address."), field="email") from None
    return email


def _check_rate(email, ip, now):
    """At most PREMISES_REQUESTS_PER_ADDRESS requests an hour from one e-mail address
    and PREMISES_REQUESTS_PER_IP from one network address (counted, never stored)."""
    by_address = limits.hit("premises-request-address", email, seconds=HOUR, now=now)
    if by_address.count > settings.PREMISES_REQUESTS_PER_ADDRESS:
        raise DomainError(
            ngettext(
                "Too many requests with this address in the last hour. Please try again "
                "in %(minutes)s minute.",
                "Too many requests with this address in the last hour. Please try again "
                "in %(minutes)s minutes.",
                by_address.minutes_left(now),
            )
            % {"minutes": by_address.minutes_left(now)},
            field="email",
        )
    if ip:
        by_network = limits.hit("premises-request-ip", limits.network(ip), seconds=HOUR, now=now)
        if by_network.count > settings.PREMISES_REQUESTS_PER_IP:
            raise DomainError(
                ngettext(
                    "Too many requests from your connection in the last hour. Please try "
                    "again in %(minutes)s minute.",
                    "Too many requests from your connection in the last hour. Please try "
                    "again in %(minutes)s minutes.",
                    by_network.minutes_left(now),
                )
                % {"minutes": by_network.minutes_left(now)}
            )


def _free_for(space, site, day, slots):
    for slot in slots:
        starts_at, ends_at = halfdays.bounds(site, day, slot)
        if halfdays.room_taken(space, starts_at, ends_at).exists():
            return False
    return True


def _choose_room(site, day, slots, people):
    """The smallest room for ``people`` free for every half-day asked (at the time of
    the request: the coordinators decide)."""
    rooms = [room for room in request_rooms(site) if not halfdays.not_yet_available(room, day)]
    fitting = sorted(
        (room for room in rooms if room.capacity >= people), key=lambda r: (r.capacity, r.position)
    )
    if not fitting:
        largest = max((room.capacity for room in rooms), default=0)
        raise DomainError(
            ngettext(
                "No room of this site takes %(people)s people: the largest takes %(largest)s "
                "person.",
                "No room of this site takes %(people)s people: the largest takes %(largest)s "
                "people.",
                largest,
            )
            % {"people": people, "largest": largest},
            field="people",
        )
    for room in fitting:
        if _free_for(room, site, day, slots):
            return room
    raise DomainError(
        ngettext(
            "No room for %(people)s person is free then. Look at the free rooms and "
            "choose another date or half-day.",
            "No room for %(people)s people is free then. Look at the free rooms and "
            "choose another date or half-day.",
            people,
        )
        % {"people": people},
        field="day",
    )


def _mail_requester(room_request, template, **context):
    booking = room_request.bookings.order_by("starts_at").first()
    if booking is None or not booking.requester_email:
        return
    site = room_request.site
    queue_email(
        template=template,
        to=booking.requester_email,
        language=room_request.language,
        context={
            "room_request": room_request,
            "site": site,
            "collective": site.collective,
            "booking": booking,
            "bookings": list(room_request.bookings.select_related("space").order_by("starts_at")),
            **context,
        },
    )


def request_by_key(site, client_key, email):
    """The request that the key ``client_key`` sent for the address ``email`` at
    ``site``, or None. A key that sent another address's request finds nothing."""
    if client_key is None:
        return None
    return (
        RoomRequest.objects.filter(
            site=site, client_key=client_key, bookings__requester_email=_clean_email(email)
        )
        .distinct()
        .first()
    )


@transaction.atomic
def submit_request(
    *,
    site,
    name,
    email,
    phone="",
    organisation="",
    purpose,
    people,
    day,
    first_slot,
    last_slot,
    space=None,
    consent_text,
    language="fr",
    ip="",
    now=None,
    client_key=None,
):
    """Record a request for a room from someone without an account: one REQUESTED
    booking per half-day from ``first_slot`` to ``last_slot`` of ``day``, in ``space``
    or (None) the smallest room for ``people`` free then. Tells the requester and the
    site's coordinators by e-mail. Refuses, with the field concerned, a past date, a
    closed day, a space still to come, an end before the start, too many people.

    ``client_key`` (the UUID of the form) makes sending the same request again
    harmless: the request that key sent for this address is returned unchanged, before
    any check (the rate limits included), with no second e-mail or audit line, even
    when what is sent again differs (the first sending wins, as with a payment API).
    The key is scoped to the address: with another address (the form reused by its
    back button), it is another person's request, recorded as if no key was sent."""
    now = now or timezone.now()
    name = clean_line(name, field="name", empty_message=_("Give your name."))
    email = _clean_email(email)
    sent = request_by_key(site, client_key, email)
    if sent is not None:
        return sent
    # Under the site's lock: the same key sent at the same moment waited for this one.
    site = halfdays.lock_site(site)
    sent = request_by_key(site, client_key, email)
    if sent is not None:
        return sent
    purpose = clean_line(purpose, field="purpose", empty_message=_("Say what the room is for."))
    if not consent_text:
        raise DomainError(_("Your consent is needed to record your request."), field="consent")
    if people is None or people < 1:
        raise DomainError(_("Give the number of people, at least 1."), field="people")
    if day < halfdays.local_today(site, now):
        raise DomainError(_("This date is past: choose a date from today on."), field="day")
    slots = asked_slots(site, first_slot, last_slot)
    any_room = space is None
    if space is not None:
        if space.site_id != site.pk or space.kind not in ROOM_KINDS or space.archived_at:
            raise DomainError(_("Choose one of the rooms offered."), field="space")
        if people > space.capacity:
            raise DomainError(
                ngettext(
                    "%(space)s takes %(capacity)s person at most: choose a larger room.",
                    "%(space)s takes %(capacity)s people at most: choose a larger room.",
                    space.capacity,
                )
                % {"space": space.name, "capacity": space.capacity},
                field="people",
            )
    else:
        reason = halfdays.closed_reason(site, day)
        if reason:  # said before looking for a room, as check_bookable says it
            raise DomainError(
                _("The site is closed on %(date)s: %(reason)s.")
                % {"date": date_format(day), "reason": reason},
                field="day",
            )
        space = _choose_room(site, day, slots, people)
    times = [check_bookable(site, space, day, slot, now=now) for slot in slots]
    _check_rate(email, ip, now)
    fields = {
        "site": site,
        "language": language,
        "any_room": any_room,
        "consent_text": consent_text,
        "consented_at": now,
    }
    try:
        with transaction.atomic():
            room_request = RoomRequest.objects.create(client_key=client_key, **fields)
    except IntegrityError:
        if client_key is None:
            raise
        sent = request_by_key(site, client_key, email)
        if sent is not None:  # the same sending won meanwhile: its request
            return sent
        # The key sent another address's request: not a retry, so this one is recorded
        # without it, and nothing of the other one shows.
        room_request = RoomRequest.objects.create(**fields)
    for slot, (starts_at, ends_at) in zip(slots, times, strict=True):
        booking = Booking.objects.create(
            site=site,
            space=space,
            date=day,
            slot=slot,
            starts_at=starts_at,
            ends_at=ends_at,
            exclusive=True,
            desks=0,
            status=BookingStatus.REQUESTED,
            over_quota=True,  # no tenancy: the outside rate
            requester_name=name[:200],
            requester_email=email,
            requester_phone=(phone or "").strip()[:40],
            requester_organisation=(organisation or "").strip()[:200],
            purpose=purpose[:300],
            people=people,
        )
        room_request.bookings.add(booking)
    log_action(
        actor=None,
        action="premises.request_received",
        obj=room_request,
        collective=site.collective,
        after={"space": space.name, "date": day.isoformat(), "people": people},
    )
    _mail_requester(room_request, "premises/requests/email/received")
    url = settings.SITE_URL + reverse("premises:requests", args=[site.collective.slug, site.slug])
    for membership in Membership.objects.coordinators(site.collective):
        queue_email(
            template="premises/requests/email/new_request",
            to=membership.user.email,
            language=membership.user.language,
            context={
                "room_request": room_request,
                "site": site,
                "space": space,
                "day": day,
                "people": people,
                "purpose": purpose,
                "url": url,
            },
        )
    return room_request


def _locked(room_request):
    """The site locked, then the request's bookings re-read under that lock."""
    site = halfdays.lock_site(room_request.site)
    bookings = list(room_request.bookings.select_related("space").order_by("starts_at", "pk"))
    return site, bookings


def _check_status(bookings, allowed, message):
    if not bookings or any(booking.status not in allowed for booking in bookings):
        raise DomainError(message)


def _block(room_request, *, actor, status, hold_until, now):
    site, bookings = _locked(room_request)
    for booking in bookings:
        checked = check_half_day(
            site=site,
            space=booking.space,
            day=booking.date,
            slot=booking.slot,
            organisation=booking.organisation,
            now=now,
            instead_of=booking,
        )
        label = checked.pop("label")
        for field, value in checked.items():
            setattr(booking, field, value)
        booking.status = status
        booking.hold_until = hold_until
        booking.decided_by = actor
        booking.version += 1
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as exc:
            # PostgreSQL's exclusion constraint, as in booking_core.reserve_half_day.
            raise DomainError(
                _("%(what)s: already booked.") % {"what": label}, field="slot", code="taken"
            ) from exc
    return site, bookings


@transaction.atomic
def accept_request(*, actor, room_request, now=None):
    """Confirm every half-day of the request (requested, held or expired hold), with
    the same check as any booking; refused whole, and the request unchanged, when one
    half-day cannot be booked any more."""
    now = now or timezone.now()
    bookings = list(room_request.bookings.all())
    _check_status(
        bookings,
        (BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.EXPIRED),
        _("This request has already been decided."),
    )
    _block(room_request, actor=actor, status=BookingStatus.CONFIRMED, hold_until=None, now=now)
    log_action(
        actor=actor,
        action="premises.request_accepted",
        obj=room_request,
        collective=_c(room_request),
    )
    _mail_requester(room_request, "premises/requests/email/accepted")
    return room_request


@transaction.atomic
def hold_request(*, actor, room_request, now=None):
    """Keep the room for the requester until ``now + site.hold_hours``: the half-days
    block the room until then and expire after, unless confirmed."""
    now = now or timezone.now()
    bookings = list(room_request.bookings.all())
    _check_status(
        bookings,
        (BookingStatus.REQUESTED, BookingStatus.EXPIRED),
        _("Only a request waiting for an answer can be held."),
    )
    hold_until = now + timedelta(hours=room_request.site.hold_hours)
    _block(room_request, actor=actor, status=BookingStatus.HELD, hold_until=hold_until, now=now)
    log_action(
        actor=actor,
        action="premises.request_held",
        obj=room_request,
        collective=_c(room_request),
        after={"hold_until": hold_until.isoformat()},
    )
    _mail_requester(room_request, "premises/requests/email/held", hold_until=hold_until)
    return room_request


@transaction.atomic
def release_hold(*, actor, room_request, now=None):
    """Let the room go: the held half-days stop blocking it and the request waits for
    an answer again."""
    _site, bookings = _locked(room_request)
    _check_status(bookings, (BookingStatus.HELD,), _("This request is not held."))
    for booking in bookings:
        booking.status = BookingStatus.REQUESTED
        booking.hold_until = None
        booking.decided_by = actor
        booking.version += 1
        booking.save(update_fields=["status", "hold_until", "decided_by", "version"])
    log_action(
        actor=actor,
        action="premises.request_released",
        obj=room_request,
        collective=_c(room_request),
    )
    _mail_requester(room_request, "premises/requests/email/released")
    return room_request


@transaction.atomic
def refuse_request(*, actor, room_request, reason, now=None):
    """Refuse the request, saying why (the requester reads the reason)."""
    reason = clean_line(reason, field="reason", empty_message=_("Say why the request is refused."))
    _site, bookings = _locked(room_request)
    _check_status(
        bookings,
        (BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.EXPIRED),
        _("This request has already been decided."),
    )
    for booking in bookings:
        booking.status = BookingStatus.REFUSED
        booking.hold_until = None
        booking.decided_by = actor
        booking.version += 1
        booking.save(update_fields=["status", "hold_until", "decided_by", "version"])
    room_request.reason = reason
    room_request.save(update_fields=["reason"])
    log_action(
        actor=actor,
        action="premises.request_refused",
        obj=room_request,
        collective=_c(room_request),
        after={"reason": reason},
    )
    _mail_requester(room_request, "premises/requests/email/refused", reason=reason)
    return room_request


def _c(room_request):
    return room_request.site.collective


# ---------------------------------------------------------------------- periodic jobs


def expire_all_holds(now=None):
    """Holds past their time stop blocking, on every site; returns how many."""
    now = now or timezone.now()
    done = 0
    for site in Site.objects.filter(bookings__status=BookingStatus.HELD).distinct():
        done += halfdays.expire_holds(site, now)
    return done


def erase_requesters_data(now=None):
    """Erase requesters' names, e-mail addresses and phones
    PREMISES_REQUESTS_ERASE_AFTER_DAYS after the date they asked for; the bookings stay
    (occupancy), anonymous. Returns how many requests."""
    now = now or timezone.now()
    before = timezone.localdate(now) - timedelta(days=settings.PREMISES_REQUESTS_ERASE_AFTER_DAYS)
    done = 0
    due = RoomRequest.objects.filter(erased_at__isnull=True).exclude(bookings__date__gte=before)
    for room_request in due.select_related("site__collective"):
        with transaction.atomic():
            room_request.bookings.update(requester_name="", requester_email="", requester_phone="")
            room_request.erased_at = now
            room_request.save(update_fields=["erased_at"])
            log_action(
                actor=None,
                action="premises.requester_data_erased",
                obj=room_request,
                collective=_c(room_request),
            )
            done += 1
    return done


# ---------------------------------------------------------------------- calendar feeds


@transaction.atomic
def renew_feed(*, actor, site, space=None, organisation=None):
    """Give the calendar of ``space`` (or of ``organisation`` at ``site``) a new secret
    address; the old one, if any, stops working at once."""
    if (space is None) == (organisation is None):
        raise DomainError(_("Choose a space or an organisation."))
    if space is not None and space.site_id != site.pk:
        raise DomainError(_("This space is not at this site."))
    token = secrets.token_urlsafe(24)
    if space is not None:
        feed, _created = CalendarFeed.objects.update_or_create(
            space=space, defaults={"site": site, "token": token}
        )
    else:
        feed, _created = CalendarFeed.objects.update_or_create(
            site=site, organisation=organisation, defaults={"token": token}
        )
    log_action(
        actor=actor,
        action="premises.feed_renewed",
        obj=feed,
        collective=site.collective,
    )
    return feed
