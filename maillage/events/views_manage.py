"""The organisers' pages of events: the collective's list, an event's page organised
by moment (before: the event, its registrations and waiting list; on the day: check-in
on a phone and the printable sheet; after: the report), the forms those pages open on
demand (each also a page of its own, for browsers without JavaScript); programmes.

Views read and call services.py for every change. Who registered is shown to the
event's organisers only (``events.manage_registrations``), not to the collective's
coordinators. Refused changes keep what was typed and show the service's message.

The registrations' pages (seats, waiting list, check-in, sheet) are in
``views_manage_registrations.py``, what both share in ``views_manage_base.py``; the
views are re-exported here, so the URLs keep using ``views_manage.*``.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .forms_manage import EventForm, LinkForm, ProgrammeForm, QuestionForm, ReportForm, SpeakerForm
from .models import Event, Programme, RegistrationStatus
from .views_manage_base import (
    AFTER,
    BEFORE,
    CHANGE,
    DAY,
    MOMENTS,
    REGISTRATIONS,
    _collective,
    _event,
    _form_page,
    _page_url,
    _refused,
)
from .views_manage_registrations import (  # noqa: F401 - re-exported: URLs use views_manage.*
    capacity,
    checkin,
    checkin_mark,
    close,
    promote,
    registrations,
    reopen,
    sheet,
    walk_in,
)

LINKS = 3


# ------------------------------------------------------------------------ the list


def state(event, now):
    """(badge kind, words) of an event for those who run it: draft, published, full,
    registrations closed, over or cancelled. ``event.confirmed`` is its seats taken."""
    if event.is_cancelled:
        return "cancelled", pgettext("event", "Cancelled")
    if event.is_draft:
        return "draft", _("Draft")
    if event.ends_at < now:
        return "", pgettext("event", "Over")
    try:
        services.check_open(event, now)
    except DomainError:
        if event.registration_opens_at and now < event.registration_opens_at:
            return "info", _("Published")
        return "warning", _("Registrations closed")
    if event.capacity is not None and event.confirmed >= event.capacity:
        return "warning", pgettext("event", "Full")
    return "ok", _("Published")


def manage(request, slug):
    collective = _collective(request, slug, "events.view_events")
    user = request.user
    now = timezone.now()
    events = list(
        Event.objects.filter(collective=collective)
        .select_related("programme")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            waiting=Count("registrations", filter=Q(registrations__status="waiting")),
        )
        .order_by("starts_at", "pk")
    )
    for event in events:
        event.collective = collective  # read once, for the rules and the links
        event.can_change = user.has_perm(CHANGE, event)
        event.can_manage = user.has_perm(REGISTRATIONS, event)
        event.state, event.state_label = state(event, now)
    return render(
        request,
        "events/manage/list.html",
        {
            "collective": collective,
            "upcoming": [event for event in events if event.ends_at >= now],
            "past": [event for event in reversed(events) if event.ends_at < now],
            "programmes": collective.programmes.annotate(count=Count("events")).order_by(
                "-starts_on", "pk"
            ),
            "can_add": user.has_perm("events.add_event", collective),
            "can_programme": user.has_perm("events.change_programmes", collective),
        },
    )


# ------------------------------------------------------------------ an event's page


def moment_of(event, now):
    """The moment an event is in: before its day, on its day (in its time zone, until
    it ends), or after."""
    if now > event.ends_at:
        return AFTER
    if event.local_today(now) >= event.local_start.date():
        return DAY
    return BEFORE


def _with_answers(people, questions):
    labels = {str(question.pk): question.label for question in questions}
    for registration in people:
        registration.answer_list = [
            (labels.get(key, "?"), value) for key, value in registration.answers.items()
        ]
    return people


def event_page(request, slug, pk):
    """An event's page for those who run it, by moment: the tab asked for, else the
    moment the event is in."""
    event = _event(request, slug, pk, CHANGE)
    user, now = request.user, timezone.now()
    moment = request.GET.get("moment")
    current = moment_of(event, now)
    if moment not in MOMENTS:
        moment = current
    can_manage = user.has_perm(REGISTRATIONS, event)
    counts = services.attendance(event)
    event.confirmed = counts["confirmed"] + counts["walk_ins"]
    event.state, event.state_label = state(event, now)
    if moment == BEFORE and event.is_draft:
        primary = "publish"
    elif moment == DAY and can_manage:
        primary = "checkin"
    elif moment == AFTER:
        primary = "report"
    else:
        primary = "edit"
    context = {
        "collective": event.collective,
        "event": event,
        "moment": moment,
        "primary": primary,
        "over": current == AFTER,
        "can_manage": can_manage,
        "attendance": counts,
        "public_url": (
            request.build_absolute_uri(event.get_absolute_url()) if event.is_public else ""
        ),
    }
    if moment == BEFORE:
        questions = list(event.questions.all())
        context |= {
            "speakers": list(event.speakers.all()),
            "questions": questions,
            "organisers": list(event.organisers.order_by("display_name")),
        }
        if can_manage:
            live = event.registrations.filter(erased_at__isnull=True).order_by("position")
            context |= {
                "confirmed": _with_answers(
                    list(live.filter(status=RegistrationStatus.CONFIRMED)), questions
                ),
                "waiting": _with_answers(
                    list(live.filter(status=RegistrationStatus.WAITING)), questions
                ),
                "seat_free": event.capacity is None or event.confirmed < event.capacity,
            }
    elif moment == AFTER:
        context |= {
            "report_html": mark_safe(event.report_html),  # noqa: S308 - sanitised at save
            "published_links": list(event.links.all()),
        }
    return render(request, "events/manage/event.html", context)


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
            return redirect(_page_url(event, BEFORE))
    return render(
        request, "events/manage/event_form.html", {"collective": collective, "form": form}
    )


def _edit_page(request, event, *, form=None, **more):
    collective = event.collective
    status = more.pop("status", 200)
    if form is None:
        form = EventForm(collective=collective, editing=True, initial=EventForm.initial_for(event))
    return render(
        request,
        "events/manage/event_form.html",
        {"collective": collective, "event": event, "form": form, **more},
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
    return redirect(_page_url(event, BEFORE))


@require_POST
def publish(request, slug, pk):
    event = _event(request, slug, pk, CHANGE)
    try:
        services.publish_event(actor=request.user, event=event)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The event is published: anyone can now register."))
    return redirect(_page_url(event, BEFORE))


def cancel(request, slug, pk):
    """GET: what cancelling does, and the box to tick; POST: cancel."""
    event = _event(request, slug, pk, CHANGE)
    if request.method == "POST":
        if not request.POST.get("confirm"):
            # Cancelling e-mails everyone and cannot be undone: the box must be ticked.
            messages.error(
                request,
                _("Tick the box to confirm: the event will be cancelled and everyone told."),
            )
            return redirect("events:cancel_event", slug, pk)
        try:
            services.cancel_event(actor=request.user, event=event)
        except DomainError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The event is cancelled; the registered people are told."))
        return redirect(_page_url(event))
    return render(
        request,
        "events/manage/cancel.html",
        {
            "collective": event.collective,
            "event": event,
            "attendance": services.attendance(event),
            "over": moment_of(event, timezone.now()) == AFTER,
        },
    )


def speaker_add(request, slug, pk):
    event = _event(request, slug, pk, CHANGE)
    form = SpeakerForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_speaker(actor=request.user, event=event, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The speaker is added."))
            return redirect(_page_url(event, BEFORE, "speakers"))
    return _form_page(
        request,
        event,
        form,
        heading=_("Add a speaker"),
        action="speaker_add",
        submit=_("Add the speaker"),
    )


def question_add(request, slug, pk):
    event = _event(request, slug, pk, CHANGE)
    form = QuestionForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(actor=request.user, event=event, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The question is added to the registration form."))
            return redirect(_page_url(event, BEFORE, "questions"))
    return _form_page(
        request,
        event,
        form,
        heading=_("Add a question to the registration form"),
        action="question_add",
        submit=_("Add the question"),
        help_text=_("People always give their name and e-mail address; ask only what you need."),
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
            return redirect(_page_url(event, AFTER, "report"))
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
