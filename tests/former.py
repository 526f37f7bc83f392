"""The "ended membership" persona of the permission matrix.

``former`` was the collective's coordinator; their membership has ended. Like the
outsider, they are a member of ``other``. ``grant_every_role`` then names them in every
role an object of the collective can give (a group's facilitator, a participant by
account, a meeting's facilitator, secretary and invited member, a project's pilot, an
event's organiser, an action's owner, a comment's author, a referral's sender, a
recruitment operation's manager): the worst case, roles still recorded after the
membership ended, as past work keeps them.
They must get exactly what the outsider gets, and change nothing.
"""

from django.apps import apps

from maillage.actions.models import Action, ActionComment, ActionOwner
from maillage.collectives import services
from maillage.collectives.models import Membership, Role
from maillage.consultations.models import Group, Participant
from maillage.employment.models_operations import Operation
from maillage.events.models import Event
from maillage.fund.models import Foundation, GrantCall
from maillage.meetings.models import Invitee, Meeting
from maillage.orientation.models import Referral
from maillage.projects.models import Project, ProjectComment

from .factories import MembershipFactory

# Every object-level role of maillage.collectives.rules.OBJECT_ROLES that
# grant_every_role gives (tests/test_ended_memberships.py checks none is missing).
GRANTED = {
    "facilitates_group",
    "takes_part",
    "facilitates_meeting",
    "keeps_minutes",
    "answers_invitation",
    "pilots_project",
    "organises_event",
    "owns_action",
    "writes_comment",
    "sends_referral",
    "manages_operation",
    "fund_treasurer",
    "fund_committee",
}


def add_former(world):
    former = MembershipFactory(
        collective=world.collective,
        role=Role.COORDINATOR,
        user__display_name="Ancienne coordinatrice RTE",
    ).user
    MembershipFactory(collective=world.other, user=former)
    services.end_membership(
        actor=world.coordinator,
        membership=Membership.objects.get(user=former, collective=world.collective),
        reason="Départ",
    )
    world.former = former
    return world


def grant_every_role(world, person):
    collective = world.collective
    for group in Group.objects.filter(consultation__collective=collective):
        group.facilitators.add(person)
    participant = (
        Participant.objects.filter(consultation__collective=collective, user=None)
        .order_by("pk")
        .first()
    )
    if participant is not None:
        participant.user = person
        participant.save(update_fields=["user"])
    for meeting in Meeting.objects.filter(collective=collective):
        meeting.facilitators.add(person)
        meeting.secretary = person
        meeting.save(update_fields=["secretary"])
        Invitee.objects.get_or_create(
            meeting=meeting, user=person, defaults={"name": str(person), "email": person.email}
        )
    for project in Project.objects.filter(collective=collective):
        project.pilots.add(person)
    for event in Event.objects.filter(collective=collective):
        event.organisers.add(person)
    for action in Action.objects.filter(collective=collective):
        ActionOwner.objects.get_or_create(action=action, user=person)
    ActionComment.objects.filter(action__collective=collective).update(author=person)
    ProjectComment.objects.filter(project__collective=collective).update(author=person)
    Referral.objects.filter(offer__structure__collective=collective).update(sender=person)
    for operation in Operation.objects.filter(collective=collective):
        operation.managers.add(person)
    for foundation in Foundation.objects.filter(collective=collective):
        foundation.treasurers.add(person)
    for call in GrantCall.objects.filter(foundation__collective=collective):
        call.committee.add(person)


# Tables a refused request could change. Sessions and login records change when the
# test client logs in, before the request.
SKIPPED_APPS = {"sessions", "contenttypes", "auth", "axes", "admin"}


def snapshot():
    """Every row of every table the project owns, to compare before and after."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label not in SKIPPED_APPS and not model._meta.proxy
    }
