"""The dashboard says what is coming: each section, its links, its empty state, and
that it shows only what the person's active memberships allow.

``english`` (tests/conftest.py): the private collective RTE with its coordinator,
facilitator, member and observer; the outsider belongs to PCPE. Items of a collective
the person has left, or of one they never belonged to, must never show, even when the
object still names them (past work keeps who held a role).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from maillage.collectives import services as collectives
from maillage.collectives.models import Membership, MembershipRequest, RequestStatus, Role
from maillage.consultations.models import Vote
from maillage.events import services as events
from maillage.meetings.models import Invitee, Meeting, Minutes, MinutesStatus, Rsvp
from maillage.meetings.services import when_text

from .events.setting import build_event, register
from .factories import (
    CollectiveFactory,
    ConsultationFactory,
    GroupFactory,
    MembershipFactory,
    ParticipantFactory,
    RoundFactory,
    StatementFactory,
    UserFactory,
    make_action,
)
from .meetings.setting import build_meeting

pytestmark = pytest.mark.django_db

URL = reverse("core:dashboard")


def page(client, person):
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    return response


def html(client, person):
    return page(client, person).content.decode()


def leave(world, person):
    """End the person's membership of RTE, through the service (as leaving does); they
    stay a member of PCPE, so that their dashboard is still read in full."""
    collectives.end_membership(
        actor=world.coordinator,
        membership=Membership.objects.get(user=person, collective=world.collective, end_date=None),
        reason="Départ",
    )
    if not Membership.objects.active().filter(user=person, collective=world.other).exists():
        MembershipFactory(collective=world.other, user=person)


def meeting_at(collective, person, *, days=5, title="Comité de pilotage", zone="Europe/Zurich"):
    day = timezone.localdate() + timedelta(days=days)
    starts = datetime.combine(day, time(9, 30), tzinfo=ZoneInfo(zone))
    return Meeting.objects.create(
        collective=collective,
        kind="steering",
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone=zone,
        created_by=person,
    )


def invite(meeting, person, rsvp=Rsvp.PENDING):
    return Invitee.objects.create(
        meeting=meeting, user=person, name=person.display_name, email=person.email, rsvp=rsvp
    )


# --------------------------------------------------------------------------- meetings


def test_my_next_meetings_in_their_own_time_zone_with_my_answer(client, english):
    world = english
    plenary = build_meeting(world, days_ahead=7).meeting  # the member is "represented"
    montreal = meeting_at(
        world.collective,
        world.coordinator,
        days=3,
        title="Appel avec Montréal",
        zone="America/Toronto",
    )
    past = meeting_at(world.collective, world.coordinator, days=-2, title="Séance passée")
    cancelled = meeting_at(world.collective, world.coordinator, title="Séance annulée")
    Meeting.objects.filter(pk=cancelled.pk).update(status="cancelled")
    elsewhere = meeting_at(world.other, world.outsider, title="Réunion du PCPE")

    response = page(client, world.member)
    shown = list(response.context["board"].meetings)
    assert shown == [montreal, plenary]  # the soonest first
    text = response.content.decode()
    with translation.override("en"):
        for meeting in shown:
            assert escape(when_text(meeting)) in text
    assert "(America/Toronto)" in text and "9:30 a.m." in text  # 09:30 where it takes place
    assert plenary.get_absolute_url() in text and montreal.get_absolute_url() in text
    assert "Represented" in text  # my answer to the plenary
    for hidden in (past, cancelled, elsewhere):
        assert hidden.title not in text


def test_meetings_of_a_collective_i_left_no_longer_show(client, english):
    world = english
    meeting = build_meeting(world).meeting  # the member is invited
    leave(world, world.member)
    text = html(client, world.member)
    assert meeting.title not in text and meeting.get_absolute_url() not in text


def test_no_meeting_planned_says_where_to_plan_one(client, english):
    world = english
    text = html(client, world.facilitator)
    assert "No meeting planned." in text
    assert reverse("meetings:create", args=[world.collective.slug]) in text
    # An observer cannot plan one: no link to a page that would refuse them.
    text = html(client, world.observer)
    assert "No meeting planned." in text
    assert reverse("meetings:create", args=[world.collective.slug]) not in text


def test_with_several_collectives_to_plan_in_the_link_leads_to_them(client, english):
    world = english
    MembershipFactory(collective=world.other, user=world.facilitator, role=Role.COORDINATOR)
    text = html(client, world.facilitator)
    assert "Plan one from your collective's page." in text and 'href="#my-collectives"' in text
    for collective in (world.collective, world.other):
        assert reverse("meetings:create", args=[collective.slug]) in text  # on each card


# ------------------------------------------------------------------------ invitations


def test_invitations_i_have_not_answered_with_the_answer_link(client, english):
    world = english
    pending = meeting_at(world.collective, world.coordinator, title="Assemblée de printemps")
    mine = invite(pending, world.member)
    answered = meeting_at(world.collective, world.coordinator, title="Atelier déjà répondu")
    invite(answered, world.member, rsvp=Rsvp.COMING)
    started = meeting_at(world.collective, world.coordinator, days=0, title="Séance commencée")
    Meeting.objects.filter(pk=started.pk).update(
        starts_at=timezone.now() - timedelta(minutes=30),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    invite(started, world.member)
    others = meeting_at(world.collective, world.coordinator, title="Invitation d'un autre")
    invite(others, world.observer)

    response = page(client, world.member)
    assert list(response.context["board"].invitations) == [mine]
    text = response.content.decode()
    assert "Invitations to answer" in text
    assert mine.get_rsvp_url() in text
    assert "the invitation to “Assemblée de printemps”" in text
    # The answered one is among the meetings, with its answer, not among invitations.
    assert "Coming" in text and "Not answered yet" in text
    # The rsvp link of someone else's invitation never shows.
    assert Invitee.objects.get(meeting=others).get_rsvp_url() not in text


def test_an_invitation_of_a_collective_i_left_does_not_show(client, english):
    world = english
    meeting = meeting_at(world.collective, world.coordinator, title="Assemblée de printemps")
    invitation = invite(meeting, world.member)
    leave(world, world.member)
    text = html(client, world.member)
    assert "Invitations to answer" not in text
    assert invitation.get_rsvp_url() not in text and meeting.title not in text


def test_no_invitation_section_when_nothing_waits(client, english):
    assert "Invitations to answer" not in html(client, english.member)


# ----------------------------------------------------------------------------- rounds


def delphi(world, person, *, collective=None, territory=None, answered=1, status="open", **round_):
    """An open agree round of three statements in which ``person`` takes part with their
    account and has answered ``answered`` of them."""
    consultation = ConsultationFactory(
        collective=collective or world.collective,
        created_by=world.facilitator,
        title="Delphi sur le revenu de transition",
    )
    group = GroupFactory(consultation=consultation, territory=territory)
    participant = ParticipantFactory(group=group, user=person)
    statements = [
        StatementFactory(consultation=consultation, created_by=world.facilitator) for _ in range(3)
    ]
    round_ = RoundFactory(
        consultation=consultation, kind="agree", status=status, title="Premier tour", **round_
    )
    round_.statements.set(statements)
    for statement in statements[:answered]:
        Vote.objects.create(round=round_, statement=statement, participant=participant, choice=1)
    return round_


def vote_url(round_):
    consultation = round_.consultation
    return reverse(
        "consultations:vote", args=[consultation.collective.slug, consultation.pk, round_.number]
    )


def test_a_round_open_for_my_vote_with_my_progress(client, english):
    world = english
    round_ = delphi(world, world.member, answered=1)
    response = page(client, world.member)
    assert list(response.context["board"].rounds) == [round_]
    text = response.content.decode()
    assert "Rounds open for your vote" in text
    assert vote_url(round_) in text and "1 of 3 statements answered" in text


def test_rounds_i_finished_or_cannot_vote_in_do_not_show(client, english):
    world = english
    finished = delphi(world, world.member, answered=3)
    closed = delphi(world, world.member, status="closed")
    other_group = delphi(world, world.member)
    other_group.groups.add(GroupFactory(consultation=other_group.consultation))
    someone_elses = delphi(world, world.facilitator)  # the member does not take part
    text = html(client, world.member)
    assert "Rounds open for your vote" not in text
    for round_ in (finished, closed, other_group, someone_elses):
        assert vote_url(round_) not in text


def test_a_round_of_a_collective_i_left_does_not_show(client, english):
    world = english
    round_ = delphi(world, world.member)
    leave(world, world.member)
    text = html(client, world.member)
    assert vote_url(round_) not in text and "Rounds open for your vote" not in text


def test_a_network_round_counts_through_the_territory_i_belong_to(client, english):
    """A network consultation hosted by another collective: the member takes part for
    the territory (their collective) their group stands for, while they are a member."""
    world = english
    host = CollectiveFactory(name="Réseau RTE Suisse")
    round_ = delphi(world, world.member, collective=host, territory=world.collective)
    assert vote_url(round_) in html(client, world.member)
    leave(world, world.member)
    assert vote_url(round_) not in html(client, world.member)


# ----------------------------------------------------------------------------- events


def test_events_i_organise_with_their_seats(client, english):
    world = english
    event = build_event(world, capacity=20)  # organised by the facilitator
    register(event, 1)
    register(event, 2)
    past = build_event(world, title="Table ronde passée", days_ahead=-5)
    cancelled = build_event(world, title="Table ronde annulée")
    events.cancel_event(actor=world.coordinator, event=cancelled)
    draft = build_event(world, title="Job café en préparation", publish=False, capacity=None)

    response = page(client, world.facilitator)
    assert list(response.context["board"].events) == [event, draft]  # same time: by creation
    text = response.content.decode()
    assert "Events I organise" in text
    assert reverse("events:registrations", args=[world.collective.slug, event.pk]) in text
    assert "2 of 20 seats taken" in text and "0 (no limit)" in text and "Draft" in text
    assert past.title not in text and cancelled.title not in text


def test_events_organised_by_others_do_not_show(client, english):
    world = english
    event = build_event(world)  # the facilitator organises it, not the coordinator
    text = html(client, world.coordinator)
    assert event.title not in text
    assert "You organise no coming event." in text
    assert reverse("events:create", args=[world.collective.slug]) in text


def test_events_i_organised_in_a_collective_i_left_do_not_show(client, english):
    world = english
    event = build_event(world)
    leave(world, world.facilitator)
    event.organisers.add(world.facilitator)  # past work still names them
    text = html(client, world.facilitator)
    assert event.title not in text
    assert reverse("events:registrations", args=[world.collective.slug, event.pk]) not in text


def test_no_events_section_for_those_who_cannot_organise(client, english):
    assert "Events I organise" not in html(client, english.member)


# ---------------------------------------------------------------------------- actions


def test_actions_due_overdue_first_and_only_mine(client, english):
    world = english
    soon = make_action(
        owners=[world.member],
        collective=world.collective,
        title="Envoyer l'invitation",
        due_date=timezone.localdate() + timedelta(days=3),
        created_by=world.coordinator,
    )
    late = make_action(
        owners=[world.member],
        collective=world.collective,
        title="Relancer la Ville",
        due_date=timezone.localdate() - timedelta(days=2),
        created_by=world.coordinator,
    )
    theirs = make_action(
        owners=[world.outsider],
        collective=world.other,
        title="Action du PCPE",
        created_by=world.outsider,
    )
    response = page(client, world.member)
    assert list(response.context["my_actions"]) == [late, soon]
    text = response.content.decode()
    assert late.get_absolute_url() in text and theirs.title not in text


# ------------------------------------------------------------ waiting for a coordinator


def test_requests_to_join_wait_for_the_coordinator(client, english):
    world = english
    applicant = UserFactory(display_name="Aurélie Candidate")
    pending = MembershipRequest.objects.create(collective=world.collective, user=applicant)
    MembershipRequest.objects.create(
        collective=world.collective, user=UserFactory(), status=RequestStatus.REFUSED
    )
    MembershipRequest.objects.create(
        collective=world.other, user=UserFactory(display_name="Candidat du PCPE")
    )
    response = page(client, world.coordinator)
    assert list(response.context["board"].requests) == [pending]
    text = response.content.decode()
    assert "Waiting for your answer" in text
    assert "Aurélie Candidate asks to join RTE" in text
    assert reverse("collectives:requests", args=[world.collective.slug]) in text
    assert "Candidat du PCPE" not in text
    # Not for the other roles, who cannot answer them.
    for person in (world.facilitator, world.member, world.outsider):
        text = html(client, person)
        assert "Aurélie Candidate" not in text and "Waiting for your answer" not in text


def test_a_former_coordinator_no_longer_sees_the_requests(client, english):
    world = english
    second = MembershipFactory(collective=world.collective, role=Role.COORDINATOR).user
    MembershipRequest.objects.create(
        collective=world.collective, user=UserFactory(display_name="Aurélie Candidate")
    )
    leave(world, second)
    assert "Aurélie Candidate" not in html(client, second)


def test_submitted_minutes_wait_for_approval(client, english):
    world = english
    setting = build_meeting(world, days_ahead=-3)  # its secretary is the coordinator
    Minutes.objects.filter(pk=setting.minutes.pk).update(
        status=MinutesStatus.SUBMITTED, submitted_at=timezone.now()
    )
    setting.minutes.amendments.create(
        number=1, comment="Corriger le nom de la salle.", author=world.member
    )
    minutes_url = reverse("meetings:minutes", args=[world.collective.slug, setting.meeting.pk])
    text = html(client, world.coordinator)
    assert f"Minutes of “{setting.meeting.title}” to approve" in escape_quotes(text)
    assert minutes_url in text and "1 proposed change to answer" in text
    assert minutes_url not in html(client, world.member)


def test_the_person_in_charge_of_the_minutes_sees_them_while_a_member(client, english):
    world = english
    setting = build_meeting(world, days_ahead=-3)
    Meeting.objects.filter(pk=setting.meeting.pk).update(secretary=world.member)
    Minutes.objects.filter(pk=setting.minutes.pk).update(
        status=MinutesStatus.SUBMITTED, submitted_at=timezone.now()
    )
    minutes_url = reverse("meetings:minutes", args=[world.collective.slug, setting.meeting.pk])
    assert minutes_url in html(client, world.member)
    leave(world, world.member)  # the meeting still names them
    assert minutes_url not in html(client, world.member)


def escape_quotes(text):
    return text.replace("&#x27;", "'")


def test_nothing_waiting_for_a_coordinator_says_so(client, english):
    assert "No request to join and no minutes are waiting for you." in html(
        client, english.coordinator
    )


# -------------------------------------------------------------------------- collectives


def test_my_collectives_only_the_active_ones(client, english):
    world = english
    leave(world, world.member)
    response = page(client, world.member)
    text = response.content.decode()
    assert world.other.name in text and world.collective.name not in text
    assert reverse("meetings:list", args=[world.other.slug]) in text


def test_without_any_collective_the_dashboard_says_what_to_do(client, english):
    person = UserFactory(language="en")
    text = html(client, person)
    assert "You are not a member of any collective yet." in text
    assert reverse("collectives:list") in text
    assert "My next meetings" not in text


# ---------------------------------------------------------------------------- queries


def fill(world, person, count):
    """``count`` collectives coordinated by ``person``, each with everything the
    dashboard shows: meetings and invitations, a round, events, requests, minutes."""
    for number in range(count):
        collective = CollectiveFactory(name=f"Collectif {number}")
        MembershipFactory(collective=collective, user=person, role=Role.COORDINATOR)
        for days in (2, 4):
            invite(
                meeting_at(collective, person, days=days, title=f"Réunion {number}-{days}"), person
            )
        past = meeting_at(collective, person, days=-3, title=f"Passée {number}")
        Minutes.objects.create(
            meeting=past, status=MinutesStatus.SUBMITTED, submitted_at=timezone.now()
        )
        MembershipRequest.objects.create(collective=collective, user=UserFactory())
        delphi(world, person, collective=collective)
        for days in (5, 6):
            event = events.create_event(
                actor=person,
                collective=collective,
                organisers=[person],
                capacity=10,
                title=f"Événement {number}-{days}",
                kind="round_table",
                starts_at=timezone.now() + timedelta(days=days),
                ends_at=timezone.now() + timedelta(days=days, hours=2),
            )
            events.publish_event(actor=person, event=event)
            register(event, number * 10 + days)
        make_action(
            owners=[person], collective=collective, title=f"Action {number}", created_by=person
        )


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response.context["board"]


def test_the_dashboard_costs_the_same_queries_whatever_the_number_of_items(
    client, english, django_assert_max_num_queries
):
    world = english
    person = world.coordinator
    fill(world, person, 1)
    client.force_login(person)
    client.get(URL)
    small, board = dashboard_queries(client)
    assert board.meetings and board.invitations and board.rounds and board.events
    assert board.requests and board.minutes and board.my_actions

    fill(world, person, 5)
    with django_assert_max_num_queries(small):
        large, board = dashboard_queries(client)
    assert len(board.memberships) == 7 and len(board.rounds) == 6 and len(board.minutes) == 6
    assert board.more_meetings and board.more_events
    assert large == small
