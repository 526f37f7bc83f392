"""The demo's plans: CO-ACTE's programme up to its February meeting and the hub's job
café, as Gantt charts (the Plan they are drawn from), loaded twice."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.actions.gantt_data import plan_for_consultation, plan_for_work_stream
from maillage.actions.models import SPIRAL_PHASES, Action, Dependency, Phase, PhaseKind
from maillage.consultations.models import Consultation, Method
from maillage.demo.planning import HUB_CAFE, HUB_RECRUITMENT, february_meeting
from maillage.planning.schedule import find_loop
from maillage.projects.models import Project

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def planned():
    return {
        "phases": Phase.objects.count(),
        "actions": Action.objects.filter(phase__isnull=False).count(),
        "dependencies": Dependency.objects.count(),
        "dated": sorted(
            Action.objects.filter(phase__isnull=False).values_list(
                "title", "start_date", "due_date", "status"
            )
        ),
    }


@pytest.fixture
def demo():
    return load_demo()


def spiral():
    return Consultation.objects.get(collective__slug="co-acte", method=Method.SPIRAL)


def test_the_demo_plans_load_twice_without_duplicates(demo):
    first = planned()
    assert first["phases"] >= 9 and first["actions"] >= 20 and first["dependencies"] >= 20
    output = load_demo()
    assert planned() == first
    # The printed instructions say where the Gantt charts are.
    consultation = spiral()
    assert f"/collectifs/co-acte/consultations/{consultation.pk}/gantt/" in output
    cafe = Project.objects.get(title=HUB_CAFE)
    assert f"/collectifs/pcpe-93/chantiers/projets/{cafe.pk}/gantt/" in output
    assert f"/collectifs/pcpe-93/chantiers/chantier/{cafe.work_stream_id}/gantt/" in output


def test_co_acte_plans_its_spiral_phases_up_to_the_february_meeting(demo):
    today = timezone.localdate()
    consultation = spiral()
    phases = list(consultation.phases.order_by("position"))
    assert [phase.kind for phase in phases] == list(SPIRAL_PHASES)
    assert all(phase.starts_on and phase.ends_on for phase in phases)
    final = phases[-1]
    assert final.kind == PhaseKind.FINAL_MEETING and final.ends_on.month == 2
    assert final.ends_on > today

    plan = plan_for_consultation(consultation, today)
    assert [band.title for band in plan.bands] == [phase.title for phase in phases]
    bars = plan.bars
    assert 12 <= len(bars) <= 20
    assert all(bar.owners for bar in bars)
    assert all(bar.dated for bar in bars)
    by_title = {bar.title: bar for bar in bars}
    meeting = by_title["Rencontre du réseau de février (deux journées)"]
    assert meeting.start == february_meeting(today) and meeting.start.month == 2
    assert meeting.last == plan.finish
    # The owners: invented people and the territories' real organisations.
    owners = " ".join(bar.owners for bar in bars)
    assert "Ville de Mulhouse" in owners and "Ville de Braine-l'Alleud" in owners
    # A real plan: dependencies without a loop, each kept (finish-to-start).
    assert len(plan.edges) >= len(bars) - 1
    assert find_loop(plan.edges) is None
    days = {bar.pk: bar for bar in bars}
    for before, after in plan.edges:
        assert days[after].first > days[before].last
    # A long critical path, ending with the February meeting.
    assert len(plan.critical_path) >= 4
    assert plan.critical_path[-1] == meeting.pk
    # One task done, one late, two milestones (and the Delphi round's end).
    assert [bar.title for bar in bars if bar.done] == [
        "Écrire le programme de coresponsabilité à partir des post-it «\u00a0Que puis-je "
        "faire\u00a0?\u00a0»"
    ]
    assert len(plan.late) == 1 and plan.late[0].title.startswith("Préparer les ateliers")
    assert len([bar for bar in bars if bar.deadline]) == 2
    assert any("Delphi" in marker.title for marker in plan.markers)
    # Pledges of Mulhouse's table ("what can I do?") became tasks of the programme.
    pledged = Action.objects.filter(
        commitment__note__group__consultation=consultation, phase__consultation=consultation
    )
    assert pledged.count() == 2


def test_the_hub_plans_a_work_stream_of_two_projects(demo):
    today = timezone.localdate()
    cafe = Project.objects.get(title=HUB_CAFE)
    plan = plan_for_work_stream(cafe.work_stream, today)
    planned_projects = {bar.project.replace("\u00a0", " ") for bar in plan.bars if bar.phase}
    assert planned_projects == {HUB_CAFE, HUB_RECRUITMENT}
    assert find_loop(plan.edges) is None
    project_of = {bar.pk: bar.project for bar in plan.bars}
    # The job café's chain crosses into the recruitment operation and back.
    assert any(project_of[a] != project_of[b] for a, b in plan.edges)
    titles = {bar.pk: bar.title for bar in plan.bars}
    chain = [titles[pk] for pk in plan.critical_path]
    assert "Tenir le café de l'emploi" in chain and len(chain) >= 4
    assert cafe.phases.count() == 2
    assert all(isinstance(bar.first, datetime.date) for bar in plan.bars if bar.phase)
