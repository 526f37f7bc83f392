"""A meeting with everything minutes hold, built straight in the database so that
documents, calendars and views can be tested without going through every service.

Built on ``world`` (tests/conftest.py): the private collective "Revenu de transition
écologique", its coordinator (in charge of the minutes), facilitator, member (of the
Hospice général) and observer.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from maillage.collectives.models import Organisation, OrganisationKind
from maillage.meetings.models import (
    AgendaItem,
    Announcement,
    Attendance,
    Decision,
    DecisionStatus,
    Invitee,
    Meeting,
    MeetingKind,
    Minutes,
    Rsvp,
)

from ..factories import make_action

GENEVA = ZoneInfo("Europe/Zurich")


@dataclass
class Setting:
    meeting: object
    minutes: object
    items: list
    decision: object
    action: object
    guest: object
    invitees: dict


def build_meeting(world, *, days_ahead=7, **fields):
    """A plenary session of the world's collective, ``days_ahead`` days from now, 14:00–17:00
    in Geneva, with four invited members, a guest from the Ville de Genève, two agenda items,
    one decision, one action and one announcement."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    starts = datetime.combine(day, time(14, 0), tzinfo=GENEVA)
    meeting = Meeting.objects.create(
        collective=world.collective,
        kind=fields.pop("kind", MeetingKind.PLENARY),
        title=fields.pop("title", "Séance plénière : faire connaissance et notre raison d'être"),
        purpose="Faire connaissance et préciser la raison d'être du groupe de travail.",
        objectives="Se présenter\nDéfinir notre raison d'être\nChoisir les prochains chantiers",
        format="Tour de table en plénière, puis ateliers en petits groupes.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        time_zone="Europe/Zurich",
        place="Maison des associations",
        address="Rue des Savoises 15\n1205 Genève",
        room="Salle Gandhi",
        access="Tram 12 et 15, arrêt Plainpalais",
        secretary=world.coordinator,
        created_by=world.coordinator,
        **fields,
    )
    meeting.facilitators.add(world.facilitator)
    minutes = Minutes.objects.create(meeting=meeting)
    invitees = {}
    for persona, rsvp in (
        ("coordinator", Rsvp.COMING),
        ("facilitator", Rsvp.COMING),
        ("member", Rsvp.REPRESENTED),
        ("observer", Rsvp.EXCUSED),
    ):
        user = getattr(world, persona)
        invitees[persona] = Invitee.objects.create(
            meeting=meeting,
            user=user,
            name=user.display_name,
            email=user.email,
            organisation=world.organisation if persona == "member" else None,
            rsvp=rsvp,
            represented_by="Jeanne Martin, aussi membre du comité" if persona == "member" else "",
        )
    ville, _ = Organisation.objects.get_or_create(
        slug="ville-de-geneve",
        defaults={"name": "Ville de Genève", "kind": OrganisationKind.PUBLIC_BODY},
    )
    guest = Invitee.objects.create(
        meeting=meeting,
        name="Léa Invitée",
        email="lea.invitee@example.org",
        organisation=ville,
        rsvp=Rsvp.COMING,
    )
    items = [
        AgendaItem.objects.create(
            meeting=meeting,
            position=1,
            title="Tour de table",
            theme="Faire connaissance",
            presenter="Coordination",
            starts_at=time(14, 0),
            ends_at=time(14, 45),
            notes="Chaque organisation présente ses attentes envers le revenu de transition.",
        ),
        AgendaItem.objects.create(
            meeting=meeting,
            position=2,
            title="Notre raison d'être",
            theme="Gouvernance",
            proposed_by=world.member,
            starts_at=time(15, 0),
            ends_at=time(16, 30),
            notes="Ateliers en petits groupes, puis mise en commun.",
        ),
    ]
    decision = Decision.objects.create(
        meeting=meeting,
        item=items[1],
        text="Le groupe adopte le principe d'une charte commune.",
        status=DecisionStatus.ADOPTED,
        created_by=world.coordinator,
    )
    action = make_action(
        collective=world.collective,
        title="Rédiger un projet de charte",
        owners=[world.member],
        due_date=date.today() + timedelta(days=30),
        meeting=meeting,
        decision=decision,
        created_by=world.coordinator,
    )
    Announcement.objects.create(
        meeting=meeting,
        title="Forum de l'économie sociale et solidaire",
        body="Stand commun possible.",
        date=day + timedelta(days=20),
        shared_by=world.facilitator,
    )
    return Setting(
        meeting=meeting,
        minutes=minutes,
        items=items,
        decision=decision,
        action=action,
        guest=guest,
        invitees=invitees,
    )


def record_attendance(setting):
    """As it was on the day: the coordinator, facilitator and guest came, the member was
    represented, the observer excused."""
    marks = {
        "coordinator": Attendance.PRESENT,
        "facilitator": Attendance.PRESENT,
        "member": Attendance.REPRESENTED,
        "observer": Attendance.EXCUSED,
    }
    for persona, mark in marks.items():
        Invitee.objects.filter(pk=setting.invitees[persona].pk).update(attendance=mark)
    Invitee.objects.filter(pk=setting.guest.pk).update(attendance=Attendance.PRESENT)
