"""The meetings' services on the shared mechanics of core: every change recorded under the
meeting's collective (``log_action`` finding it, or told it), the version checks of
``lock_at_version`` with each change's own message, one-line texts through
``clean_line``; and the lifecycle properties the pages read instead of status strings."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import ConflictError, DomainError
from maillage.meetings import services
from maillage.meetings.models import (
    AgendaItem,
    AmendmentTarget,
    Attendance,
    ItemStatus,
    Meeting,
    Minutes,
    Rsvp,
)

pytestmark = pytest.mark.django_db


def _to_past(setting):
    starts = timezone.now() - timedelta(days=2)
    Meeting.objects.filter(pk=setting.meeting.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    setting.meeting.refresh_from_db()


def test_every_change_of_a_meeting_is_recorded_under_its_collective(setting, world):
    """From the plan to the approved minutes, amendments on an item, on a decision and on
    the minutes in general included: no entry of the log loses the collective."""
    coordinator, meeting = world.coordinator, setting.meeting
    item = services.add_item(actor=coordinator, meeting=meeting, title="Budget")
    proposal = services.add_item(actor=world.member, meeting=meeting, title="Locaux", proposal=True)
    services.decide_item(actor=coordinator, item=proposal, keep=False)
    services.move_item(actor=coordinator, item=item, direction=-1)
    services.comment_item(actor=world.member, item=item, body="Chiffres à jour ?")
    services.update_item(
        actor=coordinator, item=item, base_version=item.version, title="Budget 2027"
    )
    guest = services.invite_guest(actor=coordinator, meeting=meeting, name="Paul Hôte")
    services.answer(invitee=setting.invitees["facilitator"], rsvp=Rsvp.EXCUSED)
    services.update_meeting(
        actor=coordinator, meeting=meeting, base_version=meeting.version, title="Plénière"
    )
    services.remove_invitee(actor=coordinator, invitee=guest)
    _to_past(setting)
    meeting = setting.meeting
    services.record_attendance(
        actor=coordinator,
        meeting=meeting,
        marks={setting.invitees["coordinator"].pk: Attendance.PRESENT},
    )
    services.add_decision(actor=coordinator, meeting=meeting, text="Budget adopté.")
    services.update_decision(
        actor=coordinator, decision=setting.decision, text="Charte adoptée.", status="adopted"
    )
    services.add_announcement(actor=world.member, meeting=meeting, title="Forum")
    services.set_next_steps(actor=coordinator, meeting=meeting, next_steps="Suite", annexes="")
    services.submit_minutes(actor=coordinator, meeting=meeting)
    amendments = [
        services.propose_amendment(actor=world.member, meeting=meeting, comment="Merci."),
        services.propose_amendment(
            actor=world.member,
            meeting=meeting,
            target=AmendmentTarget.ITEM,
            item=setting.items[0],
            proposed_text="Chacun se présente.",
        ),
        services.propose_amendment(
            actor=world.member,
            meeting=meeting,
            target=AmendmentTarget.DECISION,
            decision=setting.decision,
            proposed_text="La charte est adoptée à l'unanimité.",
        ),
    ]
    for amendment in amendments:
        services.decide_amendment(actor=coordinator, amendment=amendment, accept=True)
    services.approve_minutes(actor=coordinator, meeting=meeting)
    services.start_new_version(actor=coordinator, meeting=meeting)
    services.create_next_meeting(
        actor=coordinator,
        meeting=meeting,
        starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=30, hours=2),
    )

    events = AuditEvent.objects.filter(action__startswith="meetings.")
    recorded = set(events.values_list("action", flat=True))
    assert {
        "meetings.amendment_proposed",
        "meetings.amendment_decided",
        "meetings.item_commented",
        "meetings.invitee_removed",
        "meetings.next_meeting_created",
        "meetings.minutes_reopened",
    } <= recorded
    assert not events.exclude(collective=world.collective).exists()


@translation.override("en")
def test_a_stale_version_is_refused_with_each_changes_own_message(setting, world):
    meeting, item = setting.meeting, setting.items[0]
    with pytest.raises(ConflictError, match="Someone changed this meeting"):
        services.update_meeting(
            actor=world.coordinator,
            meeting=meeting,
            base_version=meeting.version + 1,
            title="Autre titre",
        )
    with pytest.raises(ConflictError, match="Someone changed this item"):
        services.update_item(
            actor=world.coordinator, item=item, base_version=item.version + 1, title="Autre"
        )
    _to_past(setting)
    with pytest.raises(ConflictError, match="Someone else saved these notes"):
        services.save_item_notes(
            actor=world.coordinator, item=item, base_version=item.version + 1, notes="Autre"
        )
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.title != "Autre titre"
    assert item.title == "Tour de table"


def test_a_title_of_spaces_is_refused_on_its_field(setting, world):
    with pytest.raises(DomainError) as refused:
        services.add_announcement(actor=world.member, meeting=setting.meeting, title=" \u00a0 ")
    assert refused.value.field == "title"
    with pytest.raises(DomainError) as refused:
        services.invite_guest(actor=world.coordinator, meeting=setting.meeting, name="\n")
    assert refused.value.field == "name"


def test_lifecycle_properties(setting, world):
    minutes = Minutes.objects.get(meeting=setting.meeting)
    assert (minutes.is_draft, minutes.is_submitted, minutes.is_approved) == (True, False, False)
    _to_past(setting)
    services.submit_minutes(actor=world.coordinator, meeting=setting.meeting)
    minutes.refresh_from_db()
    assert (minutes.is_draft, minutes.is_submitted, minutes.is_frozen) == (False, True, False)
    amendment = services.propose_amendment(
        actor=world.member, meeting=setting.meeting, comment="Une faute."
    )
    assert amendment.is_pending and not amendment.is_refused
    amendment = services.decide_amendment(
        actor=world.coordinator, amendment=amendment, accept=False, reason="Déjà corrigé."
    )
    assert amendment.is_refused and not amendment.is_pending
    services.approve_minutes(actor=world.coordinator, meeting=setting.meeting)
    minutes.refresh_from_db()
    assert minutes.is_approved and minutes.is_frozen

    item = AgendaItem(status=ItemStatus.PROPOSED)
    assert (item.is_proposed, item.is_on_agenda, item.is_declined) == (True, False, False)
    item.status = ItemStatus.DECLINED
    assert item.is_declined and not item.is_on_agenda
    member, observer = setting.invitees["member"], setting.invitees["observer"]
    assert member.has_answered and member.is_represented
    assert observer.has_answered and not observer.is_represented
    observer.rsvp = Rsvp.PENDING
    assert not observer.has_answered
