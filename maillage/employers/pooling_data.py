"""Between the group's models and the planner (``maillage.planning.pooling``): the
planner's input for one kind of week, and what it proposes, stored as a run's jobs and
uncovered needs.

- A **term-time week** holds the all-year and term-time needs; a **holiday week** the
  all-year and holiday needs (``models.WEEK_PERIODS``).
- The jobs kept are locks: in a term-time run they stay as they are; in a holiday run
  the planner may complete them with holiday needs ("open" locks), which is how a
  term-time job gets its holiday hours.
- A need that requires one specific qualification gets a skill of its own that only
  this qualification covers.
- Sites are placed on a plane in kilometres around their mean point (an
  equirectangular projection: at the scale of a territory, the error is far below the
  travel margin).
"""

import math

from django.db import transaction
from django.utils import timezone

from maillage.planning.errors import PlanningInputError
from maillage.planning.pool_problem import read_pool_problem
from maillage.planning.pooling import baseline_hours, pool

from .models import WEEK_PERIODS, Need, ProposedJob, Run, RunStatus, Uncovered, Week

EARTH_KM = 6371.0


def needs_of_week(group, week):
    return (
        Need.objects.filter(
            employer__group=group,
            employer__left_on__isnull=True,
            withdrawn_at__isnull=True,
            period__in=WEEK_PERIODS[week],
        )
        .select_related("site", "family", "employer__organisation", "qualification")
        .prefetch_related("slots")
        .order_by("pk")
    )


def skill_of(need):
    if need.qualification_id:
        return f"{need.family_id}@{need.qualification_id}"
    return str(need.family_id)


def site_plane(sites):
    """``{site pk: (x_km, y_km)}`` around the sites' mean point."""
    sites = list(sites)
    if not sites:
        return {}
    lat0 = sum(float(site.latitude) for site in sites) / len(sites)
    lon0 = sum(float(site.longitude) for site in sites) / len(sites)
    scale = math.cos(math.radians(lat0))
    return {
        site.pk: (
            math.radians(float(site.longitude) - lon0) * scale * EARTH_KM,
            math.radians(float(site.latitude) - lat0) * EARTH_KM,
        )
        for site in sites
    }


def build_problem_data(group, week):
    """The planner's input (the command line's JSON shape, with ``locks`` and
    ``excludes``) and the needs it reads, by id."""
    needs = list(needs_of_week(group, week))
    by_id = {str(need.pk): need for need in needs}
    sites = {need.site_id: need.site for need in needs}
    plane = site_plane(sites.values())
    covers = {}
    for qualification in group.qualifications.prefetch_related("families"):
        covers[str(qualification.pk)] = [str(family.pk) for family in qualification.families.all()]
    for need in needs:
        if need.qualification_id:
            covers.setdefault(str(need.qualification_id), []).append(skill_of(need))
    locks = []
    for job in group.jobs.filter(ended_at__isnull=True).prefetch_related("needs"):
        ids = [str(need.pk) for need in job.needs.all() if str(need.pk) in by_id]
        if week == Week.TERM and ids:
            locks.append({"needs": ids, "qualification": str(job.qualification_id)})
        elif week == Week.HOLIDAYS:
            locks.append({"needs": ids, "qualification": str(job.qualification_id), "open": True})
    excludes = []
    for exclusion in group.exclusions.prefetch_related("needs"):
        ids = [str(need.pk) for need in exclusion.needs.all()]
        if ids and all(need_id in by_id for need_id in ids):
            excludes.append(ids)
    data = {
        "target_hours": float(group.target_hours),
        "min_hours": float(group.min_hours),
        "speed_kmh": float(group.speed_kmh),
        "sites": [{"id": str(pk), "x_km": x, "y_km": y} for pk, (x, y) in plane.items()],
        "covers": covers,
        "needs": [
            {
                "id": str(need.pk),
                "employer": str(need.employer_id),
                "site": str(need.site_id),
                "skill": skill_of(need),
                "slots": [
                    {"day": slot.day, "start": f"{slot.start:%H:%M}", "end": f"{slot.end:%H:%M}"}
                    for slot in need.slots.all()
                ],
            }
            for need in needs
        ],
        "locks": locks,
        "excludes": excludes,
    }
    return data, by_id


def execute(run):
    """Run the planner for ``run`` and store what it proposes (the run's status says how
    it went). Locks are kept jobs, in the order of ``group.jobs``."""
    group = run.group
    Run.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    data, by_id = build_problem_data(group, run.week)
    kept = [
        job
        for job in group.jobs.filter(ended_at__isnull=True).prefetch_related("needs")
        if run.week == Week.HOLIDAYS or any(str(n.pk) in by_id for n in job.needs.all())
    ]
    try:
        problem = read_pool_problem(data)
        result = pool(problem, time_limit=run.time_limit)
        baseline = baseline_hours(problem)
    except PlanningInputError as error:
        Run.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(error), finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    with transaction.atomic():
        for job in result.jobs:
            proposed = ProposedJob.objects.create(
                run=run,
                qualification_id=int(job.qualification),
                minutes=job.minutes,
                travel_km=job.travel_km,
                job=kept[job.lock] if job.lock is not None else None,
            )
            proposed.needs.set([by_id[need].pk for need in job.needs])
        Uncovered.objects.bulk_create(
            Uncovered(run=run, need=by_id[need], reason=result.reasons[need])
            for need in result.uncovered
        )
        Run.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            needs_count=len(by_id),
            hours_declared=sum(need.minutes for need in problem.needs) / 60,
            hours_placed=result.placed_hours,
            baseline_hours=baseline,
            bound_hours=result.bound,
            elapsed_s=result.elapsed_s,
        )
    run.refresh_from_db()
    return run
