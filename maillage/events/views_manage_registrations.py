"""The organisers' pages of an event's registrations: the number of seats, closing and
reopening, giving a seat to someone waiting; on the day, check-in on a phone, walk-ins
and the printable sheet (see views_manage.py)."""

from django.contrib import messages
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .forms_manage import CapacityForm, CheckInSearchForm, WalkInForm
from .models import RegistrationStatus
from .views_manage_base import (
    BEFORE,
    REGISTRATIONS,
    _event,
    _form_page,
    _page_url,
    _refused,
    _registration,
    _to,
)

# Empty lines at the end of the printed sheet, for people who come without registering.
BLANKS = 8


# ----------------------------------------------------------------- registrations


def registrations(request, slug, pk):
    """The registrations are on the event's page, before the event."""
    event = _event(request, slug, pk, REGISTRATIONS)
    return redirect(_page_url(event, BEFORE, "registrations"))


def capacity(request, slug, pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    form = CapacityForm(form_data(request), initial={"capacity": event.capacity})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_capacity(
                actor=request.user, event=event, capacity=form.cleaned_data["capacity"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The number of seats is saved."))
            return redirect(_page_url(event, BEFORE, "registrations"))
    return _form_page(
        request,
        event,
        form,
        heading=_("Change the number of seats"),
        action="capacity",
        submit=_("Change the number of seats"),
        help_text=_(
            "New seats go to the people waiting, in order, once they have confirmed their address."
        ),
    )


@require_POST
def close(request, slug, pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    services.close_registrations(actor=request.user, event=event)
    messages.success(request, _("Registrations are closed."))
    return redirect(_page_url(event, BEFORE, "registrations"))


@require_POST
def reopen(request, slug, pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    services.reopen_registrations(actor=request.user, event=event)
    messages.success(request, _("Registrations are open again."))
    return redirect(_page_url(event, BEFORE, "registrations"))


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
    return redirect(_page_url(event, BEFORE, "waiting-list"))


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
