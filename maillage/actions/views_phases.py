"""The phases of a project or of a consultation process: listed in order with their
dates and how many actions each holds, added, changed and deleted.

Projects and consultations are read through the collective (actions sit below
projects and import nothing of theirs). Reading a project's phases needs its page and
the collective's actions; a consultation's, its plan (actions.view_consultation_plan).
Changing them: actions.change_phases (a project's pilots and the collective's
coordinators; whoever runs the consultation). Every change goes through
services_planning.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.collectives.access import get_collective
from maillage.consultations.access import get_consultation
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error

from . import services_planning
from .forms_planning import PhaseForm
from .models import Phase

CHANGE_PHASES = "actions.change_phases"


def _project(request, slug, pk):
    collective = get_collective(request, slug, "actions.view_actions")
    project = get_object_or_404(collective.projects.filter(archived_at=None), pk=pk)
    if not request.user.has_perm("projects.view_project", project):
        raise PermissionDenied
    return collective, project


def _consultation(request, slug, pk):
    consultation = get_consultation(request, slug, pk)
    if not request.user.has_perm("actions.view_consultation_plan", consultation):
        raise PermissionDenied
    return consultation.collective, consultation


def _phases_url(owner):
    kind = "project" if owner._meta.model_name == "project" else "consultation"
    return reverse(f"actions:{kind}_phases", args=[owner.collective.slug, owner.pk])


def _phases_page(request, collective, owner, *, project=None, consultation=None):
    can_change = request.user.has_perm(CHANGE_PHASES, owner)
    form = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if consultation is not None and request.POST.get("spiral") == "1":
            return _add_spiral(request, consultation)
        form = PhaseForm(request.POST)
        if form.is_valid():
            try:
                phase = services_planning.create_phase(
                    actor=request.user,
                    collective=collective,
                    project=project,
                    consultation=consultation,
                    **form.cleaned_data,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The phase %(title)s is added.") % _quoted(phase.title))
                return redirect(_phases_url(owner))
    elif can_change:
        form = PhaseForm()
    phases = list(owner.phases.annotate(action_count=Count("actions")).order_by("position", "pk"))
    return render(
        request,
        "actions/phases/list.html",
        {
            "collective": collective,
            "owner": owner,
            "is_consultation": consultation is not None,
            "phases": phases,
            "can_change": can_change,
            "form": form,
            "offer_spiral": consultation is not None and can_change and not phases,
            "here": _phases_url(owner),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _quoted(title):
    return {"title": services_planning.quoted(title)}


def _add_spiral(request, consultation):
    try:
        services_planning.add_spiral_phases(actor=request.user, consultation=consultation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The SPIRAL process's five phases are added."))
    return redirect(_phases_url(consultation))


def project_phases(request, slug, pk):
    collective, project = _project(request, slug, pk)
    return _phases_page(request, collective, project, project=project)


def consultation_phases(request, slug, pk):
    collective, consultation = _consultation(request, slug, pk)
    return _phases_page(request, collective, consultation, consultation=consultation)


def _phase(request, slug, pk):
    """The phase, once the person may read its project's or consultation's phases and
    change them."""
    phase = get_object_or_404(
        Phase.objects.select_related("collective", "project", "consultation"),
        collective__slug=slug,
        pk=pk,
    )
    if phase.project_id:
        collective, owner = _project(request, slug, phase.project_id)
    else:
        collective, owner = _consultation(request, slug, phase.consultation_id)
    if not request.user.has_perm(CHANGE_PHASES, owner):
        raise PermissionDenied
    return collective, owner, phase


def phase_edit(request, slug, pk):
    collective, owner, phase = _phase(request, slug, pk)
    form = PhaseForm(request.POST) if request.method == "POST" else PhaseForm.of(phase)
    if request.method == "POST" and form.is_valid():
        try:
            services_planning.update_phase(actor=request.user, phase=phase, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The phase is saved."))
            return redirect(_phases_url(owner))
    return render(
        request,
        "actions/phases/edit.html",
        {"collective": collective, "owner": owner, "phase": phase, "form": form},
        status=400 if form.errors else 200,
    )


def phase_delete(request, slug, pk):
    """A confirmation page (GET), then the deletion (POST): its actions stay, in no phase."""
    collective, owner, phase = _phase(request, slug, pk)
    if request.method == "POST":
        services_planning.delete_phase(actor=request.user, phase=phase)
        messages.success(
            request,
            _("The phase %(title)s is deleted; its actions stay, in no phase.")
            % _quoted(phase.title),
        )
        return redirect(_phases_url(owner))
    return render(
        request,
        "actions/phases/delete.html",
        {
            "collective": collective,
            "owner": owner,
            "phase": phase,
            "action_count": phase.actions.count(),
            "back": _phases_url(owner),
        },
    )
