"""Registrations: a seat or the waiting list, in arrival order, under the event's lock;
confirming the address, cancelling, deleting, promotions, the number of seats, closing
and reopening registrations; check-in and walk-ins; the reminders and the erasure of
registrants' personal data (periodic jobs). See services.py for the rules."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.limits import keyed_hash

from .models import Event, EventStatus, QuestionKind, Registration
from .services_common import (
    CANCELLED,
    CONFIRMED,
    WAITING,
    _confirmed,
    _lock,
    _mail,
    _setting,
)

# An address registered twice gets its link again, at most this often.
LINK_RESENT_AFTER = timedelta(hours=1)

# ---------------------------------------------------------------------- registration


def hash_ip(ip):
    """A keyed hash of an IP address: enough to count, not to find the person."""
    return keyed_hash("events-ip", ip)


def clean_email(email):
    email = (email or "").strip()
    if not email:
        raise DomainError(_("Give your e-mail address."), field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            _("“%(email)s” is not a valid e-mail address.") % {"email": email}, field="email"
        ) from None
    # One person, one address: Personne@Example.org and personne@example.org are the same.
    return email.lower()


def clean_answers(event, answers):
    """The answers to the event's questions, by question id; missing required ones refused."""
    answers = answers or {}
    cleaned = {}
    for question in event.questions.all():
        value = answers.get(str(question.pk), answers.get(question.pk))
        if isinstance(value, str):
            value = value.strip()
        if question.kind == QuestionKind.YES_NO and value not in (None, ""):
            value = value in (True, "yes", "oui", "on", "1", "true")
        if value in (None, ""):
            if question.required:
                raise DomainError(
                    _("Please answer “%(question)s”.") % {"question": question.label},
                    field=f"question_{question.pk}",
                )
            continue
        if question.kind == QuestionKind.CHOICE and value not in question.choice_list:
            raise DomainError(
                _("Choose one of the answers offered to “%(question)s”.")
                % {"question": question.label},
                field=f"question_{question.pk}",
            )
        if isinstance(value, str):
            value = value[:1000]
        cleaned[str(question.pk)] = value
    return cleaned


def _check_rate(email, ip_hash, now):
    """At most EVENTS_RATE_PER_ADDRESS registrations an hour from one e-mail address and
    EVENTS_RATE_PER_IP from one network address, over every event."""
    since = now - timedelta(hours=1)
    recent = Registration.objects.filter(created_at__gte=since, walk_in=False)
    if recent.filter(email=email).count() >= _setting("EVENTS_RATE_PER_ADDRESS", 5):
        raise DomainError(
            _(
                "Too many registrations with this address in the last hour. Please try "
                "again later, or write to the organisers."
            ),
            field="email",
        )
    if ip_hash and recent.filter(ip_hash=ip_hash).count() >= _setting("EVENTS_RATE_PER_IP", 20):
        raise DomainError(
            _(
                "Too many registrations from your connection in the last hour. Please try "
                "again later, or write to the organisers."
            )
        )


def check_open(event, now=None):
    """Refuse, with the reason, when the event does not take registrations now."""
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        raise DomainError(_("This event is cancelled."))
    if event.status != EventStatus.PUBLISHED:
        raise DomainError(_("This event is not published."))
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = timezone.localtime(event.registration_opens_at, event.zone)
        raise DomainError(
            _("Registrations open on %(date)s at %(time)s.")
            % {"date": opens.strftime("%d.%m.%Y"), "time": opens.strftime("%H:%M")}
        )
    closes = event.registration_closes_at or event.starts_at
    if event.registrations_closed_at or now >= closes:
        raise DomainError(_("Registrations for this event are closed."))


def registration_by_key(event, client_key, email):
    """The registration that the key ``client_key`` made for the address ``email`` at
    ``event``, or None. A key that made another address's registration finds nothing."""
    if client_key is None:
        return None
    return Registration.objects.filter(
        event=event, client_key=client_key, email=clean_email(email)
    ).first()


@transaction.atomic
def register(*, event, name, email, answers=None, language="fr", ip="", now=None, client_key=None):
    """Register someone: a seat if one is free, else the waiting list, in arrival order.

    Nothing here tells a visitor whether an address is already registered for the
    event: the refusals come before that question (the rate limits included), and an
    address already registered changes nothing. Its own registration is returned and
    its link e-mailed to it again (at most once every LINK_RESENT_AFTER), so the page
    answers as for a new registration and only the address's owner learns the truth.

    ``client_key`` (the UUID of the form, or the API's Idempotency-Key) makes sending
    the same registration again harmless: the registration that key made for this
    address is returned unchanged, before any check (the rate limits, registrations
    closed since), with no second e-mail, even when the name or answers sent again
    differ (the first sending wins, as with a payment API). The key is scoped to the
    address: sent again with another address (a form reused, by its back button, for
    a colleague), it is someone else's registration, made as if no key was sent, and
    the first one is neither returned nor revealed.
    """
    now = now or timezone.now()
    name = clean_line(name, field="name", empty_message=_("Give your name."))
    if len(name) > 120:
        raise DomainError(_("Your name is too long: 120 characters at most."), field="name")
    email = clean_email(email)
    registered = registration_by_key(event, client_key, email)
    if registered is not None:
        return registered
    ip_hash = hash_ip(ip)
    event = _lock(event)
    # Under the event's lock: the same key sent at the same moment waited for this one.
    registered = registration_by_key(event, client_key, email)
    if registered is not None:
        return registered
    check_open(event, now)
    answers = clean_answers(event, answers)
    _check_rate(email, ip_hash, now)
    registered = event.registrations.filter(email=email).exclude(status=CANCELLED).first()
    if registered is not None:
        _resend_link(registered, now)
        return registered
    fields = {"name": name, "email": email, "language": language, "answers": answers}
    try:
        with transaction.atomic():
            registration = _create(event, fields | {"ip_hash": ip_hash, "client_key": client_key})
    except IntegrityError:
        if client_key is None:
            raise
        registered = registration_by_key(event, client_key, email)
        if registered is not None:  # the same sending won meanwhile: its registration
            return registered
        # The key made another address's registration: not a retry, so this one is made
        # without it, and nothing of the other one shows.
        event.refresh_from_db(fields=["arrivals"])  # the savepoint undid the count
        registration = _create(event, fields | {"ip_hash": ip_hash})
    template = "events/email/confirmed" if registration.is_confirmed else "events/email/waiting"
    _mail(registration, template, event=event)
    return registration


def _create(event, fields):
    """A new registration at the end of the line: a seat if one is free, else waiting."""
    free = event.capacity is None or _confirmed(event) < event.capacity
    event.arrivals += 1
    event.save(update_fields=["arrivals"])
    return Registration.objects.create(
        event=event, status=CONFIRMED if free else WAITING, position=event.arrivals, **fields
    )


def _resend_link(registration, now):
    """Send an address that registers again the link to its registration, unless it got
    one (when registering, or sent again) less than LINK_RESENT_AFTER ago: registering
    an address over and over cannot flood its inbox. A walk-in has no link to send."""
    last = registration.link_resent_at or registration.created_at
    if registration.walk_in or now - last < LINK_RESENT_AFTER:
        return
    registration.link_resent_at = now
    registration.save(update_fields=["link_resent_at"])
    _mail(registration, "events/email/already_registered", event=registration.event, calendar=False)


@transaction.atomic
def confirm_address(*, registration, now=None):
    """The person proved the address is theirs; on the waiting list, they may now be
    promoted (at once, if a seat is free)."""
    event = _lock(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    _check_live(registration)
    if registration.email_confirmed_at is None:
        registration.email_confirmed_at = now or timezone.now()
        registration.save(update_fields=["email_confirmed_at"])
        fill_seats(event)
    registration.refresh_from_db()
    return registration


def _check_live(registration):
    if registration.erased_at:
        raise DomainError(_("This registration was deleted."))
    if registration.status == CANCELLED:
        raise DomainError(_("This registration was already cancelled."))


def fill_seats(event, now=None):
    """Promote waiting people, in arrival order, while seats are free. Call it with the
    event locked. Only people who confirmed their address are promoted automatically."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _confirmed(event)
        if free <= 0:
            return []
    waiting = event.registrations.filter(status=WAITING, email_confirmed_at__isnull=False).order_by(
        "position"
    )
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        _promote(registration, now)
    return promoted


def _promote(registration, now=None):
    registration.status = CONFIRMED
    registration.promoted_at = now or timezone.now()
    registration.save(update_fields=["status", "promoted_at"])
    _mail(registration, "events/email/promoted", event=registration.event)


@transaction.atomic
def cancel_registration(*, registration, now=None):
    """The person cancels from their link; their seat goes to the first one waiting."""
    event = _lock(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    _check_live(registration)
    was_confirmed = registration.status == CONFIRMED
    registration.status = CANCELLED
    registration.cancelled_at = now or timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if was_confirmed:
        fill_seats(event, now)
    log_action(actor=None, action="events.registration_cancelled", obj=event)
    return registration


@transaction.atomic
def delete_registration(*, registration, now=None):
    """The person deletes their registration: cancelled, and their data erased now."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.erased_at:
        raise DomainError(_("This registration was deleted."))
    was_confirmed = registration.status == CONFIRMED
    if registration.status != CANCELLED:
        registration.status = CANCELLED
        registration.cancelled_at = now
    _erase(registration, now)
    registration.save()
    if was_confirmed:
        fill_seats(event, now)
    log_action(actor=None, action="events.registration_deleted", obj=event)
    return registration


def _erase(registration, now):
    registration.name = ""
    registration.email = ""
    registration.answers = {}
    registration.ip_hash = ""
    registration.erased_at = now


@transaction.atomic
def promote(*, actor, registration, now=None):
    """An organiser gives a seat to someone waiting, whatever their place in line."""
    event = _lock(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status != WAITING:
        raise DomainError(_("Only someone on the waiting list can be given a seat."))
    if event.capacity is not None and _confirmed(event) >= event.capacity:
        raise DomainError(
            _("No seat is free: raise the number of seats first, then give this one.")
        )
    _promote(registration, now)
    log_action(actor=actor, action="events.registration_promoted", obj=event)
    return registration


@transaction.atomic
def set_capacity(*, actor, event, capacity, now=None):
    """Change the number of seats (empty: no limit); waiting people fill new seats."""
    event = _lock(event)
    if capacity is not None:
        if capacity < 1:
            raise DomainError(
                _("Give at least one seat, or leave it empty for no limit."), field="capacity"
            )
        confirmed = _confirmed(event)
        if capacity < confirmed:
            raise DomainError(
                ngettext(
                    "%(count)s person is already confirmed: the event cannot have fewer "
                    "seats. Cancel registrations first if you must.",
                    "%(count)s people are already confirmed: the event cannot have fewer "
                    "seats. Cancel registrations first if you must.",
                    confirmed,
                )
                % {"count": confirmed},
                field="capacity",
            )
    before = event.capacity
    event.capacity = capacity
    event.version += 1
    event.save(update_fields=["capacity", "version", "updated_at"])
    promoted = fill_seats(event, now)
    log_action(
        actor=actor,
        action="events.capacity_changed",
        obj=event,
        before={"capacity": before},
        after={"capacity": capacity, "promoted": len(promoted)},
    )
    return event


@transaction.atomic
def close_registrations(*, actor, event, now=None):
    event = _lock(event)
    if event.registrations_closed_at is None:
        event.registrations_closed_at = now or timezone.now()
        event.save(update_fields=["registrations_closed_at", "updated_at"])
        log_action(actor=actor, action="events.registrations_closed", obj=event)
    return event


@transaction.atomic
def reopen_registrations(*, actor, event):
    event = _lock(event)
    if event.registrations_closed_at is not None:
        event.registrations_closed_at = None
        event.save(update_fields=["registrations_closed_at", "updated_at"])
        log_action(actor=actor, action="events.registrations_reopened", obj=event)
    return event


# -------------------------------------------------------------------------- check-in


@transaction.atomic
def check_in(*, actor, registration, present=True, now=None):
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != CONFIRMED:
        raise DomainError(_("Only confirmed registrations can be checked in."))
    registration.checked_in_at = (now or timezone.now()) if present else None
    registration.save(update_fields=["checked_in_at"])
    return registration


@transaction.atomic
def add_walk_in(*, actor, event, name, email="", now=None):
    """Someone who came without registering: present, beyond the seats if need be."""
    now = now or timezone.now()
    name = clean_line(name, field="name", empty_message=_("Give the person's name."))
    email = clean_email(email) if (email or "").strip() else ""
    event = _lock(event)
    if email and event.registrations.filter(email=email).exclude(status=CANCELLED).exists():
        raise DomainError(
            _("This address is already registered: tick the person in the list."), field="email"
        )
    event.arrivals += 1
    event.save(update_fields=["arrivals"])
    return Registration.objects.create(
        event=event,
        name=name,
        email=email,
        status=CONFIRMED,
        position=event.arrivals,
        walk_in=True,
        checked_in_at=now,
    )


def attendance(event):
    """Counts that stay true after personal data is erased."""
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=CONFIRMED, walk_in=False)),
        waiting=Count("pk", filter=Q(status=WAITING)),
        cancelled=Count("pk", filter=Q(status=CANCELLED)),
        present=Count("pk", filter=Q(checked_in_at__isnull=False)),
        walk_ins=Count("pk", filter=Q(walk_in=True)),
    )
    counts["absent"] = max(0, counts["confirmed"] - (counts["present"] - counts["walk_ins"]))
    return counts


# ------------------------------------------------------------------ periodic jobs


def send_reminders(now=None):
    """Remind confirmed registrants the day before (once per start time). Returns how
    many e-mails were queued."""
    now = now or timezone.now()
    window = timedelta(hours=_setting("EVENTS_REMINDER_HOURS", 24))
    sent = 0
    due = Event.objects.published().filter(starts_at__gt=now, starts_at__lte=now + window)
    for event in due:
        with transaction.atomic():
            event = _lock(event)
            # Re-read under the lock: it may have been cancelled or moved meanwhile.
            if (
                event.status != EventStatus.PUBLISHED
                or not now < event.starts_at <= now + window
                or event.reminded_for == event.starts_at
            ):
                continue
            for registration in event.registrations.filter(
                status=CONFIRMED, reminded_at__isnull=True, erased_at__isnull=True
            ).exclude(email=""):
                _mail(registration, "events/email/reminder", event=event)
                registration.reminded_at = now
                registration.save(update_fields=["reminded_at"])
                sent += 1
            event.reminded_for = event.starts_at
            event.save(update_fields=["reminded_for"])
    return sent


def erase_past_personal_data(now=None):
    """Erase registrants' names, addresses and answers EVENTS_ERASE_AFTER_DAYS after the
    event ended; the rows stay, anonymous, for the counts. Returns how many events."""
    now = now or timezone.now()
    before = now - timedelta(days=_setting("EVENTS_ERASE_AFTER_DAYS", 90))
    done = 0
    for event in Event.objects.filter(ends_at__lt=before, personal_data_erased_at__isnull=True):
        with transaction.atomic():
            event.registrations.filter(erased_at__isnull=True).update(
                name="", email="", answers={}, ip_hash="", erased_at=now
            )
            event.personal_data_erased_at = now
            event.save(update_fields=["personal_data_erased_at"])
            log_action(actor=None, action="events.personal_data_erased", obj=event)
            done += 1
    return done
