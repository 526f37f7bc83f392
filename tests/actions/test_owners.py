"""An action may have several owners, in order: members, organisations of the collective
and guests named in words, as minutes say "Fondation Zoein et Hg"."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from maillage.actions import services
from maillage.actions.models import Action, ActionOwner, ActionStatus
from maillage.audit.models import AuditEvent
from maillage.collectives.models import Membership
from maillage.collectives.services import end_membership
from maillage.core.errors import DomainError
from maillage.core.typography import names_list
from maillage.meetings import documents
from maillage.meetings.minutes import build_content
from maillage.projects.exports import board_csv, board_xlsx

from ..factories import OrganisationFactory, owners_of
from ..meetings.setting import build_meeting
from ..meetings.test_documents import docx_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def zoein(world):
    organisation = OrganisationFactory(name="Fondation Zoein")
    world.collective.organisations.add(organisation)
    return organisation


def shared(world, zoein, **fields):
    """The Fondation Zoein, the member and Hg (a guest), in this order."""
    return services.create_action(
        actor=world.coordinator,
        collective=world.collective,
        title="Présenter le RTE au MISO",
        owners=[zoein, world.member, "  Hg ", "hg"],
        due_date=TODAY() + timedelta(days=3),
        **fields,
    )


# ---------------------------------------------------------------------------- names


def test_names_are_joined_as_a_sentence_says_them():
    with translation.override("en"):
        assert names_list([]) == ""
        assert names_list(["A"]) == "A"
        assert names_list(["A", "", "B"]) == "A and B"
        assert names_list(["A", "B", "C"]) == "A, B and C"
    with translation.override("fr"):
        assert names_list(["Fondation Zoein", "Hg"]) == "Fondation Zoein et Hg"
        assert names_list(["A", "B", "C"]) == "A, B et C"


# ------------------------------------------------------------------------- services


def test_an_action_has_several_owners_in_order(world, zoein):
    action = shared(world, zoein)
    assert owners_of(action) == [zoein, world.member, "Hg"]  # "hg" is the same guest
    with translation.override("fr"):
        assert action.owner_names == f"Fondation Zoein, {world.member.display_name} et Hg"
    created = AuditEvent.objects.get(action="actions.created")
    assert created.after["owner"] == f"Fondation Zoein, {world.member}, Hg"


def test_an_organisation_outside_the_collective_is_refused(world):
    elsewhere = OrganisationFactory(name="Ailleurs SA")
    with pytest.raises(DomainError) as error:
        services.create_action(
            actor=world.coordinator,
            collective=world.collective,
            title="Appeler",
            owners=[elsewhere],
        )
    assert error.value.field == "organisations" and "Ailleurs SA" in error.value.message
    assert not Action.objects.exists()


def test_a_guest_is_a_name_not_an_address(world):
    with pytest.raises(DomainError) as error:
        services.create_action(
            actor=world.coordinator,
            collective=world.collective,
            title="Appeler",
            owners=["hg@example.org"],
        )
    assert error.value.field == "other_owners"
    assert not Action.objects.exists()


def test_owners_kept_keep_their_place_and_new_ones_follow(world, zoein):
    action = shared(world, zoein)
    services.update_action(
        actor=world.coordinator,
        action=action,
        base_version=1,
        owners=[world.facilitator, world.member, zoein],
    )
    assert owners_of(action) == [zoein, world.member, world.facilitator]
    updated = AuditEvent.objects.get(action="actions.updated")
    assert updated.before["owner"] == f"Fondation Zoein, {world.member}, Hg"
    assert updated.after["owner"] == f"Fondation Zoein, {world.member}, {world.facilitator}"


def test_an_owner_who_left_stays_until_removed_and_nobody_new_who_left(world, zoein):
    action = shared(world, zoein)
    for person in (world.member, world.observer):
        end_membership(
            actor=world.coordinator,
            membership=Membership.objects.get(user=person, collective=world.collective),
        )
    services.update_action(
        actor=world.coordinator, action=action, base_version=1, owners=[zoein, world.member]
    )
    assert owners_of(action) == [zoein, world.member]
    with pytest.raises(DomainError):
        services.update_action(
            actor=world.coordinator, action=action, base_version=2, owners=[world.observer]
        )
    services.update_action(actor=world.coordinator, action=action, base_version=2, owners=[zoein])
    assert owners_of(action) == [zoein]


# -------------------------------------------------------------------- rights and lists


def test_every_owner_with_an_account_moves_the_action_and_sees_it_as_theirs(client, world, zoein):
    action = services.create_action(
        actor=world.coordinator,
        collective=world.collective,
        title="Réserver la salle",
        owners=[world.facilitator, world.observer, zoein],
    )
    # The observer cannot change others' actions, but this one is also theirs.
    assert world.observer.has_perm("actions.change_action", action)
    assert not world.member.has_perm("actions.change_action", action)
    client.force_login(world.observer)
    mine = client.get(reverse("actions:mine"))
    assert [a.title for a in mine.context["open_actions"]] == ["Réserver la salle"]
    status = reverse("actions:status", args=[world.collective.slug, action.pk])
    assert client.post(status, {"status": "done", "base_version": 1}).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_by) == (ActionStatus.DONE, world.observer)
    # The list filters by any owner.
    client.force_login(world.member)
    listed = client.get(
        reverse("actions:list", args=[world.collective.slug]),
        {"owner": world.observer.pk, "status": "all"},
    )
    assert [a.title for a in listed.context["actions"]] == ["Réserver la salle"]


def test_the_weekly_digest_reaches_every_owner_with_an_account(
    world, zoein, django_capture_on_commit_callbacks
):
    monday = TODAY() - timedelta(days=TODAY().weekday())
    shared(world, zoein)
    services.create_action(
        actor=world.coordinator,
        collective=world.collective,
        title="Rien que pour l'animatrice",
        owners=[world.facilitator, zoein],
        due_date=monday,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(today=monday) == 2
    by_person = {message.to[0]: message.body for message in mail.outbox}
    assert "Présenter le RTE au MISO" in by_person[world.member.email]
    assert "Rien que pour l'animatrice" in by_person[world.facilitator.email]


def test_pages_name_every_owner(client, world, zoein):
    setting = build_meeting(world)
    action = shared(world, zoein, meeting=setting.meeting)
    client.force_login(world.member)
    names = f"Fondation Zoein, {world.member.display_name} et Hg"
    for url in (
        reverse("actions:list", args=[world.collective.slug]),
        action.get_absolute_url(),
        reverse("projects:kanban", args=[world.collective.slug]),
        setting.meeting.get_absolute_url() + "?moment=after",
    ):
        assert names in client.get(url).content.decode(), url


def test_the_minutes_name_every_owner(world, zoein):
    setting = build_meeting(world)
    shared(world, zoein, meeting=setting.meeting)
    with translation.override("fr"):
        content = build_content(setting.meeting)
        text = docx_text(documents.minutes_docx(content))
    owners = [action["owner"] for action in content["actions"]]
    assert f"Fondation Zoein, {world.member.display_name} et Hg" in owners
    assert f"Fondation Zoein, {world.member.display_name} et Hg" in text
    assert "@" not in str(owners)


def test_the_board_exports_name_every_owner(world, zoein):
    from openpyxl import load_workbook

    from ..projects.setting import build_board

    board = build_board(world)
    shared(world, zoein, project=board.project)
    with translation.override("en"):
        rows = list(csv.reader(io.StringIO(board_csv(world.collective).lstrip("\ufeff"))))
        book = load_workbook(io.BytesIO(board_xlsx(world.collective)))
    names = f"Fondation Zoein, {world.member.display_name} and Hg"
    assert names in rows[1][8]
    owners = [row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert names in owners


def test_the_project_pages_name_every_owner(client, world, zoein):
    from ..projects.setting import build_board

    board = build_board(world)
    shared(world, zoein, project=board.project)
    client.force_login(world.member)
    names = f"Fondation Zoein, {world.member.display_name} et Hg"
    for url in (
        board.project.get_absolute_url(),
        reverse("projects:board", args=[world.collective.slug]),
    ):
        assert names in client.get(url).content.decode(), url


# ---------------------------------------------------------------------------- forms


def test_the_form_names_members_organisations_and_others(client, world, zoein):
    client.force_login(world.facilitator)
    form = client.get(reverse("actions:create", args=[world.collective.slug])).context["form"]
    assert {value for value, _label in form.fields["organisations"].widget.choices} == {
        world.organisation.pk,
        zoein.pk,
    }
    response = client.post(
        reverse("actions:create", args=[world.collective.slug]),
        {
            "title": "Présenter le RTE au MISO",
            "owners": [world.member.pk],
            "organisations": [zoein.pk],
            "other_owners": "Hg, Mme Piffaretti",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert owners_of(action) == [world.member, zoein, "Hg", "Mme Piffaretti"]
    # Edited, the form shows them as they are.
    form = client.get(action.get_absolute_url()).context["form"]
    assert form.initial["owners"] == [world.member]
    assert form.initial["organisations"] == [zoein]
    assert form.initial["other_owners"] == "Hg, Mme Piffaretti"


def test_a_meeting_adds_an_action_with_an_organisation_and_a_guest(client, world, zoein):
    setting = build_meeting(world)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meetings:action_add", args=[world.collective.slug, setting.meeting.pk]),
        {"title": "Réunir les partenaires", "organisations": [zoein.pk], "other_owners": "Hg"},
    )
    assert response.status_code == 302
    assert owners_of(Action.objects.get(title="Réunir les partenaires")) == [zoein, "Hg"]


def test_a_project_adds_an_action_with_several_owners(client, world, zoein):
    from ..projects.setting import build_board

    board = build_board(world)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("projects:action_add", args=[world.collective.slug, board.project.pk]),
        {
            "action-title": "Contacter la fondation",
            "action-owners": [world.member.pk, world.facilitator.pk],
            "action-organisations": [zoein.pk],
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Contacter la fondation")
    people = sorted([world.member, world.facilitator], key=lambda p: p.display_name)
    assert owners_of(action) == [*people, zoein]


# ------------------------------------------------------------------------ migration


@pytest.mark.django_db(transaction=True)
def test_the_owner_of_each_action_becomes_its_first_owner(world):
    executor = MigrationExecutor(connection)
    executor.migrate([("actions", "0005_action_comments")])
    old = executor.loader.project_state([("actions", "0005_action_comments")]).apps
    OldAction = old.get_model("actions", "Action")
    owned = OldAction.objects.create(
        collective_id=world.collective.pk,
        title="Ancienne action",
        owner_id=world.member.pk,
        created_by_id=world.coordinator.pk,
    )
    nobody = OldAction.objects.create(
        collective_id=world.collective.pk,
        title="Sans responsable",
        created_by_id=world.coordinator.pk,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert owners_of(Action.objects.get(pk=owned.pk)) == [world.member]
    assert owners_of(Action.objects.get(pk=nobody.pk)) == []
    assert ActionOwner.objects.count() == 1
    # Back again: the first owner with an account is the owner.
    ActionOwner.objects.create(action_id=nobody.pk, position=0, organisation=world.organisation)
    ActionOwner.objects.create(action_id=nobody.pk, position=1, user=world.facilitator)
    executor = MigrationExecutor(connection)
    executor.migrate([("actions", "0005_action_comments")])
    old = executor.loader.project_state([("actions", "0005_action_comments")]).apps
    owners = dict(old.get_model("actions", "Action").objects.values_list("pk", "owner_id"))
    assert owners == {owned.pk: world.member.pk, nobody.pk: world.facilitator.pk}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
