"""The jobs kept and the members' shares (urls_pooling.py):

- the jobs kept, with their hours in term-time and holiday weeks and in a year
  (coordinators);
- a job's page: its weekly schedule in a term-time week and in a holiday week, each
  member's share of hours and cost, the training the person hired needs; changing it
  (``job_edit``), ending it (``job_end``) (coordinators);
- a member's shares (``employer_shares``): its needs, the kept job each is in (title
  and hours, never the other members' needs), its share of hours and cost, its needs
  left uncovered in the latest runs (coordinators, and the people who act for that
  member — never another member's: 403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_pooling as services
from . import shares
from .forms_pooling import ConfirmForm, JobForm
from .models import DAYS, Reason, RunStatus, Uncovered, Week
from .views_pooling import base_context, group_of

DAY_NAMES = dict(DAYS)


def job_rows(job, group):
    """The figures of one job: hours a week in each kind of week, hours in a year."""
    term = shares.week_minutes(job, Week.TERM)
    holidays = shares.week_minutes(job, Week.HOLIDAYS)
    return {
        "job": job,
        "term_hours": term / 60,
        "holiday_hours": holidays / 60,
        "annual_hours": shares.annual_hours(group, term, holidays),
    }


@require_GET
def jobs(request, slug):
    group = group_of(request, slug)
    rows = [job_rows(job, group) for job in shares.jobs_for_shares(group)]
    return render(
        request,
        "employers/pooling/jobs.html",
        base_context(
            group,
            rows=rows,
            total_annual=sum(row["annual_hours"] for row in rows),
        ),
    )


def _job(request, slug, pk):
    group = group_of(request, slug)
    job = get_object_or_404(shares.jobs_for_shares(group), pk=pk)
    return group, job


def schedule_rows(job, week):
    """The week's slots in time order, one row each, with the day's name."""
    return [
        {"day": DAY_NAMES[day], "slot": slot}
        for day, slots in shares.schedule(job, week).items()
        for slot in slots
    ]


@require_GET
def job(request, slug, pk):
    group, job = _job(request, slug, pk)
    job_shares = shares.job_shares(job, group)
    return render(
        request,
        "employers/pooling/job.html",
        base_context(
            group,
            job=job,
            figures=job_rows(job, group),
            term=schedule_rows(job, Week.TERM),
            holidays=schedule_rows(job, Week.HOLIDAYS),
            shares=job_shares,
            total_cost=sum((share.annual_cost for share in job_shares), start=0),
            trainings=shares.trainings_needed(job, group),
        ),
    )


@require_http_methods(["GET", "POST"])
def job_edit(request, slug, pk):
    group, job = _job(request, slug, pk)
    initial = {
        "version": job.version,
        "title": job.title,
        "hourly_cost": job.hourly_cost,
        "holder_qualification": job.holder_qualification_id,
    }
    form = JobForm(form_data(request), initial=initial, group=group)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_job(actor=request.user, job=job, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
                status = 409 if refused.code == "conflict" else 400
            else:
                messages.success(request, _("Job changed."))
                return redirect("employers:job", group.collective.slug, job.pk)
    return render(
        request,
        "employers/pooling/job_edit.html",
        base_context(group, job=job, form=form),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def job_end(request, slug, pk):
    group, job = _job(request, slug, pk)
    form = ConfirmForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.end_job(actor=request.user, job=job)
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Job ended: its needs go back to the pool."))
        return redirect("employers:jobs", group.collective.slug)
    return render(
        request, "employers/pooling/job_end.html", base_context(group, job=job, form=form)
    )


# ------------------------------------------------------------- a member's shares


def latest_uncovered(group, employer):
    """The member's needs left uncovered by the latest finished run of each kind of
    week, with the reason in words: [(run, [(need, reason label)])]."""
    found = []
    labels = dict(Reason.choices)
    for week in Week.values:
        latest = group.runs.filter(week=week, status=RunStatus.DONE).order_by("-pk").first()
        if latest is None:
            continue
        rows = (
            Uncovered.objects.filter(run=latest, need__employer=employer)
            .select_related("need__family", "need__site")
            .prefetch_related("need__slots")
        )
        found.append((latest, [(row.need, labels[row.reason]) for row in rows]))
    return found


@require_GET
def employer_shares(request, slug, pk):
    group = group_of(request, slug, "employers.view_group")
    employer = get_object_or_404(
        group.employers.select_related("organisation", "group__collective"), pk=pk
    )
    if not request.user.has_perm("employers.act_for_employer", employer):
        raise PermissionDenied
    kept = list(shares.jobs_for_shares(group).filter(needs__employer=employer).distinct())
    job_of = {}
    mine = []
    for job in kept:
        share = next(s for s in shares.job_shares(job, group) if s.employer.pk == employer.pk)
        mine.append({"job": job, "share": share, **_job_hours(job, group)})
        for need in job.needs.all():
            job_of[need.pk] = job
    needs = list(
        employer.needs.filter(withdrawn_at__isnull=True)
        .select_related("family", "site")
        .prefetch_related("slots")
        .order_by("pk")
    )
    total = shares.member_shares(group, jobs=kept).get(employer.pk)
    return render(
        request,
        "employers/pooling/shares.html",
        base_context(
            group,
            employer=employer,
            needs=[(need, job_of.get(need.pk)) for need in needs],
            jobs=mine,
            total=total,
            uncovered=latest_uncovered(group, employer),
            may_manage=request.user.has_perm("employers.manage_group", group),
        ),
    )


def _job_hours(job, group):
    row = job_rows(job, group)
    return {key: row[key] for key in ("term_hours", "holiday_hours", "annual_hours")}
