"""Every change to events, programmes and registrations.

No overbooking, ever: a registration, a cancellation, a promotion and a change of
capacity each take **the event's lock** first (``SELECT … FOR UPDATE`` on PostgreSQL;
on SQLite the IMMEDIATE transaction already holds the database's write lock), then
count the confirmed seats and decide. Arrival order is the event's ``arrivals``
counter, taken under the same lock.

A person on the waiting list is promoted automatically when a seat frees up, in
arrival order, once they have confirmed their address from the e-mail (so that
seats do not go to addresses nobody reads); organisers may also promote by hand.

Refusals raise DomainError with a message for the person; nothing is stored then.
The audit log records changes under the event and never names a registrant.

This module holds the changes to programmes and events; the registrations (and the
periodic jobs about registrants) are in ``services_registrations.py``, what both share
in ``services_common.py``. Every public name is re-exported here: callers use
``events.services``.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.content import render as render_markdown
from maillage.core.errors import DomainError
from maillage.core.values import KEEP

from .models import Event, EventLink, EventStatus, Programme, Question, QuestionKind, Speaker
from .services_common import CONFIRMED, WAITING, _lock, _mail
from .services_registrations import (  # noqa: F401 - re-exported: callers use services.*
    LINK_RESENT_AFTER,
    add_walk_in,
    attendance,
    cancel_registration,
    check_in,
    check_open,
    clean_answers,
    clean_email,
    close_registrations,
    confirm_address,
    delete_registration,
    erase_past_personal_data,
    fill_seats,
    hash_ip,
    promote,
    register,
    registration_by_key,
    reopen_registrations,
    send_reminders,
    set_capacity,
)

EVENT_FIELDS = (
    "title",
    "kind",
    "theme",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "place",
    "address",
    "access",
    "online_url",
    "language",
    "price",
    "currency",
    "price_note",
    "registration_opens_at",
    "registration_closes_at",
)
# Changing these after people registered sends them an update of their calendar file.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "time_zone", "place", "address", "online_url")

# ------------------------------------------------------------------------ programmes


@transaction.atomic
def create_programme(
    *, actor, collective, title, slug, description="", starts_on=None, ends_on=None
):
    title = clean_line(title, field="title", empty_message=_("Give the programme a title."))
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("A programme cannot end before it starts."), field="ends_on")
    if Programme.objects.filter(collective=collective, slug=slug).exists():
        raise DomainError(
            _("Another programme of the collective has this short name."), field="slug"
        )
    programme = Programme.objects.create(
        collective=collective,
        title=title,
        slug=slug,
        description=description.strip(),
        description_html=render_markdown(description.strip()),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    log_action(
        actor=actor,
        action="events.programme_created",
        obj=programme,
        after={"title": title},
    )
    return programme


@transaction.atomic
def publish_programme(*, actor, programme):
    if programme.published_at is None:
        programme.published_at = timezone.now()
        programme.save(update_fields=["published_at"])
        log_action(
            actor=actor,
            action="events.programme_published",
            obj=programme,
        )
    return programme


# ---------------------------------------------------------------------------- events


def _check_times(fields):
    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    if not starts_at or not ends_at:
        raise DomainError(_("Give the start and the end of the event."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(_("The event must end after it starts."), field="ends_at")
    opens, closes = fields.get("registration_opens_at"), fields.get("registration_closes_at")
    if opens and closes and closes <= opens:
        raise DomainError(
            _("Registrations must close after they open."), field="registration_closes_at"
        )
    if closes and closes > ends_at:
        raise DomainError(
            _("Registrations cannot close after the event has ended."),
            field="registration_closes_at",
        )
    price = fields.get("price")
    if price is not None and price < 0:
        raise DomainError(_("A price cannot be negative."), field="price")
    if price and not fields.get("currency"):
        raise DomainError(_("Choose the currency of the price."), field="currency")


def _check_organisers(collective, organisers):
    if not organisers:
        raise DomainError(_("An event needs at least one organiser."), field="organisers")
    if person := Membership.objects.first_outsider(collective, organisers):
        raise DomainError(
            _("%(person)s is not a member of the collective: they cannot organise it.")
            % {"person": person},
            field="organisers",
        )


@transaction.atomic
def create_event(
    *, actor, collective, organisers, programme=None, capacity=None, partners=(), **fields
):
    fields = {name: value for name, value in fields.items() if name in EVENT_FIELDS}
    fields["title"] = clean_line(
        fields.get("title"), field="title", empty_message=_("Give the event a title.")
    )
    _check_times(fields)
    _check_organisers(collective, organisers)
    if programme is not None and programme.collective_id != collective.pk:
        raise DomainError(_("This programme belongs to another collective."), field="programme")
    if capacity is not None and capacity < 1:
        raise DomainError(
            _("Give at least one seat, or leave it empty for no limit."), field="capacity"
        )
    event = Event.objects.create(
        collective=collective,
        programme=programme,
        capacity=capacity,
        description_html=render_markdown(fields.get("description", "")),
        created_by=actor,
        **fields,
    )
    event.organisers.set(organisers)
    event.partners.set(partners)
    log_action(actor=actor, action="events.event_created", obj=event, after={"title": event.title})
    return event


@transaction.atomic
def update_event(
    *, actor, event, base_version, organisers=None, partners=None, programme=KEEP, **fields
):
    event = lock_at_version(
        Event.objects.select_related("collective"),
        event.pk,
        base_version,
        message=_(
            "Someone changed this event while you were editing it. Your changes are not "
            "saved yet: check the event and make them again."
        ),
    )
    fields = {name: value for name, value in fields.items() if name in EVENT_FIELDS}
    merged = {name: getattr(event, name) for name in EVENT_FIELDS} | fields
    if "title" in fields:
        fields["title"] = clean_line(
            fields["title"], field="title", empty_message=_("Give the event a title.")
        )
    _check_times(merged)
    if organisers is not None:
        _check_organisers(event.collective, organisers)
        event.organisers.set(organisers)
    if partners is not None:
        event.partners.set(partners)
    if programme is not KEEP:
        if programme is not None and programme.collective_id != event.collective_id:
            raise DomainError(_("This programme belongs to another collective."), field="programme")
        fields["programme"] = programme
    before = {name: getattr(event, name) for name in fields}
    moved = any(
        getattr(event, name) != value for name, value in fields.items() if name in CALENDAR_FIELDS
    )
    for name, value in fields.items():
        setattr(event, name, value)
    event.description_html = render_markdown(event.description)
    event.version += 1
    if moved:
        event.sequence += 1
        # A moved event is reminded again, for its new start.
        event.registrations.update(reminded_at=None)
    event.save()
    after = {name: getattr(event, name) for name in fields}
    log_action(
        actor=actor,
        action="events.event_updated",
        obj=event,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    if moved and event.status == EventStatus.PUBLISHED:
        for registration in event.registrations.filter(status__in=[CONFIRMED, WAITING]):
            _mail(registration, "events/email/updated", event=event)
    return event


@transaction.atomic
def publish_event(*, actor, event):
    event = _lock(event)
    if event.status == EventStatus.CANCELLED:
        raise DomainError(_("A cancelled event cannot be published again."))
    if event.status != EventStatus.PUBLISHED:
        event.status = EventStatus.PUBLISHED
        event.version += 1
        event.save(update_fields=["status", "version", "updated_at"])
        log_action(actor=actor, action="events.event_published", obj=event)
    return event


@transaction.atomic
def cancel_event(*, actor, event, now=None):
    """Cancel an event that has not ended, telling everyone registered or waiting."""
    event = _lock(event)
    if event.status == EventStatus.CANCELLED:
        raise DomainError(_("This event is already cancelled."))
    if event.ends_at <= (now or timezone.now()):
        # Telling people after the fact that it "is cancelled" would be wrong.
        raise DomainError(_("This event is over: it can no longer be cancelled."))
    event.status = EventStatus.CANCELLED
    event.sequence += 1
    event.version += 1
    event.save(update_fields=["status", "sequence", "version", "updated_at"])
    for registration in event.registrations.filter(status__in=[CONFIRMED, WAITING]):
        _mail(registration, "events/email/event_cancelled", event=event, method="CANCEL")
    log_action(actor=actor, action="events.event_cancelled", obj=event)
    return event


@transaction.atomic
def add_speaker(*, actor, event, name, role="", organisation=""):
    name = clean_line(name, field="name", empty_message=_("Give the speaker's name."))
    speaker = Speaker.objects.create(
        event=event,
        name=name,
        role=role.strip(),
        organisation=organisation.strip(),
        position=event.speakers.count() + 1,
    )
    log_action(actor=actor, action="events.speaker_added", obj=event, after={"speaker": name})
    return speaker


@transaction.atomic
def add_question(*, actor, event, label, kind, choices="", required=False):
    label = clean_line(label, field="label", empty_message=_("Write the question."))
    if kind not in QuestionKind.values:
        raise DomainError(_("Choose what kind of answer the question expects."), field="kind")
    lines = [line.strip() for line in (choices or "").splitlines() if line.strip()]
    if kind == QuestionKind.CHOICE and len(lines) < 2:
        raise DomainError(_("Give at least two choices, one per line."), field="choices")
    if event.registrations.exists():
        raise DomainError(_("People have already registered: questions can no longer be added."))
    question = Question.objects.create(
        event=event,
        label=label,
        kind=kind,
        choices="\n".join(lines) if kind == QuestionKind.CHOICE else "",
        required=bool(required),
        position=event.questions.count() + 1,
    )
    log_action(actor=actor, action="events.question_added", obj=event, after={"question": label})
    return question


# ---------------------------------------------------------------- after the event


@transaction.atomic
def publish_report(*, actor, event, report, links=()):
    """Publish what happened (rich text, videos, documents); the first time, registrants
    who came or were confirmed get a "what happened" e-mail."""
    event = _lock(event)
    report = (report or "").strip()
    if not report:
        raise DomainError(_("Write the report before publishing it."), field="report")
    first = event.report_published_at is None
    event.report = report
    event.report_html = render_markdown(report)
    event.report_published_at = event.report_published_at or timezone.now()
    event.version += 1
    event.save()
    for kind, title, url in links:
        EventLink.objects.create(event=event, kind=kind, title=title, url=url)
    if first:
        for registration in event.registrations.filter(
            status=CONFIRMED, erased_at__isnull=True
        ).exclude(email=""):
            _mail(registration, "events/email/report", event=event, calendar=False)
    log_action(actor=actor, action="events.report_published", obj=event)
    return event


# ------------------------------------------------------------------------ memberships


def release_roles(*, actor, membership):
    """Called when ``membership`` ends (collectives.services.end_membership, in its
    transaction): the person no longer organises the collective's events still to
    come, so they no longer see who registered. Past events keep who organised them;
    coordinators name other organisers."""
    user = membership.user
    events = Event.objects.upcoming().filter(collective=membership.collective, organisers=user)
    for event in events:
        event = _lock(event)
        organisers = list(event.organisers.order_by("pk"))
        event.organisers.remove(user)
        event.version += 1
        event.save(update_fields=["version", "updated_at"])
        log_action(
            actor=actor,
            action="events.event_updated",
            obj=event,
            before={"organisers": ", ".join(str(p) for p in organisers)},
            after={"organisers": ", ".join(str(p) for p in organisers if p.pk != user.pk)},
        )
