"""Work streams and projects: the rules the services keep, whatever page calls them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from maillage.actions.services import create_action
from maillage.audit.models import AuditEvent
from maillage.core.errors import ConflictError, DomainError
from maillage.projects import services
from maillage.projects.models import Project
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _timeline(project):
    return list(
        AuditEvent.objects.filter(object_type="projects.project", object_id=str(project.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_every_change_is_on_the_project_timeline(world, board):
    project = board.project
    services.set_status(actor=world.coordinator, project=project, status="paused")
    services.reach_milestone(actor=world.member, milestone=board.milestone)
    services.volunteer(actor=world.facilitator, need=board.call)
    assert _timeline(project) == [
        "projects.project_created",
        "projects.milestone_added",
        "projects.need_added",
        "projects.status_changed",
        "projects.milestone_reached",
        "projects.volunteer_signed_up",
    ]


def test_a_milestone_after_the_end_is_refused_and_the_end_cannot_pass_a_milestone(world, board):
    project = board.project
    with pytest.raises(DomainError) as error:
        services.add_milestone(
            actor=world.member,
            project=project,
            title="Trop tard",
            due_on=project.ends_on + timedelta(days=1),
        )
    assert "after the project's end" in error.value.message
    with pytest.raises(DomainError) as error:
        services.update_project(
            actor=world.member,
            project=project,
            base_version=project.version,
            ends_on=board.milestone.due_on - timedelta(days=1),
        )
    assert "Premier café" in error.value.message
    project.refresh_from_db()
    assert project.milestones.count() == 1 and project.ends_on > board.milestone.due_on


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        ("-500", "EUR", "more than zero"),
        ("douze mille", "EUR", "is not an amount"),
        ("12000", "USD", "Unknown currency"),
        ("", "CHF", "Give the amount"),
        ("1.005", "CHF", "two decimals"),
    ],
)
def test_bad_amounts_and_currencies_are_refused(world, board, amount, currency, message):
    before = board.project.needs.count()
    with pytest.raises(DomainError) as error:
        services.add_need(
            actor=world.member,
            project=board.project,
            kind="funding",
            description="Salle",
            amount=amount,
            currency=currency,
        )
    assert message in error.value.message
    assert board.project.needs.count() == before


def test_amounts_are_read_as_people_write_them(world, board):
    for text, expected in (("12 000", "12000"), ("12'000.50", "12000.50"), ("1500,5", "1500.5")):
        need = services.add_need(
            actor=world.member,
            project=board.project,
            kind="funding",
            description="Salle",
            amount=text,
            currency="CHF",
        )
        assert need.amount == Decimal(expected)


def test_a_pilot_must_be_a_member_of_the_collective(world, board):
    with pytest.raises(DomainError) as error:
        services.create_project(
            actor=world.coordinator,
            work_stream=board.streams[0],
            title="Projet",
            pilots=[world.outsider],
        )
    assert "not a member of the collective" in error.value.message
    with pytest.raises(DomainError):
        services.update_project(
            actor=world.coordinator,
            project=board.project,
            base_version=board.project.version,
            pilots=[UserFactory()],
        )
    assert list(board.project.pilots.all()) == [world.member]


def test_signing_up_twice_is_refused_and_withdrawing_allows_again(world, board):
    signup = services.volunteer(actor=world.observer, need=board.call, message="Le mardi")
    with pytest.raises(DomainError) as error:
        services.volunteer(actor=world.observer, need=board.call)
    assert "already signed up" in error.value.message
    services.withdraw(actor=world.observer, signup=signup)
    services.volunteer(actor=world.observer, need=board.call)
    assert board.call.signups.count() == 2  # the withdrawn one is kept


def test_outsiders_and_closed_calls_cannot_be_signed_up(world, board):
    with pytest.raises(DomainError):
        services.volunteer(actor=world.outsider, need=board.call)
    with pytest.raises(DomainError):
        services.volunteer(actor=world.member, need=board.funding)
    services.close_need(actor=world.member, need=board.call)
    with pytest.raises(DomainError):
        services.volunteer(actor=world.observer, need=board.call)


def test_a_stale_edit_is_a_conflict_and_changes_nothing(world, board):
    project = board.project
    stale = project.version
    services.update_project(actor=world.member, project=project, base_version=stale, phase="Bilan")
    with pytest.raises(ConflictError):
        services.update_project(
            actor=world.coordinator, project=project, base_version=stale, phase="Autre"
        )
    project.refresh_from_db()
    assert project.phase == "Bilan"


def test_progress_follows_the_milestones_unless_the_pilots_set_it(world, board):
    project = board.project
    services.add_milestone(
        actor=world.member,
        project=project,
        title="Second café",
        due_on=timezone.localdate() + timedelta(days=40),
    )
    assert services.progress_of(project) == 0
    services.reach_milestone(actor=world.member, milestone=board.milestone)
    assert services.progress_of(project) == 50
    services.set_progress(actor=world.member, project=project, progress="80")
    assert services.progress_of(Project.objects.get(pk=project.pk)) == 80
    with pytest.raises(DomainError):
        services.set_progress(actor=world.member, project=project, progress="120")


def test_nothing_is_deleted_archiving_keeps_the_rows(world, board):
    services.archive_project(actor=world.coordinator, project=board.other_project)
    assert Project.objects.filter(pk=board.other_project.pk, archived_at__isnull=False).exists()
    with pytest.raises(DomainError):
        services.archive_work_stream(actor=world.coordinator, work_stream=board.streams[0])
    services.archive_work_stream(actor=world.coordinator, work_stream=board.streams[1])
    assert board.streams[1].projects.count() == 1


def test_a_meeting_decision_becomes_a_project_action_even_after_approval(world, board):
    from maillage.meetings.models import Minutes, MinutesStatus
    from tests.meetings.setting import build_meeting

    meeting = build_meeting(world)
    Minutes.objects.filter(pk=meeting.minutes.pk).update(status=MinutesStatus.APPROVED)
    action = create_action(
        actor=world.member,
        collective=world.collective,
        title="Mettre en œuvre la charte",
        project=board.project,
        meeting=meeting.meeting,
        decision=meeting.decision,
    )
    assert action in board.project.actions.all() and action in meeting.decision.actions.all()
    with pytest.raises(DomainError):
        create_action(
            actor=world.outsider,
            collective=world.other,
            title="Ailleurs",
            project=board.project,
        )
