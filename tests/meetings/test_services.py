"""The meeting services as the pages use them: refusals with their message, e-mails
with their calendar files, the next meeting, walk-ins."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from maillage.actions.models import Action
from maillage.actions.services import create_action
from maillage.collectives.models import Membership
from maillage.core.errors import ConflictError, DomainError
from maillage.meetings import services
from maillage.meetings.models import (
    Attendance,
    Invitee,
    Meeting,
    MeetingKind,
    Minutes,
    MinutesStatus,
    Rsvp,
)

from .setting import GENEVA, build_meeting


@pytest.fixture(autouse=True)
def _in_english():
    """Services answer in the current language; these tests read the English source."""
    with translation.override("en"):
        yield


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    """E-mails leave when the transaction commits: run those callbacks."""
    return django_capture_on_commit_callbacks


def _in_days(days, hour=14):
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(hour), GENEVA)


def _plan(world, **fields):
    starts = fields.pop("starts_at", _in_days(10))
    return services.create_meeting(
        actor=world.coordinator,
        collective=world.collective,
        facilitators=[world.facilitator],
        secretary=world.coordinator,
        kind=MeetingKind.WORKING_GROUP,
        title=fields.pop("title", "Groupe de travail emploi"),
        starts_at=starts,
        ends_at=fields.pop("ends_at", starts + timedelta(hours=2)),
        time_zone="Europe/Zurich",
        place="Maison des associations",
        **fields,
    )


def _ics(message):
    """The text of the message's calendar attachment."""
    calendars = [a for a in message.attachments if a[2].startswith("text/calendar")]
    assert len(calendars) == 1, message.attachments
    content = calendars[0][1]
    return content.decode() if isinstance(content, bytes) else content


# ------------------------------------------------------------------------ the meeting


def test_create_meeting_puts_the_active_members_on_the_list(world, mails):
    with mails(execute=True):
        meeting = _plan(world)
    invited = set(meeting.invitees.values_list("user_id", flat=True))
    assert invited == {
        world.coordinator.pk,
        world.facilitator.pk,
        world.member.pk,
        world.observer.pk,
    }
    assert list(meeting.facilitators.all()) == [world.facilitator]
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.DRAFT
    assert mail.outbox == []  # nobody is e-mailed before the invitations are sent


def test_create_meeting_refuses_an_end_before_the_start(world):
    starts = _in_days(10)
    with pytest.raises(DomainError) as error:
        _plan(world, starts_at=starts, ends_at=starts - timedelta(hours=1))
    assert error.value.field == "ends_at"
    assert "end after it starts" in error.value.message
    assert not Meeting.objects.exists()


def test_create_meeting_refuses_a_facilitator_outside_the_collective(world):
    with pytest.raises(DomainError) as error:
        services.create_meeting(
            actor=world.coordinator,
            collective=world.collective,
            facilitators=[world.outsider],
            kind=MeetingKind.PLENARY,
            title="Plénière",
            starts_at=_in_days(3),
            ends_at=_in_days(3, hour=16),
            time_zone="Europe/Zurich",
        )
    assert error.value.field == "facilitators"
    assert not Meeting.objects.exists()


def test_update_meeting_refuses_a_stale_version(world):
    meeting = _plan(world)
    services.update_meeting(
        actor=world.facilitator, meeting=meeting, base_version=1, title="Nouveau titre"
    )
    with pytest.raises(ConflictError):
        services.update_meeting(
            actor=world.coordinator, meeting=meeting, base_version=1, title="Autre titre"
        )
    meeting.refresh_from_db()
    assert (meeting.title, meeting.version) == ("Nouveau titre", 2)


def test_update_meeting_refuses_when_the_minutes_are_approved(setting, world):
    Minutes.objects.filter(pk=setting.minutes.pk).update(status=MinutesStatus.APPROVED)
    meeting = setting.meeting
    with pytest.raises(DomainError) as error:
        services.update_meeting(
            actor=world.coordinator,
            meeting=meeting,
            base_version=meeting.version,
            title="Changé après approbation",
        )
    assert error.value.code == "frozen"
    assert "frozen" in error.value.message
    meeting.refresh_from_db()
    assert meeting.title != "Changé après approbation"


# ------------------------------------------------------------------------ invitations


def test_send_invitations_mails_each_invitee_a_calendar_request(setting, world, mails):
    meeting = setting.meeting
    with mails(execute=True):
        sent = services.send_invitations(actor=world.coordinator, meeting=meeting)
    recipients = set(meeting.invitees.exclude(email="").values_list("email", flat=True))
    assert sent == len(recipients) == 5
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(recipients)
    for message in mail.outbox:
        ics = _ics(message)
        assert "METHOD:REQUEST" in ics
        assert meeting.ical_uid in ics
    assert not meeting.invitees.filter(invited_at=None).exists()
    meeting.refresh_from_db()
    assert meeting.invitations_sent_at is not None
    # Nobody gets it twice.
    with pytest.raises(DomainError), mails(execute=True):
        services.send_invitations(actor=world.coordinator, meeting=meeting)
    assert len(mail.outbox) == 5


def test_invitations_are_refused_for_a_meeting_in_the_past(world):
    setting = build_meeting(world, days_ahead=-2)
    with pytest.raises(DomainError) as error:
        services.send_invitations(actor=world.coordinator, meeting=setting.meeting)
    assert "in the past" in error.value.message
    assert mail.outbox == []


def test_moving_an_invited_meeting_sends_an_update_with_a_higher_sequence(setting, world, mails):
    meeting = setting.meeting
    with mails(execute=True):
        services.send_invitations(actor=world.coordinator, meeting=meeting)
    mail.outbox.clear()
    meeting.refresh_from_db()
    sequence = meeting.sequence
    with mails(execute=True):
        services.update_meeting(
            actor=world.coordinator,
            meeting=meeting,
            base_version=meeting.version,
            starts_at=meeting.starts_at + timedelta(hours=1),
            ends_at=meeting.ends_at + timedelta(hours=1),
        )
    meeting.refresh_from_db()
    assert meeting.sequence == sequence + 1
    assert len(mail.outbox) == 5
    for message in mail.outbox:
        ics = _ics(message)
        assert "METHOD:REQUEST" in ics
        assert f"SEQUENCE:{meeting.sequence}" in ics


def test_changing_only_the_purpose_sends_nothing(setting, world, mails):
    meeting = setting.meeting
    with mails(execute=True):
        services.send_invitations(actor=world.coordinator, meeting=meeting)
    mail.outbox.clear()
    meeting.refresh_from_db()
    with mails(execute=True):
        services.update_meeting(
            actor=world.coordinator,
            meeting=meeting,
            base_version=meeting.version,
            purpose="Un autre but",
        )
    meeting.refresh_from_db()
    assert meeting.purpose == "Un autre but"
    assert mail.outbox == []


def test_cancelling_sends_the_calendar_cancellation(setting, world, mails):
    meeting = setting.meeting
    with mails(execute=True):
        services.send_invitations(actor=world.coordinator, meeting=meeting)
    mail.outbox.clear()
    with mails(execute=True):
        services.cancel_meeting(actor=world.facilitator, meeting=meeting, reason="Salle fermée")
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancel_reason == "Salle fermée"
    assert len(mail.outbox) == 5
    assert all("METHOD:CANCEL" in _ics(message) for message in mail.outbox)


def test_a_meeting_that_has_started_cannot_be_cancelled(world):
    setting = build_meeting(world, days_ahead=0)
    started = timezone.now() - timedelta(minutes=10)
    Meeting.objects.filter(pk=setting.meeting.pk).update(
        starts_at=started, ends_at=started + timedelta(hours=2)
    )
    setting.meeting.refresh_from_db()
    with pytest.raises(DomainError) as error:
        services.cancel_meeting(actor=world.facilitator, meeting=setting.meeting, reason="Non")
    assert error.value.code == "started"
    setting.meeting.refresh_from_db()
    assert not setting.meeting.is_cancelled


def test_an_answer_after_the_start_is_refused(world):
    setting = build_meeting(world, days_ahead=-1)
    invitee = setting.invitees["observer"]
    with pytest.raises(DomainError) as error:
        services.answer(invitee=invitee, rsvp=Rsvp.COMING)
    assert "answers are closed" in error.value.message
    invitee.refresh_from_db()
    assert invitee.rsvp == Rsvp.EXCUSED


def test_answering_represented_needs_a_name(setting):
    invitee = setting.invitees["observer"]
    with pytest.raises(DomainError) as error:
        services.answer(invitee=invitee, rsvp=Rsvp.REPRESENTED)
    assert error.value.field == "represented_by"
    services.answer(invitee=invitee, rsvp=Rsvp.REPRESENTED, represented_by="  Jean   Dupont ")
    invitee.refresh_from_db()
    assert (invitee.rsvp, invitee.represented_by) == (Rsvp.REPRESENTED, "Jean Dupont")


# ------------------------------------------------------------- actions and the minutes


def test_an_action_owner_outside_the_collective_is_refused(setting, world):
    with pytest.raises(DomainError) as error:
        create_action(
            actor=world.coordinator,
            collective=world.collective,
            title="Réserver la salle",
            owners=[world.outsider],
            meeting=setting.meeting,
        )
    assert error.value.field == "owners"
    assert not Action.objects.filter(title="Réserver la salle").exists()


def test_nothing_of_approved_minutes_can_change(setting, world):
    Minutes.objects.filter(pk=setting.minutes.pk).update(status=MinutesStatus.APPROVED)
    meeting = setting.meeting
    attempts = [
        lambda: services.add_decision(actor=world.coordinator, meeting=meeting, text="Encore"),
        lambda: services.update_item(
            actor=world.coordinator,
            item=setting.items[0],
            base_version=setting.items[0].version,
            notes="Réécrit",
        ),
        lambda: services.add_item(actor=world.coordinator, meeting=meeting, title="Ajout"),
        lambda: create_action(
            actor=world.coordinator,
            collective=world.collective,
            title="Trop tard",
            owners=[world.member],
            meeting=meeting,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as error:
            attempt()
        assert error.value.code == "frozen"
    assert meeting.decisions.count() == 1
    assert not Action.objects.filter(title="Trop tard").exists()


def test_notes_written_by_two_people_do_not_overwrite_each_other(setting, world):
    item = setting.items[0]
    services.update_item(
        actor=world.coordinator, item=item, base_version=item.version, notes="Première"
    )
    with pytest.raises(ConflictError):
        services.update_item(
            actor=world.facilitator, item=item, base_version=item.version, notes="Seconde"
        )
    item.refresh_from_db()
    assert item.notes == "Première"


def test_notes_typed_during_the_meeting_keep_their_version(setting, world):
    item = setting.items[0]
    saved = services.save_item_notes(
        actor=world.coordinator, item=item, base_version=item.version, notes=" Première "
    )
    assert (saved.notes, saved.version) == ("Première", item.version + 1)
    with pytest.raises(ConflictError):
        services.save_item_notes(
            actor=world.coordinator, item=item, base_version=item.version, notes="Seconde"
        )
    item.refresh_from_db()
    assert item.notes == "Première"


def test_notes_are_refused_on_a_cancelled_meeting_and_a_proposed_item(setting, world):
    from maillage.meetings.models import AgendaItem, ItemStatus, MeetingStatus

    item = setting.items[0]
    AgendaItem.objects.filter(pk=item.pk).update(status=ItemStatus.PROPOSED)
    with pytest.raises(DomainError, match="not on the agenda"):
        services.save_item_notes(actor=world.coordinator, item=item, base_version=1, notes="x")
    Meeting.objects.filter(pk=setting.meeting.pk).update(status=MeetingStatus.CANCELLED)
    with pytest.raises(DomainError, match="cancelled"):
        services.save_item_notes(actor=world.coordinator, item=item, base_version=1, notes="x")


# ----------------------------------------------------------------- the next meeting


def test_the_next_meeting_copies_the_people_and_links_the_previous(setting, world):
    meeting = setting.meeting
    starts = meeting.starts_at + timedelta(days=28)
    following = services.create_next_meeting(
        actor=world.facilitator, meeting=meeting, starts_at=starts, ends_at=starts + timedelta(2)
    )
    assert following.previous == meeting
    assert (following.kind, following.title, following.place) == (
        meeting.kind,
        meeting.title,
        meeting.place,
    )
    assert following.secretary == world.coordinator
    assert list(following.facilitators.all()) == [world.facilitator]
    members = set(following.invitees.exclude(user=None).values_list("user_id", flat=True))
    assert members == {
        world.coordinator.pk,
        world.facilitator.pk,
        world.member.pk,
        world.observer.pk,
    }
    guests = list(following.invitees.filter(user=None).values_list("name", "email"))
    assert guests == [("Léa Invitée", "lea.invitee@example.org")]
    # Answers are not carried over: everyone is asked again.
    assert set(following.invitees.values_list("rsvp", flat=True)) == {Rsvp.PENDING}


def test_the_next_meeting_must_come_after(setting, world):
    meeting = setting.meeting
    with pytest.raises(DomainError) as error:
        services.create_next_meeting(
            actor=world.facilitator,
            meeting=meeting,
            starts_at=meeting.starts_at - timedelta(days=1),
            ends_at=meeting.starts_at,
        )
    assert error.value.field == "starts_at"
    assert not meeting.following.exists()


def test_a_former_member_is_not_copied_to_the_next_meeting(setting, world):
    Membership.objects.filter(user=world.member, collective=world.collective).update(
        end_date=timezone.localdate()
    )
    meeting = setting.meeting
    starts = meeting.starts_at + timedelta(days=14)
    following = services.create_next_meeting(
        actor=world.facilitator, meeting=meeting, starts_at=starts, ends_at=starts + timedelta(1)
    )
    assert not following.invitees.filter(user=world.member).exists()


# ------------------------------------------------------------------------- attendance


def test_a_walk_in_is_added_and_marked_present_on_the_day(world):
    setting = build_meeting(world, days_ahead=0)
    invitee, already = services.add_walk_in(
        actor=world.coordinator,
        meeting=setting.meeting,
        name="Arrivée  Imprévue",
        organisation_name="Caritas",
    )
    assert not already
    invitee.refresh_from_db()
    assert (invitee.name, invitee.attendance, invitee.organisation_label) == (
        "Arrivée Imprévue",
        Attendance.PRESENT,
        "Caritas",
    )


def test_a_walk_in_before_the_day_leaves_nothing_behind(setting, world):
    with pytest.raises(DomainError) as error:
        services.add_walk_in(actor=world.coordinator, meeting=setting.meeting, name="Trop tôt")
    assert "on the day" in error.value.message
    assert not Invitee.objects.filter(name="Trop tôt").exists()


def test_attendance_is_recorded_only_for_people_on_the_list(world):
    setting = build_meeting(world, days_ahead=-1)
    other = build_meeting(world, days_ahead=-1, title="Autre")
    meeting = setting.meeting
    changed = services.record_attendance(
        actor=world.coordinator,
        meeting=meeting,
        marks={setting.guest.pk: Attendance.ABSENT, setting.invitees["member"].pk: "present"},
    )
    assert changed == 2
    setting.guest.refresh_from_db()
    assert setting.guest.attendance == Attendance.ABSENT
    with pytest.raises(DomainError):
        services.record_attendance(
            actor=world.coordinator, meeting=meeting, marks={other.guest.pk: "present"}
        )
