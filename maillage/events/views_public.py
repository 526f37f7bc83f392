"""The public side of events: agenda, event pages, programmes, feeds, registrations.

Anyone, without an account and without JavaScript, reads the published (or
cancelled) events of a PUBLIC collective and registers with a name and an e-mail
address. A draft, and any event of a private collective, answer 404 to everyone
here, members included: members have the management pages.

A registrant's page is reached only by the secret key of the e-mail; it shows that
one registration and never anyone else's. Registering answers with a page that says
to read the e-mail, never with the key: opening the link proves the address is the
person's, and confirming it there is what lets the waiting list give them a seat.
That page is the same whether the address was new or already registered, and so are
the refusals (services.register): nobody learns from them who registered.
Registrants' data never appears on the other pages: only counts of seats.

The agenda and the programme are read in a fixed number of queries whatever the
number of events (confirmed and waiting counts are annotated).
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from maillage.collectives.access import get_public_collective
from maillage.core.dates import FIRST_DAY, LAST_DAY
from maillage.core.errors import DomainError
from maillage.core.feeds import CannotWrite
from maillage.core.forms import add_domain_error
from maillage.core.requests import client_ip
from maillage.core.typography import elide

from . import ical, services
from .feeds import CollectiveEventsFeed
from .forms_public import AgendaFilterForm, RegistrationForm
from .models import (
    Event,
    EventKind,
    Programme,
    QuestionKind,
    Registration,
    RegistrationStatus,
)

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING


def public_events(collective):
    """The collective's events anyone may read, with their seat counts annotated."""
    return (
        Event.objects.public()
        .filter(collective=collective)
        .annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
            waiting_count=Count("registrations", filter=Q(registrations__status=WAITING)),
        )
    )


def seats(event, now=None):
    """(state, words) about the seats and registrations of an annotated event.

    The state (for the style) is always said in words too, never by colour alone.
    """
    now = now or timezone.now()
    if event.is_cancelled:
        return "cancelled", _("Event cancelled")
    if event.ends_at < now:
        return "past", _("Event over")
    try:
        services.check_open(event, now)
    except DomainError as refusal:
        if event.registration_opens_at and now < event.registration_opens_at:
            return "not-open", refusal.message
        return "closed", _("Registrations closed")
    if event.capacity is None:
        return "open", _("Registrations open")
    left = event.capacity - event.confirmed_count
    if left <= 0:
        return "full", _("Full – waiting list")
    return "open", ngettext("%(count)s seat left", "%(count)s seats left", left) % {"count": left}


def _describe(events, collective, now):
    for event in events:
        event.collective = collective  # spares a query per link
        event.seats_state, event.seats_label = seats(event, now)
    return events


@login_not_required
@require_GET
def agenda(request, slug):
    collective = get_public_collective(slug)
    now = timezone.now()
    upcoming = public_events(collective).upcoming(now)
    themes = (
        Event.objects.public()
        .upcoming(now)
        .filter(collective=collective)
        .exclude(theme="")
        .order_by("theme")
        .values_list("theme", flat=True)
        .distinct()
    )
    form = AgendaFilterForm(request.GET or None, themes=list(themes))
    if form.is_bound and form.is_valid():
        upcoming = form.filter(upcoming)
    events = _describe(list(upcoming.order_by("starts_at", "pk")), collective, now)
    return render(
        request,
        "events/public/agenda.html",
        {"collective": collective, "form": form, "events": events, "filtered": form.is_bound},
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


def _event_or_404(slug, pk):
    collective = get_public_collective(slug)
    event = get_object_or_404(public_events(collective).select_related("programme"), pk=pk)
    event.collective = collective
    return event


def _event_page(request, event, form=None, status=200):
    now = timezone.now()
    event.seats_state, event.seats_label = seats(event, now)
    questions = list(event.questions.all())
    try:
        services.check_open(event, now)
        closed_reason = None
    except DomainError as refusal:
        closed_reason = refusal.message
    if form is None and closed_reason is None:
        form = RegistrationForm(questions=questions)
    programme = event.programme if event.programme and event.programme.published_at else None
    past = event.ends_at < now
    try:
        event.calendar_times()
        in_calendars = True
    except CannotWrite:
        in_calendars = False
    return render(
        request,
        "events/public/event.html",
        {
            "collective": event.collective,
            "event": event,
            "programme": programme,
            "description_html": mark_safe(event.description_html),  # noqa: S308 - sanitised at save
            "report_html": (
                mark_safe(event.report_html)  # noqa: S308 - sanitised at save
                if past and event.report_published_at
                else ""
            ),
            "links": list(event.links.all()) if past and event.report_published_at else [],
            "speakers": list(event.speakers.all()),
            "partners": list(event.partners.order_by("name")),
            "form": form,
            "closed_reason": closed_reason,
            # A job café set up takes its job seekers' registrations on its own form.
            "job_cafe": event.kind == EventKind.JOB_CAFE and hasattr(event, "cafe"),
            "past": past,
            "in_calendars": in_calendars,
        },
        status=status,
    )


@login_not_required
@require_GET
def event(request, slug, pk):
    return _event_page(request, _event_or_404(slug, pk))


@login_not_required
@require_GET
def event_ics(request, slug, pk):
    """The event's own calendar file, for anyone, before registering: the event as its
    page shows it, with no registrant's data (ical.event_file)."""
    event = _event_or_404(slug, pk)
    try:
        text = ical.event_file(event)
    except CannotWrite:
        # Data stored before forms refused such dates: say so on the event's page.
        messages.error(
            request,
            _(
                "The date of this event cannot be written in a calendar file: "
                "it is not between %(first)s and %(last)s."
            )
            % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
        )
        return redirect(event)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{event.collective.slug}-{event.pk}.ics"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_not_required
@require_POST
def register(request, slug, pk):
    event = _event_or_404(slug, pk)
    if event.kind == EventKind.JOB_CAFE and hasattr(event, "cafe"):
        return redirect("employment:register", event.pk)
    form = RegistrationForm(request.POST, questions=list(event.questions.all()))
    if form.is_spam():
        # Nothing is stored, and nothing tells a robot what gave it away.
        form.is_valid()
        form.add_error(None, _("Your registration could not be recorded. Please try again."))
        return _event_page(request, event, form, status=400)
    if not form.is_valid():
        return _event_page(request, event, form, status=400)
    try:
        services.register(
            event=event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            answers=form.answers(),
            language=request.LANGUAGE_CODE,
            ip=client_ip(request),  # behind proxies too (TRUSTED_PROXY_COUNT)
            client_key=form.cleaned_data["client_key"],
        )
    except DomainError as refusal:
        add_domain_error(form, refusal)
        return _event_page(request, event, form, status=400)
    # The same answer for a new registration and for an address already registered;
    # and never the personal link, which only the e-mail carries (see the module).
    messages.success(
        request,
        elide(
            _("Thank you. Check the e-mail at %(email)s.") % {"email": form.cleaned_data["email"]}
        ),
    )
    return redirect("events:registration_sent", event.collective.slug, event.pk)


@login_not_required
@never_cache
@require_GET
def registration_sent(request, slug, pk):
    event = _event_or_404(slug, pk)
    return render(
        request,
        "events/public/registration_sent.html",
        {"collective": event.collective, "event": event},
    )


def _registration_or_404(key):
    return get_object_or_404(
        Registration.objects.select_related("event__collective"), key=key, walk_in=False
    )


def _answers(registration):
    """(question, answer in words) for each question the person answered."""
    shown = []
    for question in registration.event.questions.all():
        value = registration.answers.get(str(question.pk))
        if value in (None, ""):
            continue
        if question.kind == QuestionKind.YES_NO:
            value = _("Yes") if value is True else _("No")
        shown.append((question.label, value))
    return shown


@login_not_required
@never_cache
@require_GET
def registration(request, key):
    registration = _registration_or_404(key)
    event = registration.event
    place_in_line = None
    if registration.is_waiting:
        place_in_line = event.registrations.filter(
            status=WAITING, position__lte=registration.position
        ).count()
    return render(
        request,
        "events/public/registration.html",
        {
            "registration": registration,
            "event": event,
            "event_is_public": event.is_public,
            "place_in_line": place_in_line,
            "answers": _answers(registration),
            "live": not registration.is_cancelled and not registration.erased_at,
            "past": event.ends_at < timezone.now(),
        },
    )


def _act(request, key, action, done):
    registration = _registration_or_404(key)
    try:
        registration = action(registration=registration)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done(registration))
    return redirect("events:registration", key)


@login_not_required
@require_POST
def confirm(request, key):
    def done(registration):
        if registration.is_confirmed:
            return _("Your address is confirmed.")
        return _(
            "Your address is confirmed: you will be given a seat, and told by e-mail, "
            "as soon as one frees up."
        )

    return _act(request, key, services.confirm_address, done)


@login_not_required
@require_POST
def cancel(request, key):
    return _act(
        request,
        key,
        services.cancel_registration,
        lambda registration: _("Your registration is cancelled."),
    )


@login_not_required
@require_POST
def delete(request, key):
    return _act(
        request,
        key,
        services.delete_registration,
        lambda registration: _("Your registration and your data are deleted."),
    )


@login_not_required
@require_GET
def programme(request, slug, programme):
    collective = get_public_collective(slug)
    found = get_object_or_404(
        Programme.objects.filter(collective=collective, published_at__isnull=False),
        slug=programme,
    )
    now = timezone.now()
    events = _describe(
        list(public_events(collective).filter(programme=found).order_by("starts_at", "pk")),
        collective,
        now,
    )
    # Themes in the order of their first event; events in date order within each.
    first = {}
    for item in events:
        first.setdefault(item.theme, len(first))
    ordered = sorted(events, key=lambda item: first[item.theme])
    themes = [(theme, list(items)) for theme, items in groupby(ordered, key=lambda e: e.theme)]
    return render(
        request,
        "events/public/programme.html",
        {
            "collective": collective,
            "programme": found,
            "description_html": mark_safe(found.description_html),  # noqa: S308 - sanitised at save
            "themes": themes,
        },
    )


@login_not_required
@require_GET
def ical_feed(request, slug):
    collective = get_public_collective(slug)
    events = list(
        Event.objects.public().upcoming().filter(collective=collective).order_by("starts_at", "pk")
    )
    for item in events:
        item.collective = collective  # spares a query per event
    name = elide(
        _("Events of %(collective)s") % {"collective": collective.short_name or collective.name}
    )
    response = HttpResponse(
        ical.feed(events, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{collective.slug}-events.ics"'
    response["Cache-Control"] = "public, max-age=300"
    return response


atom_feed = login_not_required(require_GET(CollectiveEventsFeed()))
