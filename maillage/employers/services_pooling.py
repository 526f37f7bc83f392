"""Pooling: the planner's runs, the jobs the coordinators keep from them, and the
combinations they exclude. Coordinators only (``employers.manage_group``).

- ``start_run`` queues one run of the planner for a kind of week (never two at once in
  a group: the group's row is locked while the check is made); the task
  ``employers.tasks.run_pooling`` claims it and stores what the planner proposes.
- ``keep_job`` makes a ``Job`` of a proposal (a holiday run's proposal that completes a
  kept job adds its holiday needs to that job instead); ``change_job``, ``end_job``.
- ``exclude`` / ``remove_exclusion``: a combination the planner must not put in one
  job; a single need is left out of the pooling.

Each change runs in one transaction, locks the row it changes and records itself in the
audit log by numbers (needs and jobs are posts, not people).
"""

from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError

from .models import Exclusion, Group, Job, Need, ProposedJob, Run, RunStatus, Week
from .pooling_data import needs_of_week

MANAGE = "employers.manage_group"
TIME_LIMIT_MIN = 5
TIME_LIMIT_MAX = 60
UNDER_WAY = (RunStatus.QUEUED, RunStatus.RUNNING)
HOURLY_COST_MAX = Decimal("99999.99")


def _check_coordinator(actor, group):
    if not actor.has_perm(MANAGE, group):
        raise DomainError(_("Only the collective's coordinators run the employer group."))


def _lock_group(group):
    return Group.objects.select_for_update().get(pk=group.pk)


def _numbers(needs):
    """Needs by number, for the log: "3, 5, 8"."""
    return ", ".join(str(pk) for pk in sorted(getattr(n, "pk", n) for n in needs))


def _money(amount):
    return f"{amount} EUR"


def _name(obj):
    return obj.name if obj is not None else ""


def _changed_since_run():
    return DomainError(
        _(
            "The needs of this job changed since this run (one was withdrawn or is in a "
            "job kept since): run again."
        )
    )


# ------------------------------------------------------------------------ runs


def start_run(*, actor, group, week, time_limit=20):
    """Queue a run of the planner for ``week``; refused while another run of the group
    is queued or running, or when no need recurs in that kind of week."""
    _check_coordinator(actor, group)
    if week not in Week.values:
        raise DomainError(_("Choose a term-time week or a holiday week."), field="week")
    if not TIME_LIMIT_MIN <= int(time_limit) <= TIME_LIMIT_MAX:
        raise DomainError(
            _("The time limit is between %(min)s and %(max)s seconds.")
            % {"min": TIME_LIMIT_MIN, "max": TIME_LIMIT_MAX},
            field="time_limit",
        )
    from .tasks import run_pooling

    with transaction.atomic():
        group = _lock_group(group)
        if Run.objects.filter(group=group, status__in=UNDER_WAY).exists():
            raise DomainError(_("A run of the group is already under way: wait for it to finish."))
        if not needs_of_week(group, week).exists():
            raise DomainError(
                _("No need is declared for this kind of week: there is nothing to pool."),
                field="week",
            )
        run = Run.objects.create(
            group=group, week=week, time_limit=int(time_limit), requested_by=actor
        )
        log_action(
            actor=actor,
            action="employers.run_started",
            obj=run,
            after={"week": week, "time_limit": int(time_limit)},
        )
        transaction.on_commit(lambda: run_pooling.enqueue(run.pk))
    return run


# ------------------------------------------------------------------------ jobs


def default_title(qualification, needs):
    """The qualification and the job family with the most minutes among ``needs``."""
    minutes = Counter()
    names = {}
    for need in needs:
        minutes[need.family_id] += need.minutes
        names[need.family_id] = need.family.name
    if not minutes:
        return str(qualification)
    main = max(minutes, key=lambda family: (minutes[family], -family))
    return f"{names[main]} ({qualification})"


def _clean_cost(hourly_cost, group):
    if hourly_cost is None:
        return group.hourly_cost
    hourly_cost = Decimal(hourly_cost)
    if hourly_cost <= 0 or hourly_cost > HOURLY_COST_MAX:
        raise DomainError(_("Give a positive hourly cost."), field="hourly_cost")
    return hourly_cost.quantize(Decimal("0.01"))


def _in_kept_jobs(group, needs, *, but=None):
    kept = Job.objects.filter(group=group, ended_at__isnull=True, needs__in=needs)
    if but is not None:
        kept = kept.exclude(pk=but.pk)
    return kept.exists()


def keep_job(*, actor, proposed, title="", hourly_cost=None):
    """Make a kept ``Job`` of ``proposed``, or, for a holiday run's proposal that
    completes a kept job, add its holiday needs to that job. Returns the job."""
    run = proposed.run
    group = run.group
    _check_coordinator(actor, group)
    with transaction.atomic():
        group = _lock_group(group)
        proposed = (
            ProposedJob.objects.select_related("run", "qualification", "job")
            .filter(run__group=group)
            .get(pk=proposed.pk)
        )
        if proposed.run.status != RunStatus.DONE:
            raise DomainError(_("This run has not finished."))
        needs = list(
            Need.objects.filter(proposals=proposed)
            .select_related("family")
            .prefetch_related("slots")
            .order_by("pk")
        )
        if not needs or any(need.withdrawn_at is not None for need in needs):
            raise _changed_since_run()
        if proposed.job_id is not None:
            return _complete(actor, group, proposed, needs)
        if _in_kept_jobs(group, needs):
            raise _changed_since_run()
        title = clean_line(title, field="title", max_length=200) or default_title(
            proposed.qualification, needs
        )
        job = Job.objects.create(
            group=group,
            title=title,
            qualification=proposed.qualification,
            hourly_cost=_clean_cost(hourly_cost, group),
            kept_from=proposed,
            kept_by=actor,
        )
        job.needs.set(needs)
        log_action(
            actor=actor,
            action="employers.job_kept",
            obj=job,
            after={
                "run": proposed.run_id,
                "needs": _numbers(needs),
                "title": job.title,
                "qualification": proposed.qualification.name,
                "hourly_cost": _money(job.hourly_cost),
            },
        )
    return job


def _complete(actor, group, proposed, needs):
    """A proposal that is a kept job (a lock): a holiday run's adds its new needs."""
    job = Job.objects.select_for_update().get(pk=proposed.job_id)
    if job.ended_at is not None:
        raise _changed_since_run()
    present = set(job.needs.values_list("pk", flat=True))
    added = [need for need in needs if need.pk not in present]
    if not added:
        raise DomainError(_("This job is kept already; this run adds nothing to it."))
    if proposed.run.week != Week.HOLIDAYS or _in_kept_jobs(group, added, but=job):
        raise _changed_since_run()
    job.needs.add(*added)
    Job.objects.filter(pk=job.pk).update(version=job.version + 1)
    log_action(
        actor=actor,
        action="employers.job_completed",
        obj=job,
        after={"run": proposed.run_id, "needs": _numbers(added)},
    )
    job.refresh_from_db()
    return job


def change_job(*, actor, job, version, title, hourly_cost, holder_qualification):
    """A kept job's title, hourly cost and the qualification of the person hired."""
    _check_coordinator(actor, job.group)
    with transaction.atomic():
        job = lock_at_version(Job, job.pk, version)
        title = clean_line(
            title, field="title", max_length=200, empty_message=_("Give the job a title.")
        )
        if hourly_cost is None:
            raise DomainError(_("Give a positive hourly cost."), field="hourly_cost")
        hourly_cost = _clean_cost(hourly_cost, job.group)
        if holder_qualification is not None and holder_qualification.group_id != job.group_id:
            raise DomainError(
                _("Choose a qualification of the group."), field="holder_qualification"
            )
        before = {
            "title": job.title,
            "hourly_cost": _money(job.hourly_cost),
            "holder_qualification": _name(job.holder_qualification),
        }
        job.title = title
        job.hourly_cost = hourly_cost
        job.holder_qualification = holder_qualification
        job.version += 1
        job.save(update_fields=["title", "hourly_cost", "holder_qualification", "version"])
        log_action(
            actor=actor,
            action="employers.job_changed",
            obj=job,
            before=before,
            after={
                "title": job.title,
                "hourly_cost": _money(job.hourly_cost),
                "holder_qualification": _name(job.holder_qualification),
            },
        )
    return job


def end_job(*, actor, job):
    """End a kept job: its needs go back to the pool for the next runs."""
    _check_coordinator(actor, job.group)
    with transaction.atomic():
        job = lock_at_version(Job, job.pk, None)
        if job.ended_at is not None:
            raise DomainError(_("This job has ended already."))
        job.ended_at = timezone.now()
        job.version += 1
        job.save(update_fields=["ended_at", "version"])
        log_action(actor=actor, action="employers.job_ended", obj=job, after={"ended": True})
    return job


# ------------------------------------------------------------------ exclusions


def exclude(*, actor, group, needs, reason=""):
    """A combination of needs the planner must not put in one job (one need: left out of
    the pooling). The same combination twice is refused with a message."""
    _check_coordinator(actor, group)
    reason = clean_line(reason, field="reason", max_length=300)
    wanted = {need.pk for need in needs}
    if not wanted:
        raise DomainError(_("Tick at least one need."), field="needs")
    with transaction.atomic():
        group = _lock_group(group)
        found = set(
            Need.objects.filter(pk__in=wanted, employer__group=group).values_list("pk", flat=True)
        )
        if found != wanted:
            raise DomainError(_("Choose needs of the group."), field="needs")
        for exclusion in group.exclusions.prefetch_related("needs"):
            if {need.pk for need in exclusion.needs.all()} == wanted:
                raise DomainError(
                    _("This combination is excluded already."), field="needs", code="duplicate"
                )
        exclusion = Exclusion.objects.create(group=group, reason=reason, created_by=actor)
        exclusion.needs.set(sorted(wanted))
        log_action(
            actor=actor,
            action="employers.exclusion_added",
            obj=exclusion,
            collective=group.collective,
            after={"needs": _numbers(wanted), "reason": reason},
        )
    return exclusion


def remove_exclusion(*, actor, exclusion):
    _check_coordinator(actor, exclusion.group)
    with transaction.atomic():
        row = Exclusion.objects.select_for_update().filter(pk=exclusion.pk).first()
        if row is None:
            raise DomainError(_("This exclusion was removed already."))
        needs = list(row.needs.values_list("pk", flat=True))
        log_action(
            actor=actor,
            action="employers.exclusion_removed",
            obj=row,
            collective=row.group.collective,
            before={"needs": _numbers(needs), "reason": row.reason},
        )
        row.delete()
