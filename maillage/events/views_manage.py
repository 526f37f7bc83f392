"""The organisers' pages of events: the collective's list, the event's form, its
registrations and waiting list, check-in on the day, the attendance sheet and the
report; programmes.

Views read and call services.py for every change. Who registered is shown to the
event's organisers only (``events.manage_registrations``), not to the collective's
coordinators. Refused changes keep what was typed and show the service's message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.collectives.access import get_collective
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .forms_manage import (
    CapacityForm,
    CheckInSearchForm,
    EventForm,
    LinkForm,
    ProgrammeForm,
    QuestionForm,
    ReportForm,
    SpeakerForm,
    WalkInForm,
)
from .models import Event, Programme, Registration, RegistrationStatus

CHANGE = "events.change_event"
REGISTRATIONS = "events.manage_registrations"
LINKS = 3
# Empty lines at the end of the printed sheet, for people who come without registering.
BLANKS = 8


def _collective(request, slug, perm):
    collective = get_collective(request, slug)
    if not request.user.has_perm(perm, collective):
        raise PermissionDenied
    return collective


def _event(request, slug, pk, perm):
    """The collective's event at ``pk``: 404 when the collective is hidden from the
    person or the event is another collective's, 403 without ``perm``."""
    collective = get_collective(request, slug)
    event = get_object_or_404(
        Event.objects.select_related("collective", "programme"), collective=collective, pk=pk
    )
    user = request.user
    if not user.has_perm("events.view_event", event) or not user.has_perm(perm, event):
        raise PermissionDenied
    return event


def _registration(request, slug, pk, registration_pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    registration = get_object_or_404(
        Registration.objects.select_related("event__collective"),
        event=event,
        pk=registration_pk,
        erased_at__isnull=True,
    )
    return event, registration


def _to(name, event, **query):
    url = reverse(f"events:{name}", args=[event.collective.slug, event.pk])
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def _refused(request, exc):
    messages.error(request, exc.message)


# ------------------------------------------------------------------------ the list


def manage(request, slug):
    collective = _collective(request, slug, "events.view_events")
    user = request.user
    events = list(
        Event.objects.filter(collective=collective)
        .select_related("programme")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            waiting=Count("registrations", filter=Q(registrations__status="waiting")),
        )
        .order_by("-starts_at", "pk")
    )
    for event in events:
        event.collective = collective  # read once, for the rules and the links
        event.can_change = user.has_perm(CHANGE, event)
        event.can_manage = user.has_perm(REGISTRATIONS, event)
    return render(
        request,
        "events/manage/list.html",
        {
            "collective": collective,
            "events": events,
            "programmes": collective.programmes.annotate(count=Count("events")).order_by(
                "-starts_on", "pk"
            ),
            "can_add": user.has_perm("events.add_event", collective),
            "can_programme": user.has_perm("events.change_programmes", collective),
        },
    )


# --------------------------------------------------------------------- the event


def create(request, slug):
    collective = _collective(request, slug, "events.add_event")
    form = EventForm(
        form_data(request), collective=collective, initial={"organisers": [request.user]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.create_event(
                actor=request.user,
                collective=collective,
                organisers=list(data["organisers"]),
                partners=list(data["partners"]),
                programme=data["programme"],
                capacity=data["capacity"],
                **form.event_fields(),
            )
        except DomainError as exc:
            add_domain_error(form, exc, EventForm.FIELDS)
        else:
            messages.success(
                request,
                _("The event is created as a draft. Add speakers and questions, then publish it."),
            )
            return redirect("events:edit", collective.slug, event.pk)
    return render(
        request, "events/manage/event_form.html", {"collective": collective, "form": form}
    )


def _edit_page(request, event, *, form=None, speaker_form=None, question_form=None, **more):
    collective = event.collective
    status = more.pop("status", 200)
    if form is None:
        form = EventForm(collective=collective, editing=True, initial=EventForm.initial_for(event))
    return render(
        request,
        "events/manage/event_form.html",
        {
            "collective": collective,
            "event": event,
            "form": form,
            "speakers": event.speakers.all(),
            "questions": event.questions.all(),
            "speaker_form": speaker_form or SpeakerForm(),
            "question_form": question_form or QuestionForm(),
            "can_manage": request.user.has_perm(REGISTRATIONS, event),
            **more,
        },
        status=status,
    )


@transaction.atomic
def _save(request, event, form):
    """The event's fields, then its seats (their own service: waiting people may be
    promoted); both or neither."""
    data = form.cleaned_data
    event = services.update_event(
        actor=request.user,
        event=event,
        base_version=data["base_version"],
        organisers=list(data["organisers"]),
        partners=list(data["partners"]),
        programme=data["programme"],
        **form.event_fields(),
    )
    if data["capacity"] != event.capacity:
        event = services.set_capacity(actor=request.user, event=event, capacity=data["capacity"])
    return event


def edit(request, slug, pk):
    event = _event(request, slug, pk, CHANGE)
    if request.method != "POST":
        return _edit_page(request, event)
    form = EventForm(request.POST, collective=event.collective, editing=True)
    if not form.is_valid():
        return _edit_page(request, event, form=form)
    if form.cleaned_data["base_version"] is None:
        form.cleaned_data["base_version"] = event.version
    try:
        _save(request, event, form)
    except ConflictError as exc:
        # What the person typed stays, on top of the current version.
        event = _event(request, slug, pk, CHANGE)
        typed = request.POST.copy()
        typed["base_version"] = event.version
        form = EventForm(typed, collective=event.collective, editing=True)
        form.is_valid()
        return _edit_page(request, event, form=form, conflict=exc, status=409)
    except DomainError as exc:
        add_domain_error(form, exc, EventForm.FIELDS)
        return _edit_page(request, event, form=form)
    messages.success(request, _("The event is saved."))
    return redirect("events:edit", slug, pk)


@require_POST
def publish(request, slug, pk):
    event = _event(request, slug, pk, CHANGE)
    try:
        services.publish_event(actor=request.user, event=event)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The event is published: anyone can now register."))
    return redirect("events:edit", slug, pk)


@require_POST
def cancel(request, slug, pk):
    event = _event(request, slug, pk, CHANGE)
    if not request.POST.get("confirm"):
        # Cancelling e-mails everyone and cannot be undone: the box must be ticked.
        messages.error(
            request,
            _("Tick the box to confirm: the event will be cancelled and everyone told."),
        )
        return redirect("events:edit", slug, pk)
    try:
        services.cancel_event(actor=request.user, event=event)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The event is cancelled; the registered people are told."))
    return redirect("events:edit", slug, pk)


@require_POST
def speaker_add(request, slug, pk):
    event = _event(request, slug, pk, CHANGE)
    form = SpeakerForm(request.POST)
    if form.is_valid():
        try:
            services.add_speaker(actor=request.user, event=event, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The speaker is added."))
            return redirect(_to("edit", event) + "#speakers")
    return _edit_page(request, event, speaker_form=form)


@require_POST
def question_add(request, slug, pk):
    event = _event(request, slug, pk, CHANGE)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(actor=request.user, event=event, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The question is added to the registration form."))
            return redirect(_to("edit", event) + "#questions")
    return _edit_page(request, event, question_form=form)


# ----------------------------------------------------------------- registrations


def _with_answers(registrations, questions):
    labels = {str(question.pk): question.label for question in questions}
    for registration in registrations:
        registration.answer_list = [
            (labels.get(key, "?"), value) for key, value in registration.answers.items()
        ]
    return registrations


def _registrations_page(request, event, capacity_form=None, status=200):
    questions = list(event.questions.all())
    live = event.registrations.filter(erased_at__isnull=True).order_by("position")
    return render(
        request,
        "events/manage/registrations.html",
        {
            "collective": event.collective,
            "event": event,
            "confirmed": _with_answers(live.filter(status=RegistrationStatus.CONFIRMED), questions),
            "waiting": _with_answers(live.filter(status=RegistrationStatus.WAITING), questions),
            "attendance": services.attendance(event),
            "capacity_form": capacity_form or CapacityForm(initial={"capacity": event.capacity}),
        },
        status=status,
    )


def registrations(request, slug, pk):
    return _registrations_page(request, _event(request, slug, pk, REGISTRATIONS))


@require_POST
def capacity(request, slug, pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            services.set_capacity(
                actor=request.user, event=event, capacity=form.cleaned_data["capacity"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The number of seats is saved."))
            return redirect("events:registrations", slug, pk)
    return _registrations_page(request, event, capacity_form=form)


@require_POST
def close(request, slug, pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    services.close_registrations(actor=request.user, event=event)
    messages.success(request, _("Registrations are closed."))
    return redirect("events:registrations", slug, pk)


@require_POST
def reopen(request, slug, pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    services.reopen_registrations(actor=request.user, event=event)
    messages.success(request, _("Registrations are open again."))
    return redirect("events:registrations", slug, pk)


@require_POST
def promote(request, slug, pk, registration):
    event, registration = _registration(request, slug, pk, registration)
    try:
        services.promote(actor=request.user, registration=registration)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s has a seat and is told by e-mail.") % {"name": registration.name},
        )
    return redirect("events:registrations", slug, pk)


# ---------------------------------------------------------------------- check-in


def _checkin_page(request, event, walk_in_form=None, status=200):
    search = CheckInSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    people = event.registrations.filter(
        status=RegistrationStatus.CONFIRMED, erased_at__isnull=True
    ).order_by(Lower("name"), "pk")
    if query:
        people = people.filter(name__icontains=query)
    context = {
        "collective": event.collective,
        "event": event,
        "people": people,
        "q": query,
        "search": search,
        "attendance": services.attendance(event),
        "walk_in_form": walk_in_form or WalkInForm(),
    }
    if request.htmx and request.method == "GET" and not request.htmx.history_restore_request:
        response = render(request, "events/manage/includes/checkin_list.html", context)
    else:
        response = render(request, "events/manage/checkin.html", context, status=status)
    # The same address answers a list or a page: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def checkin(request, slug, pk):
    return _checkin_page(request, _event(request, slug, pk, REGISTRATIONS))


@require_POST
def checkin_mark(request, slug, pk, registration):
    event, registration = _registration(request, slug, pk, registration)
    present = request.POST.get("present") == "1"
    try:
        services.check_in(actor=request.user, registration=registration, present=present)
    except DomainError as exc:
        _refused(request, exc)
    else:
        if present:
            messages.success(request, _("%(name)s is present.") % {"name": registration.name})
        else:
            messages.success(
                request, _("%(name)s is marked not present.") % {"name": registration.name}
            )
    search = CheckInSearchForm(request.POST)  # the search to come back to
    back = _to("checkin", event, q=search.cleaned_data["q"].strip() if search.is_valid() else "")
    return redirect(f"{back}#person-{registration.pk}")


@require_POST
def walk_in(request, slug, pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            person = services.add_walk_in(actor=request.user, event=event, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("%(name)s is added and marked present.") % {"name": person.name}
            )
            return redirect("events:checkin", slug, pk)
    return _checkin_page(request, event, walk_in_form=form)


def sheet(request, slug, pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    people = event.registrations.filter(
        status=RegistrationStatus.CONFIRMED, erased_at__isnull=True
    ).order_by(Lower("name"), "pk")
    return render(
        request,
        "events/manage/sheet.html",
        {"collective": event.collective, "event": event, "people": people, "blanks": range(BLANKS)},
    )


# ------------------------------------------------------------------------ report


def report(request, slug, pk):
    event = _event(request, slug, pk, CHANGE)
    data = form_data(request)
    form = ReportForm(data, initial={"report": event.report})
    links = [LinkForm(data, prefix=f"link-{number}") for number in range(1, LINKS + 1)]
    valid = [each.is_valid() for each in (form, *links)] if data is not None else [False]
    if all(valid):
        try:
            services.publish_report(
                actor=request.user,
                event=event,
                report=form.cleaned_data["report"],
                links=[link.link() for link in links if link.link()],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The report is published on the event's page."))
            return redirect("events:report", slug, pk)
    return render(
        request,
        "events/manage/report.html",
        {
            "collective": event.collective,
            "event": event,
            "form": form,
            "links": links,
            "published_links": event.links.all(),
        },
    )


# -------------------------------------------------------------------- programmes


def programme_create(request, slug):
    collective = _collective(request, slug, "events.change_programmes")
    form = ProgrammeForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_programme(
                actor=request.user, collective=collective, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The programme is created. Publish it when its page is ready.")
            )
            return redirect("events:manage", collective.slug)
    return render(
        request, "events/manage/programme_form.html", {"collective": collective, "form": form}
    )


@require_POST
def programme_publish(request, slug, programme):
    collective = _collective(request, slug, "events.change_programmes")
    programme = get_object_or_404(Programme, collective=collective, pk=programme)
    services.publish_programme(actor=request.user, programme=programme)
    messages.success(request, _("The programme is published."))
    return redirect("events:manage", collective.slug)
