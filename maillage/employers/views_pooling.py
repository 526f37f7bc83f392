"""The pooling pages (urls_pooling.py), for the collective's coordinators:

- the runs: start one (kind of week, time limit), the past runs and their figures, the
  combinations excluded (``exclusions``, each removed on ``exclusion_remove``);
- a run's page: its status while under way (polled with htmx, with a plain link to
  refresh without JavaScript), then its figures, each proposed job with "keep this job"
  (``keep``) and "exclude this combination" (``exclude``), the needs left uncovered by
  reason, and "run again".

Another collective's run, proposal or exclusion answers 404.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.collectives.access import get_collective
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_pooling as services
from .forms_pooling import ConfirmForm, ExcludeForm, KeepForm, RunForm
from .models import Group, Need, ProposedJob, Reason, RunStatus, Uncovered
from .tasks import error_message

MANAGE = "employers.manage_group"
RUNS_SHOWN = 30


def group_of(request, slug, perm=MANAGE):
    """The collective's group, once the person may ``perm`` (404 when there is none)."""
    collective = get_collective(request, slug, perm)
    return get_object_or_404(Group.objects.select_related("collective"), collective=collective)


def home_url(collective):
    """The group's page."""
    return reverse("employers:home", args=[collective.slug])


def base_context(group, **extra):
    return {
        "collective": group.collective,
        "group": group,
        "home_url": home_url(group.collective),
        **extra,
    }


def _needs_in_detail(queryset):
    return queryset.select_related(
        "employer__organisation", "family", "site", "qualification"
    ).prefetch_related("slots")


def _start(request, group, form):
    try:
        run = services.start_run(
            actor=request.user,
            group=group,
            week=form.cleaned_data["week"],
            time_limit=form.cleaned_data["time_limit"],
        )
    except DomainError as refused:
        add_domain_error(form, refused)
        return None
    messages.success(request, _("Run started. Its page shows its progress."))
    return redirect("employers:run", group.collective.slug, run.pk)


@require_http_methods(["GET", "POST"])
def runs(request, slug):
    group = group_of(request, slug)
    form = RunForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and (done := _start(request, group, form)):
            return done
    listed = group.runs.select_related("requested_by")[:RUNS_SHOWN]
    return render(
        request,
        "employers/pooling/runs.html",
        base_context(
            group,
            form=form,
            runs=listed,
            exclusions=_exclusions(group),
            under_way=group.runs.filter(status__in=services.UNDER_WAY).first(),
        ),
        status=status,
    )


def _exclusions(group):
    needs = _needs_in_detail(Need.objects.order_by("pk"))
    exclusions = list(group.exclusions.prefetch_related(Prefetch("needs", queryset=needs)))
    for exclusion in exclusions:
        exclusion.listed_needs = list(exclusion.needs.all())
    return exclusions


@require_GET
def exclusions(request, slug):
    group = group_of(request, slug)
    return render(
        request,
        "employers/pooling/exclusions.html",
        base_context(group, exclusions=_exclusions(group)),
    )


@require_http_methods(["GET", "POST"])
def exclusion_remove(request, slug, pk):
    group = group_of(request, slug)
    exclusion = get_object_or_404(group.exclusions, pk=pk)
    form = ConfirmForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_exclusion(actor=request.user, exclusion=exclusion)
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Exclusion removed: the next runs may pool these needs."))
        return redirect("employers:exclusions", group.collective.slug)
    exclusion.listed_needs = list(_needs_in_detail(exclusion.needs.order_by("pk")))
    return render(
        request,
        "employers/pooling/exclusion_remove.html",
        base_context(group, exclusion=exclusion, form=form),
    )


# ------------------------------------------------------------------------ a run


def _run(request, slug, pk):
    group = group_of(request, slug)
    return group, get_object_or_404(group.runs.select_related("requested_by"), pk=pk)


def _proposals(run):
    proposals = list(
        run.jobs.select_related("qualification", "job").prefetch_related(
            "needs__slots",
            "needs__employer__organisation",
            "needs__family",
            "needs__site",
        )
    )
    for proposed in proposals:
        proposed.listed_needs = sorted(proposed.needs.all(), key=lambda n: n.pk)
    return proposals


def _uncovered_by_reason(run):
    rows = list(
        Uncovered.objects.filter(run=run)
        .select_related("need__employer__organisation", "need__family", "need__site")
        .prefetch_related("need__slots")
    )
    groups = []
    for reason, label in Reason.choices:
        needs = [row.need for row in rows if row.reason == reason]
        if needs:
            groups.append({"reason": reason, "label": label, "needs": needs})
    return groups


def figures(run, group, proposals):
    full_minutes = float(group.target_hours) * 60
    return {
        "full_time": sum(1 for p in proposals if p.minutes >= full_minutes - 0.5),
        "jobs": len(proposals),
        "gain": (
            run.hours_placed / run.baseline_hours
            if run.hours_placed is not None and run.baseline_hours
            else None
        ),
    }


def run_context(group, run):
    context = base_context(group, run=run, under_way=run.status in services.UNDER_WAY)
    if run.status == RunStatus.FAILED:
        context["error"] = error_message(run)
    if run.status == RunStatus.DONE:
        proposals = _proposals(run)
        context.update(
            proposals=proposals,
            uncovered=_uncovered_by_reason(run),
            figures=figures(run, group, proposals),
            again=RunForm(initial={"week": run.week, "time_limit": run.time_limit}),
        )
    return context


@require_GET
def run(request, slug, pk):
    group, run = _run(request, slug, pk)
    return render(request, "employers/pooling/run.html", run_context(group, run))


@require_GET
def run_status(request, slug, pk):
    """The status block alone (htmx polls it); once the run has finished, htmx reloads
    the whole page, which then shows the results."""
    group, run = _run(request, slug, pk)
    response = render(
        request, "employers/pooling/includes/run_status.html", run_context(group, run)
    )
    if request.htmx and run.status not in services.UNDER_WAY:
        response["HX-Refresh"] = "true"
    return response


def _proposal(request, slug, pk, job):
    group, run = _run(request, slug, pk)
    proposed = get_object_or_404(
        ProposedJob.objects.select_related("qualification", "job"), run=run, pk=job
    )
    proposed.listed_needs = list(_needs_in_detail(proposed.needs.order_by("pk")))
    return group, run, proposed


@require_http_methods(["GET", "POST"])
def keep(request, slug, pk, job):
    group, run, proposed = _proposal(request, slug, pk, job)
    form = KeepForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                kept = services.keep_job(
                    actor=request.user,
                    proposed=proposed,
                    title=form.cleaned_data["title"],
                    hourly_cost=form.cleaned_data["hourly_cost"],
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                if proposed.job_id:
                    messages.success(request, _("Job completed with this run's needs."))
                else:
                    messages.success(request, _("Job kept: the next runs plan around it."))
                return redirect("employers:job", group.collective.slug, kept.pk)
    return render(
        request,
        "employers/pooling/keep.html",
        base_context(group, run=run, proposed=proposed, form=form),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def exclude(request, slug, pk, job):
    group, run, proposed = _proposal(request, slug, pk, job)
    form = ExcludeForm(form_data(request), needs=proposed.needs.order_by("pk"))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.exclude(
                    actor=request.user,
                    group=group,
                    needs=list(form.cleaned_data["needs"]),
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Combination excluded: run again to plan around it."))
                return redirect("employers:run", group.collective.slug, run.pk)
    return render(
        request,
        "employers/pooling/exclude.html",
        base_context(group, run=run, proposed=proposed, form=form),
        status=status,
    )
