"""Planning through the services: dates moved with their dependants, loops refused,
phases, and the Plan a Gantt chart is drawn from."""

import pytest
from django.utils import translation

from maillage.actions import services, services_planning
from maillage.actions.gantt_data import build_plan
from maillage.actions.models import Action, ActionStatus, Dependency
from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError

from ..factories import make_action
from .planning_setting import D, build_chain, dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    return build_chain(world)


def test_a_move_shifts_three_dependants_and_says_which(world, chain):
    a, b, c, d = chain
    moved = services.set_dates(
        actor=world.coordinator,
        action=a,
        start_date=D("2027-01-06"),
        due_date=D("2027-01-11"),
        base_version=Action.objects.get(pk=a.pk).version,
    )
    assert dates(a) == (D("2027-01-06"), D("2027-01-11"))
    # B had to start after the 11th: three days later, its four days kept; C follows.
    assert dates(b) == (D("2027-01-12"), D("2027-01-15"))
    assert dates(c) == (D("2027-01-16"), D("2027-01-18"))
    # D, a deadline, moves to the 12th.
    assert dates(d) == (None, D("2027-01-12"))
    assert sorted(moved.titles) == sorted([b.title, c.title, d.title])
    assert AuditEvent.objects.filter(action="actions.shifted").count() == 3
    with translation.override("fr"):
        message = services_planning.moved_message(moved)
    assert "Envoyer les invitations" in message and "Relancer les territoires" in message


def test_a_move_that_leaves_room_moves_nobody(world, chain):
    a, b, c, d = chain
    moved = services.set_dates(
        actor=world.coordinator,
        action=a,
        start_date=D("2027-01-01"),
        due_date=D("2027-01-05"),
        base_version=Action.objects.get(pk=a.pk).version,
    )
    assert moved.shifted == []
    assert dates(b) == (D("2027-01-09"), D("2027-01-12"))


def test_a_done_task_is_never_moved(world, chain):
    a, b, c, d = chain
    services.set_status(
        actor=world.coordinator,
        action=b,
        status=ActionStatus.DONE,
        base_version=Action.objects.get(pk=b.pk).version,
    )
    services.set_dates(
        actor=world.coordinator,
        action=a,
        start_date=D("2027-01-06"),
        due_date=D("2027-01-11"),
        base_version=Action.objects.get(pk=a.pk).version,
    )
    assert dates(b) == (D("2027-01-09"), D("2027-01-12"))
    assert dates(c) == (D("2027-01-13"), D("2027-01-15"))


def test_a_loop_is_refused_with_its_tasks_named(world, chain):
    a, b, c, d = chain
    with translation.override("fr"), pytest.raises(DomainError) as error:
        services_planning.add_dependency(actor=world.coordinator, action=a, before=c)
    assert "Réserver la salle" in str(error.value) and "Relancer les territoires" in str(
        error.value
    )
    assert "boucle" in str(error.value)
    assert not Dependency.objects.filter(before=c, after=a).exists()


def test_a_dependency_on_itself_or_across_collectives_is_refused(world, chain):
    a, *_ = chain
    with pytest.raises(DomainError):
        services_planning.add_dependency(actor=world.coordinator, action=a, before=a)
    elsewhere = make_action(collective=world.other, title="Ailleurs", created_by=world.outsider)
    with pytest.raises(DomainError):
        services_planning.add_dependency(actor=world.coordinator, action=a, before=elsewhere)
    assert Dependency.objects.count() == 3


def test_end_before_start_is_refused_and_nothing_changes(world, chain):
    a, *_ = chain
    with translation.override("fr"), pytest.raises(DomainError) as error:
        services.set_dates(
            actor=world.coordinator,
            action=a,
            start_date=D("2027-01-10"),
            due_date=D("2027-01-02"),
            base_version=Action.objects.get(pk=a.pk).version,
        )
    assert "avant" in str(error.value)
    assert dates(a) == (D("2027-01-04"), D("2027-01-08"))


def test_the_plan_marks_the_critical_path_and_late_tasks(world, chain):
    a, b, c, d = chain
    plan = build_plan(
        title="Plan",
        actions=Action.objects.filter(collective=world.collective),
        today=D("2027-01-10"),
    )
    bars = {bar.pk: bar for bar in plan.bars}
    # A → B → C ends last (the 15th); D has slack until C's end.
    assert plan.critical_path == [a.pk, b.pk, c.pk]
    assert plan.finish == D("2027-01-15")
    assert not bars[d.pk].critical and bars[d.pk].float_days == 6
    assert bars[d.pk].deadline and bars[d.pk].late
    assert not bars[b.pk].late
    assert sorted(plan.edges) == sorted([(a.pk, b.pk), (b.pk, c.pk), (a.pk, d.pk)])


def test_the_loaders_read_a_project_a_work_stream_and_a_consultation(world, chain):
    from maillage.actions.gantt_data import (
        plan_for_consultation,
        plan_for_project,
        plan_for_work_stream,
    )
    from maillage.projects import services as projects

    from ..factories import ConsultationFactory

    a, b, c, d = chain
    stream = projects.create_work_stream(
        actor=world.coordinator, collective=world.collective, title="Emploi"
    )
    project = projects.create_project(
        actor=world.coordinator, work_stream=stream, title="Café", pilots=[world.member]
    )
    phase = services_planning.create_phase(
        actor=world.coordinator, collective=world.collective, project=project, title="Lancer"
    )
    Action.objects.filter(pk__in=[a.pk, b.pk]).update(project=project, phase=phase)
    Action.objects.filter(pk=c.pk).update(project=project)
    today = D("2027-01-10")
    plan = plan_for_project(project, today)
    assert [band.title for band in plan.bands] == ["Lancer", "Sans phase"]
    assert [bar.pk for bar in plan.bands[0].bars] == [a.pk, b.pk]
    assert plan_for_work_stream(stream, today).bands[0].title == "Café"
    consultation = ConsultationFactory(collective=world.collective)
    spiral = services_planning.add_spiral_phases(actor=world.coordinator, consultation=consultation)
    Action.objects.filter(pk=d.pk).update(phase=spiral[0])
    plan = plan_for_consultation(consultation, today)
    assert [bar.pk for bar in plan.bars] == [d.pk]
    assert plan.bands[0].title == "Préparation"
