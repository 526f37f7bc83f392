"""An ended membership ends every right: each role a person can hold on an object of a
collective, granted through the services while they were a member, gives them nothing
once the membership ends; ongoing work releases them, past work keeps who held the role.

The permission matrix (tests/test_permissions.py, ``test_ended_membership_*``) walks
every URL as a former member holding every role at once; here each role is taken one
by one, from before to after.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.actions import services as actions_services
from maillage.actions.models import Action
from maillage.audit.models import AuditEvent
from maillage.collectives import services as collectives_services
from maillage.collectives.models import Membership, Role
from maillage.collectives.rules import OBJECT_ROLES
from maillage.consultations import services as consultations_services
from maillage.consultations.models import Note, Participant, Vote
from maillage.events import services as events_services
from maillage.meetings import services as meetings_services
from maillage.meetings.models import Invitee, Meeting
from maillage.projects import services as projects_services
from maillage.projects.models import Project, ProjectComment

from .consultations.test_rounds import make_delphi
from .consultations.workshop import build_workshop
from .events.setting import build_event
from .factories import CollectiveFactory, MembershipFactory, NetworkFactory, owners_of
from .former import GRANTED, snapshot
from .meetings.setting import build_meeting
from .projects.setting import build_board

pytestmark = pytest.mark.django_db

REFUSED = {403, 404, 405}


def newcomer(world, collective=None, name="Nadia Keller"):
    """A member (plain member: any right they get comes from the role on the object)."""
    return MembershipFactory(
        collective=collective or world.collective, role=Role.MEMBER, user__display_name=name
    ).user


def end(world, person, collective=None):
    collectives_services.end_membership(
        actor=world.coordinator,
        membership=Membership.objects.active().get(
            user=person, collective=collective or world.collective
        ),
        reason="Départ du groupe",
    )


def refused(client, url, data=None):
    """GET and POST both refused, and nothing changed."""
    before = snapshot()
    assert client.get(url).status_code in REFUSED, url
    assert client.post(url, data or {}).status_code in REFUSED, url
    assert snapshot() == before, url


def test_every_object_role_is_walked():
    """A new object-level role must be added to the former member's grants."""
    assert set(OBJECT_ROLES) == GRANTED


# ---------------------------------------------------------------------- consultations


def test_a_group_facilitator_loses_the_group_when_the_membership_ends(client, world):
    workshop = build_workshop(world)
    group, note = workshop.group, workshop.notes[0]
    nadia = newcomer(world)
    consultations_services.set_group_facilitators(
        actor=world.facilitator, group=group, facilitators=[nadia]
    )
    client.force_login(nadia)
    slug = world.collective.slug
    wall = reverse("consultations:wall", args=[slug, group.pk])
    page = client.get(wall)
    assert page.status_code == 200 and "Alex" in page.content.decode()  # who wrote what
    assert client.get(reverse("consultations:screen", args=[slug, group.pk])).status_code == 200

    end(world, nadia)

    assert not group.facilitators.filter(pk=nadia.pk).exists()
    released = AuditEvent.objects.filter(
        action="consultations.group_facilitators", object_id=str(group.pk)
    ).latest("pk")
    assert "Nadia Keller" in released.before["facilitators"]
    assert "Nadia Keller" not in released.after["facilitators"]
    # Even were the role still recorded, it gives nothing any more.
    group.facilitators.add(nadia)
    for name in ("wall", "wall_notes", "screen", "paper", "mood", "theme_board"):
        refused(client, reverse(f"consultations:{name}", args=[slug, group.pk]))
    refused(
        client,
        reverse("consultations:hide_note", args=[slug, group.pk, note.pk]),
        {"reason": "Hors sujet", "base_version": note.version},
    )
    refused(
        client,
        reverse("consultations:correct_note", args=[slug, group.pk, note.pk]),
        {"text": "Autre chose", "base_version": note.version},
    )
    refused(
        client, reverse("consultations:live_session", args=[slug, group.pk]), {"action": "close"}
    )
    note.refresh_from_db()
    assert not note.hidden and note.text == workshop.notes[0].text


def test_a_territory_facilitator_follows_the_territory_membership(client, world):
    """In a network consultation a group's facilitator may come from its territory; the
    role lasts while they are a member there (or of the hosting collective)."""
    network = NetworkFactory()
    territory = CollectiveFactory(name="CO-ACTE Lyon", short_name="Lyon")
    world.collective.networks.add(network)
    territory.networks.add(network)
    consultation = consultations_services.create_consultation(
        actor=world.facilitator,
        collective=world.collective,
        title="SPIRAL en réseau",
        method="spiral",
        network=network,
    )
    group = consultations_services.add_group(
        actor=world.facilitator, consultation=consultation, name="Lyon", territory=territory
    )
    nadia = newcomer(world, territory)
    both = newcomer(world, territory, name="Marc Dubois")
    MembershipFactory(collective=world.collective, user=both)
    consultations_services.set_group_facilitators(
        actor=world.facilitator, group=group, facilitators=[nadia, both]
    )
    board = reverse("consultations:theme_board", args=[world.collective.slug, group.pk])
    client.force_login(nadia)
    assert client.get(board).status_code == 200

    end(world, nadia, territory)
    end(world, both, territory)

    assert list(group.facilitators.all()) == [both]  # still a member of the host
    refused(client, board)
    client.force_login(both)
    assert client.get(board).status_code == 200


def test_taking_part_with_an_account_follows_the_membership(client, world):
    workshop = build_workshop(world)
    delphi = make_delphi(world, workshop)
    nadia = newcomer(world)
    client.force_login(nadia)
    client.post(reverse("consultations:join"), {"code": workshop.group.join_code})
    participant = Participant.objects.get(user=nadia)
    slug, consultation = world.collective.slug, workshop.consultation
    wall = reverse("consultations:wall", args=[slug, workshop.group.pk])
    vote = reverse("consultations:vote", args=[slug, consultation.pk, delphi.round.number])
    statement = delphi.statements[0]
    assert client.get(wall).status_code == 200
    assert client.post(vote, {"statement": statement.pk, "choice": "1"}).status_code == 302
    assert Vote.objects.filter(participant=participant).count() == 1

    end(world, nadia)

    refused(client, wall)
    refused(client, vote, {"statement": delphi.statements[1].pk, "choice": "1"})
    assert Vote.objects.filter(participant=participant).count() == 1
    # What they wrote and voted stays; the participation is no longer theirs to use.
    assert Participant.objects.filter(pk=participant.pk, user=nadia).exists()


def test_a_former_member_who_comes_back_with_the_code_is_an_anonymous_participant(client, world):
    """The code opens a session to anyone, without an account: that does not revive the
    account's participation, nor say who they are to anyone but the facilitators."""
    workshop = build_workshop(world)
    nadia = newcomer(world)
    client.force_login(nadia)
    client.post(reverse("consultations:join"), {"code": workshop.group.join_code})
    end(world, nadia)
    response = client.post(
        reverse("consultations:join"), {"code": workshop.group.join_code, "display_name": "N."}
    )
    assert response.status_code == 302
    newest = Participant.objects.latest("pk")
    assert newest.user is None and newest.display_name == "N."
    assert Participant.objects.filter(user=nadia).count() == 1  # the old one, unused
    assert client.get(response["Location"]).status_code == 200


def test_an_outsider_with_an_account_joins_with_the_code_as_a_visitor(client, world):
    workshop = build_workshop(world)
    client.force_login(world.outsider)
    client.post(reverse("consultations:join"), {"code": workshop.group.join_code})
    participant = Participant.objects.latest("pk")
    assert participant.user is None
    wall = client.get(
        reverse("consultations:wall", args=[world.collective.slug, workshop.group.pk])
    )
    assert wall.status_code == 200


# --------------------------------------------------------------------------- meetings


def test_meeting_roles_end_with_the_membership(client, world):
    setting = build_meeting(world)
    meeting = setting.meeting
    past = build_meeting(world, days_ahead=-30, title="Séance de septembre")
    nadia = newcomer(world)
    for planned in (meeting, past.meeting):
        planned.facilitators.add(nadia)
        planned.secretary = nadia
        planned.save(update_fields=["secretary"])
    slug = world.collective.slug
    edit = reverse("meetings:edit", args=[slug, meeting.pk])
    attendance = reverse("meetings:attendance", args=[slug, past.meeting.pk])
    client.force_login(nadia)
    assert client.get(edit).status_code == 200
    assert client.get(attendance).status_code == 200

    end(world, nadia)

    meeting.refresh_from_db()
    past.meeting.refresh_from_db()
    # The meeting to come no longer names her; the one held keeps who kept its minutes.
    assert meeting.secretary is None and not meeting.facilitators.filter(pk=nadia.pk).exists()
    assert past.meeting.secretary == nadia and past.meeting.facilitators.filter(pk=nadia.pk)
    assert AuditEvent.objects.filter(
        action="meetings.meeting_updated", object_id=str(meeting.pk), after__secretary=""
    ).exists()
    refused(client, edit)
    refused(client, attendance)
    refused(client, reverse("meetings:minutes", args=[slug, past.meeting.pk]))


def test_a_former_members_invitation_link_and_mail_stop(
    client, world, django_capture_on_commit_callbacks
):
    setting = build_meeting(world)
    meeting = setting.meeting
    nadia = newcomer(world)
    invitee = Invitee.objects.create(
        meeting=meeting, user=nadia, name=str(nadia), email=nadia.email
    )
    rsvp = reverse("meetings:rsvp", args=[invitee.key])
    assert client.get(rsvp).status_code == 200

    end(world, nadia)

    assert client.get(rsvp).status_code == 404
    assert client.post(rsvp, {"rsvp": "coming"}).status_code == 404
    invitee.refresh_from_db()
    assert invitee.rsvp == "pending"
    # A guest's link (no account) still works.
    assert client.get(reverse("meetings:rsvp", args=[setting.guest.key])).status_code == 200
    mail.outbox.clear()
    meeting.invitees.update(invited_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        meetings_services.send_invitations(actor=world.coordinator, meeting=meeting)
    recipients = {message.to[0] for message in mail.outbox}
    assert nadia.email not in recipients and setting.guest.email in recipients


# --------------------------------------------------------------------------- projects


def test_a_pilot_stops_piloting_when_the_membership_ends(client, world):
    board = build_board(world)
    project = board.project
    nadia = newcomer(world)
    projects_services.update_project(
        actor=world.coordinator,
        project=project,
        base_version=project.version,
        pilots=[world.member, nadia],
    )
    archived = Project.objects.get(pk=board.other_project.pk)
    archived.pilots.add(nadia)
    archived.archived_at = timezone.now()
    archived.save(update_fields=["archived_at"])
    edit = reverse("projects:edit", args=[world.collective.slug, project.pk])
    client.force_login(nadia)
    assert client.get(edit).status_code == 200

    end(world, nadia)

    assert list(project.pilots.all()) == [world.member]
    assert archived.pilots.filter(pk=nadia.pk).exists()  # archived work keeps its history
    history = AuditEvent.objects.filter(
        action="projects.project_updated", object_id=str(project.pk)
    ).latest("pk")
    assert "Nadia Keller" in history.before["pilots"]
    assert "Nadia Keller" not in history.after["pilots"]
    refused(client, edit)
    refused(client, reverse("projects:status", args=[world.collective.slug, project.pk]))

    # Coming back later, through a new membership, does not bring the role back.
    MembershipFactory(collective=world.collective, user=nadia)
    assert not project.pilots.filter(pk=nadia.pk).exists()
    assert client.get(edit).status_code == 403


def test_a_comment_author_cannot_archive_after_leaving(client, world):
    board = build_board(world)
    nadia = newcomer(world)
    comment = projects_services.add_project_comment(
        actor=nadia, project=board.project, text="Je peux tenir l'accueil."
    )
    end(world, nadia)
    client.force_login(nadia)
    refused(
        client,
        reverse(
            "projects:comment_archive", args=[world.collective.slug, board.project.pk, comment.pk]
        ),
    )
    assert ProjectComment.objects.get(pk=comment.pk).archived_at is None


# ----------------------------------------------------------------------------- events


def test_an_organiser_stops_seeing_registrations_when_the_membership_ends(client, world):
    event = build_event(world)
    past = build_event(world, days_ahead=-20, title="Soirée d'ouverture", publish=False)
    nadia = newcomer(world)
    for one in (event, past):
        events_services.update_event(
            actor=world.coordinator,
            event=one,
            base_version=one.version,
            organisers=[world.facilitator, nadia],
        )
    page = reverse("events:event_manage", args=[world.collective.slug, event.pk])
    client.force_login(nadia)
    assert client.get(page).status_code == 200

    end(world, nadia)

    assert list(event.organisers.all()) == [world.facilitator]
    assert past.organisers.filter(pk=nadia.pk).exists()
    # The collective is public (the events are): she sees it, not its registrants.
    for name in ("event_manage", "registrations", "checkin", "sheet", "edit"):
        refused(client, reverse(f"events:{name}", args=[world.collective.slug, event.pk]))
    refused(client, reverse("events:registrations", args=[world.collective.slug, past.pk]))


# ---------------------------------------------------------------------------- actions


def test_an_action_owner_cannot_move_it_after_leaving(client, world):
    nadia = newcomer(world)
    action = actions_services.create_action(
        actor=world.coordinator,
        collective=world.collective,
        title="Réserver la salle",
        owners=[nadia],
        due_date=timezone.localdate() + timedelta(days=3),
    )
    status = reverse("actions:status", args=[world.collective.slug, action.pk])
    client.force_login(nadia)
    assert (
        client.post(status, {"status": "in_progress", "base_version": action.version}).status_code
        == 302
    )
    action.refresh_from_db()

    end(world, nadia)

    refused(client, status, {"status": "done", "base_version": action.version})
    refused(client, reverse("actions:detail", args=[world.collective.slug, action.pk]))
    assert Action.objects.get(pk=action.pk).status == "in_progress"
    assert owners_of(action) == [nadia]  # who was to do it stays


def test_ending_a_membership_releases_nothing_of_other_collectives(world):
    """Only the ended membership's collective's work is touched."""
    other_meeting = build_meeting(world).meeting
    Meeting.objects.filter(pk=other_meeting.pk).update(collective=world.other)
    MembershipFactory(collective=world.other, user=world.member)
    other_meeting.facilitators.add(world.member)
    end(world, world.member)
    assert other_meeting.facilitators.filter(pk=world.member.pk).exists()
    assert Note.objects.count() == 0
