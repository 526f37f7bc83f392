"""Pooling's services on the built group (tests/employers/setting.py): runs, keeping,
completing in the holidays, excluding, ending; and the task's claim."""

from decimal import Decimal

import pytest
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.employers import services_pooling as services
from maillage.employers.models import (
    Exclusion,
    Job,
    Need,
    ProposedJob,
    Reason,
    Run,
    RunStatus,
    Uncovered,
    Week,
)
from maillage.employers.shares import job_shares
from maillage.employers.tasks import UNEXPECTED, error_message, run_pooling

from .setting import build_group
from .setting_pooling import done_run, needs_of


@pytest.fixture(autouse=True)
def in_english():
    """Messages are checked word for word, in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def made(world, django_capture_on_commit_callbacks):
    made = build_group(world)
    made.capture = django_capture_on_commit_callbacks
    return made


def _run(made, week=Week.TERM):
    return done_run(made, week, capture=made.capture)


def test_a_term_run_stores_the_one_job_and_the_uncovered_needs(made):
    run = _run(made)
    assert run.status == RunStatus.DONE
    assert run.needs_count == 5
    n = made.needs
    (job,) = run.jobs.all()
    assert needs_of(job) == {n["mornings"].pk, n["evenings"].pk, n["wednesdays"].pk}
    assert job.minutes == 33 * 60
    assert job.qualification == made.qualifications["cap_aepe"]
    assert job.job is None
    uncovered = {row.need_id: row.reason for row in Uncovered.objects.filter(run=run)}
    assert uncovered == {n["cleaning"].pk: Reason.SKILL, n["saturday"].pk: Reason.SKILL}
    assert AuditEvent.objects.filter(action="employers.run_started").count() == 1


def test_a_run_is_refused_while_another_is_under_way(made):
    Run.objects.create(group=made.group, week=Week.TERM, status=RunStatus.RUNNING)
    with pytest.raises(DomainError, match="already under way"):
        services.start_run(actor=made.world.coordinator, group=made.group, week=Week.TERM)
    assert made.group.runs.count() == 1


def test_a_run_without_a_need_of_that_week_is_refused(made):
    made.group.employers.exclude(pk=made.own.pk).update(left_on="2027-01-01")
    for key in ("cleaning", "saturday"):
        made.needs[key].delete()
    with pytest.raises(DomainError, match="No need is declared"):
        services.start_run(actor=made.world.coordinator, group=made.group, week=Week.HOLIDAYS)
    assert not made.group.runs.exists()


def test_only_coordinators_start_a_run(made):
    with pytest.raises(DomainError):
        services.start_run(actor=made.world.member, group=made.group, week=Week.TERM)


def test_keeping_a_proposal_makes_a_job(made):
    run = _run(made)
    proposed = run.jobs.get()
    job = services.keep_job(actor=made.world.coordinator, proposed=proposed)
    assert job.title == "Animateur périscolaire (CAP AEPE)"  # 17 h of evenings + Wednesdays
    assert job.hourly_cost == Decimal("22.00")
    assert job.qualification == made.qualifications["cap_aepe"]
    assert set(job.needs.values_list("pk", flat=True)) == needs_of(proposed)
    assert job.kept_from == proposed
    with pytest.raises(DomainError, match="run again"):
        services.keep_job(actor=made.world.coordinator, proposed=proposed)
    assert Job.objects.count() == 1


def test_a_withdrawn_need_makes_the_proposal_stale(made):
    from django.utils import timezone

    run = _run(made)
    made.needs["evenings"].withdrawn_at = timezone.now()
    made.needs["evenings"].save()
    with pytest.raises(DomainError, match="run again"):
        services.keep_job(actor=made.world.coordinator, proposed=run.jobs.get())
    assert not Job.objects.exists()


def test_a_second_term_run_keeps_the_job_as_a_lock(made):
    first = _run(made)
    job = services.keep_job(actor=made.world.coordinator, proposed=first.jobs.get())
    second = _run(made)
    (proposed,) = second.jobs.all()
    assert proposed.job == job
    assert needs_of(proposed) == set(job.needs.values_list("pk", flat=True))
    with pytest.raises(DomainError, match="kept already"):
        services.keep_job(actor=made.world.coordinator, proposed=proposed)


def test_a_holiday_proposal_completes_the_kept_job(made):
    """The service: a holiday run's proposal that is a kept job adds its new needs to it."""
    job = services.keep_job(actor=made.world.coordinator, proposed=_run(made).jobs.get())
    holidays = Run.objects.create(group=made.group, week=Week.HOLIDAYS, status=RunStatus.DONE)
    completing = ProposedJob.objects.create(
        run=holidays, qualification=job.qualification, minutes=(16 + 17.5) * 60, job=job
    )
    completing.needs.set([made.needs["mornings"], made.needs["summer"]])
    kept = services.keep_job(actor=made.world.coordinator, proposed=completing)
    assert kept.pk == job.pk
    assert Job.objects.count() == 1
    assert made.needs["summer"] in job.needs.all()
    assert job.needs.count() == 4
    assert AuditEvent.objects.filter(action="employers.job_completed").count() == 1
    with pytest.raises(DomainError, match="kept already"):
        services.keep_job(actor=made.world.coordinator, proposed=completing)


def test_a_holiday_run_completes_the_kept_job_with_the_summer_need(made):
    job = services.keep_job(actor=made.world.coordinator, proposed=_run(made).jobs.get())
    holidays = _run(made, Week.HOLIDAYS)
    completing = holidays.jobs.get(job=job)
    assert needs_of(completing) == {made.needs["mornings"].pk, made.needs["summer"].pk}
    services.keep_job(actor=made.world.coordinator, proposed=completing)
    assert made.needs["summer"] in job.needs.all()


def test_an_excluded_pair_is_not_put_together(made):
    n = made.needs
    services.exclude(
        actor=made.world.coordinator, group=made.group, needs=[n["mornings"], n["evenings"]]
    )
    run = _run(made)
    for proposed in run.jobs.all():
        assert not {n["mornings"].pk, n["evenings"].pk} <= needs_of(proposed)
    together = {n["mornings"].pk, n["wednesdays"].pk}
    assert (
        any(together <= needs_of(p) for p in run.jobs.all())
        or Uncovered.objects.filter(run=run, need__in=[n["mornings"], n["evenings"]]).exists()
    )


def test_one_need_excluded_stays_uncovered_as_excluded(made):
    n = made.needs
    services.exclude(actor=made.world.coordinator, group=made.group, needs=[n["evenings"]])
    run = _run(made)
    assert Uncovered.objects.get(run=run, need=n["evenings"]).reason == Reason.EXCLUDED
    assert all(n["evenings"].pk not in needs_of(p) for p in run.jobs.all())


def test_the_same_exclusion_twice_is_one_row_and_a_message(made):
    n = made.needs
    pair = [n["mornings"], n["evenings"]]
    services.exclude(actor=made.world.coordinator, group=made.group, needs=pair)
    with pytest.raises(DomainError, match="excluded already"):
        services.exclude(actor=made.world.coordinator, group=made.group, needs=pair[::-1])
    assert Exclusion.objects.count() == 1


def test_an_exclusion_removed_lets_the_pair_be_pooled_again(made):
    n = made.needs
    exclusion = services.exclude(
        actor=made.world.coordinator, group=made.group, needs=[n["evenings"]]
    )
    services.remove_exclusion(actor=made.world.coordinator, exclusion=exclusion)
    assert not Exclusion.objects.exists()
    run = _run(made)
    assert n["evenings"].pk in needs_of(run.jobs.get())
    with pytest.raises(DomainError, match="removed already"):
        services.remove_exclusion(actor=made.world.coordinator, exclusion=exclusion)


def test_a_need_of_another_group_cannot_be_excluded(made, world):
    from .setting import build_group as build

    other = build(_other_world(world))
    with pytest.raises(DomainError, match="needs of the group"):
        services.exclude(
            actor=made.world.coordinator, group=made.group, needs=[other.needs["mornings"]]
        )


def _other_world(world):
    from dataclasses import replace

    return replace(world, collective=world.other)


def test_changing_and_ending_a_job(made):
    run = _run(made)
    job = services.keep_job(actor=made.world.coordinator, proposed=run.jobs.get())
    job = services.change_job(
        actor=made.world.coordinator,
        job=job,
        version=job.version,
        title="Animatrice petite enfance",
        hourly_cost=Decimal("23.50"),
        holder_qualification=made.qualifications["bafa"],
    )
    assert (job.title, job.hourly_cost, job.version) == (
        "Animatrice petite enfance",
        Decimal("23.50"),
        2,
    )
    with pytest.raises(DomainError):
        services.change_job(
            actor=made.world.coordinator,
            job=job,
            version=1,
            title="Autre",
            hourly_cost=Decimal("20"),
            holder_qualification=None,
        )
    services.end_job(actor=made.world.coordinator, job=job)
    job.refresh_from_db()
    assert job.ended_at is not None
    # Its needs go back to the pool: the next run proposes them again, as a new job.
    again = _run(made)
    assert again.jobs.get().job is None
    with pytest.raises(DomainError, match="ended already"):
        services.end_job(actor=made.world.coordinator, job=job)


def test_the_task_claims_a_run_once(made):
    run = Run.objects.create(group=made.group, week=Week.TERM)
    assert run_pooling.call(run.pk) == RunStatus.DONE
    assert run_pooling.call(run.pk) == "skipped"
    assert run.jobs.count() == 1
    assert Uncovered.objects.filter(run=run).count() == 2


def test_an_unexpected_error_fails_the_run_with_words(made, monkeypatch):
    def broken(run):
        raise RuntimeError("Traceback: boom")

    monkeypatch.setattr("maillage.employers.pooling_data.execute", broken)
    run = Run.objects.create(group=made.group, week=Week.TERM)
    assert run_pooling.call(run.pk) == RunStatus.FAILED
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == UNEXPECTED
    assert "boom" not in str(error_message(run))
    assert "unexpected error" in str(error_message(run))


def test_a_share_says_when_the_job_costs_more_than_a_need_can_bear(made):
    """The built group's needs bear 24.00 an hour; the job costs the group's 22.00."""
    job = services.keep_job(actor=made.world.coordinator, proposed=_run(made).jobs.get())
    shares = {share.employer.pk: share for share in job_shares(job, made.group)}
    creche = shares[made.needs["mornings"].employer_id]
    assert (creche.bearable, creche.hourly_cost, creche.over_budget) == (
        Decimal("24.00"),
        Decimal("22.00"),
        False,
    )
    Need.objects.filter(pk=made.needs["mornings"].pk).update(hourly_cost_max=Decimal("20.50"))
    job = Job.objects.get(pk=job.pk)
    shares = {share.employer.pk: share for share in job_shares(job, made.group)}
    assert shares[made.needs["mornings"].employer_id].over_budget
    assert not shares[made.needs["evenings"].employer_id].over_budget
