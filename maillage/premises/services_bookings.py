"""Members book and cancel half-days: one or several half-days of a day, a series by
rule (every Tuesday morning until June) that books the free dates and lists the
others with their reason, cancelling one booking, a range of a series or its rest.

Each function is one transaction: the site's row is locked (``halfdays.lock_site``)
and every half-day goes through ``booking_core.reserve_half_day``, the one place that
checks and writes a half-day. Who may cancel: rules_bookings.py.

Cancellation terms: a booking cancelled less than ``site.cancellation_hours`` before
its start is marked ``late_cancellation`` (the statements charge it when the site
says so); a booking that has started cannot be cancelled.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.audit.services import log_action
from maillage.collectives.rules import organisations_of
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email

from . import halfdays
from .booking_core import reserve_half_day
from .models import BLOCKING, Booking, BookingSeries, BookingStatus, Slot

# The most half-days one series may book (a year of one half-day a day).
MAX_SERIES_DATES = 366
# A series is repeated every week at most, every 52 weeks at least.
MAX_EVERY_WEEKS = 52


# ------------------------------------------------------------------ checks


def _check_may_book(actor, site):
    if not actor.has_perm("premises.book", site):
        raise DomainError(_("You may not book at this site."))


def _check_organisation(actor, site, organisation):
    """``organisation`` must be one the actor represents in the collective; the
    coordinators may book for any organisation of the collective."""
    if organisation is None:
        return
    collective = site.collective
    if actor.has_perm("premises.manage_premises", site):
        if collective.organisations.filter(pk=organisation.pk).exists():
            return
    elif organisation.pk in organisations_of(actor, collective):
        return
    raise DomainError(
        _("You do not book for %(organisation)s in this collective.")
        % {"organisation": organisation},
        field="organisation",
    )


def _check_people(space, people):
    if people is None or people < 1:
        raise DomainError(_("Give how many people will come (at least 1)."), field="people")
    if space.capacity and people > space.capacity:
        raise DomainError(
            ngettext(
                "%(space)s holds %(capacity)s person at most.",
                "%(space)s holds %(capacity)s people at most.",
                space.capacity,
            )
            % {"space": space.name, "capacity": space.capacity},
            field="people",
        )


def _ordered_slots(site, slots):
    """The half-days asked, in the site's order, each once; an unknown one refused."""
    wanted = set(slots or ())
    if not wanted:
        raise DomainError(_("Choose at least one half-day."), field="slots")
    known = [half.slot for half in halfdays.slots(site)]
    if wanted - set(known):
        raise DomainError(_("The site is not open at that time of day."), field="slots")
    return [slot for slot in known if slot in wanted]


def _check_desks(desks):
    if desks is None or desks < 0:
        raise DomainError(_("Book at least one desk."), field="desks")


def _fields(actor, purpose, people):
    return {"booked_by": actor, "purpose": (purpose or "").strip()[:300], "people": people}


def _summary(booking):
    return {
        "space": booking.space.name,
        "date": booking.date.isoformat(),
        "slot": booking.slot,
        "organisation": str(booking.organisation) if booking.organisation_id else "",
    }


def _mail(actor, template, context):
    if not actor.email:
        return
    queue_email(
        template=f"premises/bookings/email/{template}",
        to=actor.email,
        context={"person": actor, "site_url": settings.SITE_URL, **context},
        language=getattr(actor, "language", None),
    )


# ------------------------------------------------------------------ booking


def booked_with_key(actor, client_key):
    """The bookings that ``actor`` made with the key ``client_key`` (one per half-day,
    in order), or an empty list. Another person's key finds nothing."""
    if client_key is None or not actor.is_authenticated:
        return []
    return list(
        Booking.objects.filter(booked_by=actor, client_key=client_key)
        .select_related("site", "space", "organisation")
        .order_by("starts_at", "pk")
    )


def book(
    *,
    actor,
    space,
    day,
    slots,
    organisation=None,
    desks=0,
    purpose="",
    people=1,
    now=None,
    client_key=None,
):
    """Books ``space`` for the half-days ``slots`` of ``day`` (every slot of the site:
    the whole day) and returns the bookings. All or nothing: one half-day refused
    refuses them all, with its message.

    ``client_key`` (the UUID of the form, or the API's Idempotency-Key) makes sending
    the same booking again harmless: the bookings ``actor`` made with that key are
    returned unchanged, with no second e-mail or audit line, even when what is sent
    again differs (the first sending wins, as with a payment API) or the half-days
    were cancelled since; the same key sent at the same moment finds the bookings of
    the one that won. Only the actor's own bookings are looked at."""
    booked = booked_with_key(actor, client_key)
    if booked:
        return booked
    site = space.site
    _check_may_book(actor, site)
    _check_organisation(actor, site, organisation)
    _check_people(space, people)
    _check_desks(desks)
    slots = _ordered_slots(site, slots)
    with transaction.atomic():
        site = halfdays.lock_site(site)
        # Under the site's lock: the same key sent at the same moment waited for this one.
        booked = booked_with_key(actor, client_key)
        if booked:
            return booked
        try:
            with transaction.atomic():
                bookings = [
                    reserve_half_day(
                        site=site,
                        space=space,
                        day=day,
                        slot=slot,
                        organisation=organisation,
                        desks=desks,
                        now=now,
                        client_key=client_key,
                        **_fields(actor, purpose, people),
                    )
                    for slot in slots
                ]
        except IntegrityError:  # the same key won meanwhile: its bookings, once
            booked = booked_with_key(actor, client_key)
            if not booked:
                raise
            return booked
        for booking in bookings:
            log_action(
                actor=actor,
                action="premises.booking_made",
                obj=booking,
                collective=site.collective,
                after=_summary(booking),
            )
        _mail(actor, "booked", {"site": site, "space": space, "bookings": bookings})
    return bookings


def series_dates(starts_on, ends_on, weekdays, every=1, limit=None):
    """The dates of a series, in order: the ``weekdays`` (0 = Monday) of every
    ``every``-th week counted from the week of ``starts_on``, up to ``ends_on``
    included. Stops after ``limit`` dates when given."""
    weekdays = sorted(set(weekdays))
    first_monday = starts_on - timedelta(days=starts_on.weekday())
    week = 0
    count = 0
    while True:
        try:
            monday = first_monday + timedelta(weeks=week)
        except OverflowError:  # past the year 9999
            return
        if monday > ends_on:
            return
        for weekday in weekdays:
            try:
                day = monday + timedelta(days=weekday)
            except OverflowError:
                return
            if starts_on <= day <= ends_on:
                yield day
                count += 1
                if limit is not None and count >= limit:
                    return
        week += every


def _rule(weekdays, every, slots):
    names = [date_format_weekday(weekday) for weekday in sorted(set(weekdays))]
    halves = [str(Slot(slot).label) for slot in slots]
    period = ngettext("every week", "every %(count)s weeks", every) % {"count": every}
    return f"{', '.join(names)} ({', '.join(halves)}), {period}"[:300]


def date_format_weekday(weekday):
    """The name of a weekday (0 = Monday) in the active language."""
    return date_format(date(2024, 1, 1) + timedelta(days=weekday), "l")


def book_series(
    *,
    actor,
    space,
    starts_on,
    ends_on,
    weekdays,
    slots,
    organisation=None,
    every=1,
    desks=0,
    purpose="",
    people=1,
    now=None,
):
    """Books ``slots`` of the series' dates (see series_dates) and returns (series,
    booked, skipped): the dates that cannot be booked (taken, closed, not yet
    available, quota spent...) are skipped and listed with their reason, as dicts
    {date, slot, reason}; ``series.skipped`` keeps them. At most MAX_SERIES_DATES
    half-days: a longer series is refused whole."""
    now = now or timezone.now()
    site = space.site
    _check_may_book(actor, site)
    _check_organisation(actor, site, organisation)
    _check_people(space, people)
    _check_desks(desks)
    slots = _ordered_slots(site, slots)
    if starts_on is None or ends_on is None:
        raise DomainError(_("Give the first and the last date of the series."), field="ends_on")
    if ends_on < starts_on:
        raise DomainError(_("The end is before the start."), field="ends_on")
    if starts_on < halfdays.local_today(site, now):
        raise DomainError(_("The series cannot start in the past."), field="starts_on")
    weekdays = sorted({int(weekday) for weekday in weekdays or ()})
    if not weekdays or any(weekday not in range(7) for weekday in weekdays):
        raise DomainError(_("Choose at least one day of the week."), field="weekdays")
    if not 1 <= (every or 0) <= MAX_EVERY_WEEKS:
        raise DomainError(
            ngettext(
                "Repeat every 1 to %(most)s week.",
                "Repeat every 1 to %(most)s weeks.",
                MAX_EVERY_WEEKS,
            )
            % {"most": MAX_EVERY_WEEKS},
            field="every",
        )
    per_day = len(slots)
    dates = list(series_dates(starts_on, ends_on, weekdays, every, limit=MAX_SERIES_DATES + 1))
    if len(dates) * per_day > MAX_SERIES_DATES:
        raise DomainError(
            ngettext(
                "A series books %(most)s half-day at most: this one has more. "
                "Choose an earlier end, fewer days or fewer half-days.",
                "A series books %(most)s half-days at most: this one has more. "
                "Choose an earlier end, fewer days or fewer half-days.",
                MAX_SERIES_DATES,
            )
            % {"most": MAX_SERIES_DATES},
            field="ends_on",
        )
    if not dates:
        raise DomainError(
            _("No date between the start and the end falls on the days chosen."),
            field="weekdays",
        )
    with transaction.atomic():
        site = halfdays.lock_site(site)
        series = BookingSeries.objects.create(
            site=site,
            space=space,
            organisation=organisation,
            booked_by=actor,
            rule=_rule(weekdays, every, slots),
            starts_on=starts_on,
            ends_on=ends_on,
            slots=slots,
        )
        booked, skipped = [], []
        for day in dates:
            for slot in slots:
                try:
                    booked.append(
                        reserve_half_day(
                            site=site,
                            space=space,
                            day=day,
                            slot=slot,
                            organisation=organisation,
                            desks=desks,
                            now=now,
                            series=series,
                            **_fields(actor, purpose, people),
                        )
                    )
                except DomainError as refused:
                    skipped.append(
                        {
                            "date": day.isoformat(),
                            "slot": slot,
                            "reason": str(refused.message),
                            "code": refused.code or refused.field or "",
                        }
                    )
        series.skipped = skipped
        series.save(update_fields=["skipped"])
        log_action(
            actor=actor,
            action="premises.series_booked",
            obj=series,
            collective=site.collective,
            after={
                "space": space.name,
                "rule": series.rule,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "booked": len(booked),
                "skipped": len(skipped),
            },
        )
        _mail(
            actor,
            "series_booked",
            {
                "site": site,
                "space": space,
                "series": series,
                "booked": booked,
                "skipped": [
                    {
                        "day": date.fromisoformat(entry["date"]),
                        "label": Slot(entry["slot"]).label,
                        "reason": entry["reason"],
                    }
                    for entry in skipped
                ],
            },
        )
    return series, booked, skipped


# ------------------------------------------------------------------ cancelling


def _cancel(actor, booking, site, now):
    """Cancels ``booking`` (locked, re-read) and says whether it is late."""
    if booking.status not in BLOCKING:
        raise DomainError(_("This booking is already cancelled or no longer holds the space."))
    if booking.starts_at <= now:
        raise DomainError(_("This booking has started or is over: it cannot be cancelled."))
    booking.late_cancellation = booking.starts_at - now < timedelta(hours=site.cancellation_hours)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = actor
    booking.version += 1
    booking.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "late_cancellation", "version"]
    )
    return booking


def _check_may_cancel(actor, obj):
    if not actor.has_perm("premises.cancel_booking", obj):
        raise DomainError(_("You may not cancel this booking."))


def cancel_booking(*, actor, booking, now=None):
    """Cancels one booking; returns it (``late_cancellation`` says if it was late)."""
    now = now or timezone.now()
    _check_may_cancel(actor, booking)
    with transaction.atomic():
        site = halfdays.lock_site(booking.site)
        booking = Booking.objects.select_related("space", "organisation").get(pk=booking.pk)
        _cancel(actor, booking, site, now)
        log_action(
            actor=actor,
            action="premises.booking_cancelled",
            obj=booking,
            collective=site.collective,
            after={**_summary(booking), "late": booking.late_cancellation},
        )
    return booking


def _cancel_many(actor, series, queryset, now, log):
    """Cancels the upcoming bookings of ``queryset`` under the site's lock, then calls
    ``log(site, bookings)`` (the caller records its action); returns the bookings."""
    with transaction.atomic():
        site = halfdays.lock_site(series.site)
        bookings = list(
            queryset.filter(status__in=BLOCKING, starts_at__gt=now)
            .select_related("space", "organisation")
            .order_by("starts_at")
        )
        if not bookings:
            raise DomainError(_("No upcoming booking of this series in that period."))
        for booking in bookings:
            _cancel(actor, booking, site, now)
        log(site, bookings)
    return bookings


def _counts(bookings):
    return {
        "cancelled": len(bookings),
        "late": sum(booking.late_cancellation for booking in bookings),
    }


def cancel_range(*, actor, series, starts_on, ends_on, now=None):
    """Cancels the upcoming bookings of ``series`` from ``starts_on`` to ``ends_on``
    included; returns them. Those that have started stay."""
    now = now or timezone.now()
    _check_may_cancel(actor, series)
    if starts_on is None or ends_on is None:
        raise DomainError(_("Give the first and the last date to cancel."), field="ends_on")
    if ends_on < starts_on:
        raise DomainError(_("The end is before the start."), field="ends_on")

    def log(site, bookings):
        log_action(
            actor=actor,
            action="premises.series_range_cancelled",
            obj=series,
            collective=site.collective,
            after={
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                **_counts(bookings),
            },
        )

    return _cancel_many(
        actor, series, series.bookings.filter(date__gte=starts_on, date__lte=ends_on), now, log
    )


def cancel_rest_of_series(*, actor, series, from_day, now=None):
    """Cancels every upcoming booking of ``series`` from ``from_day`` on; returns them."""
    now = now or timezone.now()
    _check_may_cancel(actor, series)
    if from_day is None:
        raise DomainError(_("Give the first date to cancel."), field="from_day")

    def log(site, bookings):
        log_action(
            actor=actor,
            action="premises.series_rest_cancelled",
            obj=series,
            collective=site.collective,
            after={"starts_on": from_day.isoformat(), **_counts(bookings)},
        )

    return _cancel_many(actor, series, series.bookings.filter(date__gte=from_day), now, log)
