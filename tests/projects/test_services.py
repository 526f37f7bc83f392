"""The services behind the board and the project pages: the refusals the pages show,
the timeline (audit log under the project), archiving instead of deleting, progress."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.projects import services
from maillage.projects.models import Milestone, Need, Project, VolunteerSignup, WorkStream
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def timeline(project):
    return list(
        AuditEvent.objects.filter(object_type="projects.project", object_id=str(project.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_milestone_after_the_end_of_the_project_is_refused(world, board):
    project = board.project
    with pytest.raises(DomainError, match="after the project's end") as caught:
        services.add_milestone(
            actor=world.member,
            project=project,
            title="Trop tard",
            due_on=project.ends_on + timedelta(days=1),
        )
    assert caught.value.field == "due_on"
    assert not Milestone.objects.filter(title="Trop tard").exists()
    # Nor can the end move before an existing milestone.
    with pytest.raises(DomainError, match="Premier café"):
        services.update_project(
            actor=world.member,
            project=project,
            base_version=project.version,
            ends_on=board.milestone.due_on - timedelta(days=1),
        )
    project.refresh_from_db()
    assert project.ends_on > board.milestone.due_on


@pytest.mark.parametrize(
    ("amount", "currency", "field", "message"),
    [
        ("-500", "CHF", "amount", "more than zero"),
        ("0", "EUR", "amount", "more than zero"),
        ("beaucoup", "CHF", "amount", "is not an amount"),
        ("12,5,3", "CHF", "amount", "is not an amount"),
        ("", "CHF", "amount", "Give the amount"),
        ("1000", "USD", "currency", "Unknown currency"),
        ("1000", "", "currency", "Unknown currency"),
    ],
)
def test_bad_amounts_and_currencies_are_refused(world, board, amount, currency, field, message):
    before = Need.objects.count()
    with pytest.raises(DomainError, match=message) as caught:
        services.add_need(
            actor=world.member,
            project=board.project,
            kind="funding",
            description="Location de la salle",
            amount=amount,
            currency=currency,
        )
    assert caught.value.field == field
    assert Need.objects.count() == before


def test_a_written_amount_is_kept_exactly(world, board):
    need = services.add_need(
        actor=world.member,
        project=board.project,
        kind="funding",
        description="Salle",
        amount="12 000,50",
        currency="CHF",
    )
    assert need.amount == Decimal("12000.50") and need.currency == "CHF"


def test_a_pilot_outside_the_collective_is_refused(world, board):
    with pytest.raises(DomainError, match="not a member of the collective") as caught:
        services.create_project(
            actor=world.coordinator,
            work_stream=board.streams[0],
            title="Projet fantôme",
            pilots=[world.outsider],
        )
    assert caught.value.field == "pilots"
    assert not Project.objects.filter(title="Projet fantôme").exists()
    with pytest.raises(DomainError, match="not a member"):
        services.update_project(
            actor=world.coordinator,
            project=board.project,
            base_version=board.project.version,
            pilots=[world.member, UserFactory()],
        )
    assert list(board.project.pilots.all()) == [world.member]


def test_signing_up_twice_is_refused(world, board):
    services.volunteer(actor=world.facilitator, need=board.call)
    with pytest.raises(DomainError, match="already signed up") as caught:
        services.volunteer(actor=world.facilitator, need=board.call)
    assert caught.value.code == "twice"
    assert VolunteerSignup.objects.filter(need=board.call, user=world.facilitator).count() == 1


def test_every_change_is_in_the_audit_log_under_the_project(world, board):
    project = board.project
    services.update_project(
        actor=world.member, project=project, base_version=project.version, phase="Bilan"
    )
    services.set_status(actor=world.member, project=project, status="paused")
    services.set_progress(actor=world.member, project=project, progress="30")
    services.reach_milestone(actor=world.member, milestone=board.milestone)
    services.archive_milestone(actor=world.member, milestone=board.milestone)
    services.add_link(
        actor=world.member, project=project, title="Dossier", url="https://example.org/d"
    )
    signup = services.volunteer(actor=world.facilitator, need=board.call)
    services.withdraw(actor=world.facilitator, signup=signup)
    services.close_need(actor=world.member, need=board.call)
    services.archive_project(actor=world.coordinator, project=project)
    assert timeline(project) == [
        "projects.project_created",
        "projects.milestone_added",
        "projects.need_added",
        "projects.project_updated",
        "projects.status_changed",
        "projects.progress_set",
        "projects.milestone_reached",
        "projects.milestone_archived",
        "projects.link_added",
        "projects.volunteer_signed_up",
        "projects.volunteer_withdrew",
        "projects.need_closed",
        "projects.project_archived",
    ]
    update = AuditEvent.objects.get(object_id=str(project.pk), action="projects.project_updated")
    assert ("phase", "Développement", "Bilan") in update.changes()
    # Nothing of the other project is on this one's timeline.
    assert "Groupement" not in " ".join(
        AuditEvent.objects.filter(
            object_id=str(project.pk), object_type="projects.project"
        ).values_list("object_repr", flat=True)
    )


def test_nothing_is_deleted_archiving_keeps_the_rows(world, board):
    project = board.project
    services.archive_milestone(actor=world.member, milestone=board.milestone)
    services.close_need(actor=world.member, need=board.call, met=False)
    services.archive_project(actor=world.coordinator, project=project)
    project.refresh_from_db()
    assert project.archived_at is not None
    assert Project.objects.filter(pk=project.pk).exists()
    assert Milestone.objects.get(pk=board.milestone.pk).archived_at is not None
    assert Need.objects.get(pk=board.call.pk).archived_at is not None
    with pytest.raises(DomainError, match="already archived"):
        services.archive_project(actor=world.coordinator, project=project)
    # A work stream holding projects is not archived.
    with pytest.raises(DomainError, match="still holds projects"):
        services.archive_work_stream(actor=world.coordinator, work_stream=board.streams[1])
    assert WorkStream.objects.filter(archived_at=None).count() == 2


def test_progress_comes_from_the_milestones_unless_set_by_hand(world, board):
    project = board.project
    assert services.progress_of(project) == 0  # one milestone, not reached
    for day in (20, 30, 40):
        services.add_milestone(
            actor=world.member, project=project, title=f"J+{day}", due_on=TODAY() + timedelta(day)
        )
    services.reach_milestone(actor=world.member, milestone=board.milestone)
    assert services.progress_of(project) == 25
    # From a prefetched list, archived milestones do not count.
    milestones = list(Milestone.objects.filter(project=project))
    milestones[-1].archived_at = timezone.now()
    assert services.progress_of(project, milestones) == 33
    project = services.set_progress(actor=world.member, project=project, progress="80 %")
    assert services.progress_of(project, milestones) == 80
    project = services.set_progress(actor=world.member, project=project, progress="")
    assert services.progress_of(project) == 25
    assert services.progress_of(board.other_project) is None
    with pytest.raises(DomainError, match="0 to 100"):
        services.set_progress(actor=world.member, project=project, progress="120")
