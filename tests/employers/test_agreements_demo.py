"""The demo's employer group (maillage/demo/employers.py) loads on a fresh database:
its members and needs, valid proposed jobs, jobs kept, the agreements and the report."""

import datetime
import io

import docx
import pytest
from django.utils import translation
from pypdf import PdfReader

from maillage.demo import employers as demo
from maillage.employers import documents_report, figures
from maillage.employers.models import (
    AgreementStatus,
    Group,
    Need,
    OfferStatus,
    ProposedJob,
    RunStatus,
    Week,
)
from maillage.employers.pooling_data import build_problem_data
from maillage.planning.pool_problem import read_pool_problem
from tests.planning.pool_checks import pool_violations
from tests.typography import slips

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 15)


@pytest.fixture
def group(world):
    return demo.load({}, world.collective, today=TODAY)


def test_the_group_its_members_and_needs(group, world):
    assert group.name == demo.NAME
    assert group.employers.count() == 13
    communes = set(group.employers.values_list("sites__commune", flat=True))
    assert communes == {
        "Bagnolet",
        "Bobigny",
        "Bondy",
        "Les Lilas",
        "Montreuil",
        "Noisy-le-Sec",
        "Pantin",
        "Le Pré-Saint-Gervais",
        "Romainville",
    }
    needs = Need.objects.filter(employer__group=group)
    assert needs.count() == 43
    assert all(need.minutes <= 35 * 60 for need in needs.prefetch_related("slots"))
    assert set(needs.values_list("starts_on", flat=True)) == {datetime.date(2027, 9, 1)}
    assert group.families.count() == 4 and group.qualifications.count() == 7
    assert demo.load({}, world.collective, today=TODAY) == group  # made once
    assert Group.objects.count() == 1


def test_every_proposed_job_is_valid(group):
    runs = list(group.runs.all())
    assert sorted(run.week for run in runs) == [Week.HOLIDAYS, Week.TERM, Week.TERM]
    assert all(run.status == RunStatus.DONE for run in runs), [run.error for run in runs]
    checked = 0
    for week in (Week.TERM, Week.HOLIDAYS):
        problem = read_pool_problem(build_problem_data(group, week)[0])
        for job in ProposedJob.objects.filter(run__group=group, run__week=week).prefetch_related(
            "needs"
        ):
            needs = [str(need.pk) for need in job.needs.all()]
            assert problem.is_valid_job(needs, str(job.qualification_id)), needs
            checked += 1
    assert checked >= 6


def test_the_independent_checker_passes_every_stored_job(group):
    """The stored proposals of the latest run of each week, as the command line's output,
    pass the planner tests' independent checker (hours recomputed from the slots)."""
    for week in (Week.TERM, Week.HOLIDAYS):
        data, by_id = build_problem_data(group, week)
        run = group.runs.filter(week=week).order_by("-pk").first()
        pk_to_id = {need.pk: need_id for need_id, need in by_id.items()}
        jobs = [
            {
                "needs": [pk_to_id[need.pk] for need in job.needs.all()],
                "qualification": str(job.qualification_id),
                "hours": job.minutes / 60,
            }
            for job in run.jobs.prefetch_related("needs")
        ]
        placed = {need for job in jobs for need in job["needs"]}
        output = {
            "jobs": jobs,
            "uncovered": [need_id for need_id in by_id if need_id not in placed],
            "bound": run.bound_hours,
            "elapsed_s": run.elapsed_s,
        }
        # Kept jobs may be below the minimum (the holiday week of a term-time job).
        assert pool_violations(data, output, at_least_min=False) == []
        assert sorted(u.need_id for u in run.uncovered.all()) == sorted(
            by_id[need_id].pk for need_id in output["uncovered"]
        )


def test_jobs_kept_and_agreements(group):
    assert group.jobs.count() == demo.KEPT
    lending = group.lendings.get()
    assert lending.status == AgreementStatus.SIGNED
    assert "Montreuil" in lending.support
    offer = group.sponsorships.get()
    assert offer.status == OfferStatus.OPEN
    assert slips(offer.description) == []
    assert not [t for t in group.trainings.values_list("name", flat=True) if slips(t)]


def test_the_report_builds(group):
    with translation.override("fr"):
        report = figures.report(group)
        assert report.needs.count == Need.objects.filter(employer__group=group).count()
        assert report.term.jobs >= 1 and report.holidays is not None
        assert len(report.kept) == demo.KEPT
        assert report.training_cost > 0  # a BAFA holder in a CAP AEPE job, at least
        text = "\n".join(
            paragraph.text
            for paragraph in docx.Document(
                io.BytesIO(documents_report.report_docx(report))
            ).paragraphs
        )
        assert "Étude de faisabilité" in text or "Feasibility study" in text
        pdf = PdfReader(io.BytesIO(documents_report.report_pdf(report)))
        assert demo.NAME in " ".join(page.extract_text() for page in pdf.pages)


def test_the_person_of_a_member_sees_its_needs_only(group, world, client):
    """In the demo, Amina Traoré represents Aurore in the hub; here the world's member
    represents the group's Aurore and lists its two needs, no other member's."""
    from django.urls import reverse

    from maillage.collectives.models import Membership

    aurore = group.employers.get(organisation__name="Aurore")
    Membership.objects.filter(user=world.member, collective=world.collective).update(
        organisation=aurore.organisation
    )
    client.force_login(world.member)
    response = client.get(reverse("employers:needs", args=[world.collective.slug]))
    assert response.status_code == 200
    shown = {need.pk for need in response.context["needs"]}
    expected = set(Need.objects.filter(employer=aurore).values_list("pk", flat=True))
    assert len(expected) == 2 and shown == expected
    other = Need.objects.filter(employer__group=group).exclude(employer=aurore).first()
    assert client.get(
        reverse("employers:need", args=[world.collective.slug, other.pk])
    ).status_code in (403, 404)
