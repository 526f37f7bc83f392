"""On the day: the attendance sheet and the walk-ins."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error

from . import services
from .access import get_meeting
from .forms import (
    AttendanceForm,
    WalkInForm,
)
from .views_meeting import (
    MINUTES,
)

# ------------------------------------------------------------------------- attendance


def _attendance_page(request, meeting, form=None, walk_in_form=None, status=200):
    invitees = list(meeting.invitees.select_related("organisation").order_by("name", "pk"))
    form = form or AttendanceForm(invitees=invitees)
    today = meeting.local_today()
    context = {
        "collective": meeting.collective,
        "meeting": meeting,
        "when": services.when_text(meeting),
        "form": form,
        "rows": form.bound_rows(),
        "walk_in_form": walk_in_form or WalkInForm(prefix="walkin", meeting=meeting),
        "too_early": today < meeting.local_start.date(),
    }
    return render(request, "meetings/attendance.html", context, status=status)


def attendance(request, slug, pk):
    meeting = get_meeting(request, slug, pk, MINUTES)
    if request.method != "POST":
        return _attendance_page(request, meeting)
    invitees = list(meeting.invitees.select_related("organisation").order_by("name", "pk"))
    form = AttendanceForm(request.POST, invitees=invitees)
    if form.is_valid():
        try:
            services.record_attendance(
                actor=request.user, meeting=meeting, marks=form.marks(), proxies=form.proxies()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Attendance is saved."))
            return redirect("meetings:attendance", meeting.collective.slug, meeting.pk)
    return _attendance_page(request, meeting, form=form)


@require_POST
def walk_in(request, slug, pk):
    meeting = get_meeting(request, slug, pk, MINUTES)
    form = WalkInForm(request.POST, prefix="walkin", meeting=meeting)
    if form.is_valid():
        try:
            invitee, already = services.add_walk_in(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if already:
                text = _(
                    "%(name)s was already on the list: no one was added, %(name)s is marked "
                    "present."
                )
            else:
                text = _("%(name)s is on the list, marked present.")
            messages.success(request, text % {"name": invitee.name})
            return redirect("meetings:attendance", meeting.collective.slug, meeting.pk)
    return _attendance_page(request, meeting, walk_in_form=form)
