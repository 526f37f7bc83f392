"""The meetings app's part of "my data" and of an erasure (maillage/meetings/privacy.py)."""

import json

import pytest

from maillage.core.personal import Person, deleted_name
from maillage.meetings import privacy, services
from maillage.meetings.models import Invitee, ItemComment, Meeting
from maillage.meetings.models_minutes import Amendment, CalendarFeed, MinutesVersion

from ..meetings.setting import build_meeting
from ..meetings.test_minutes import move_to_past
from .app_texts import texts_holding

pytestmark = pytest.mark.django_db

NAME = "Camille Rochat"
GUEST_EMAIL = "lea.invitee@example.org"


@pytest.fixture
def setting(world):
    """A meeting where the member (renamed) was represented, put an item forward,
    commented, proposed an amendment to the minutes that were then approved (they name
    everyone); calendar addresses; the guest Léa also invited by the other collective."""
    world.member.display_name = NAME
    world.member.save(update_fields=["display_name"])
    setting = build_meeting(world)
    meeting = setting.meeting
    services.comment_item(actor=world.member, item=setting.items[1], body="Je prépare un texte.")
    services.comment_item(
        actor=world.coordinator, item=setting.items[1], body=f"Merci {NAME} ({world.member.email})"
    )
    move_to_past(setting)
    services.submit_minutes(actor=world.coordinator, meeting=meeting)
    amendment = services.propose_amendment(
        actor=world.member, meeting=meeting, comment="Une coquille."
    )
    services.decide_amendment(
        actor=world.coordinator, amendment=amendment, accept=False, reason=f"Vu avec {NAME}."
    )
    services.approve_minutes(actor=world.coordinator, meeting=meeting)
    services.calendar_feed(user=world.member, collective=world.collective)
    services.calendar_feed(user=world.member)
    elsewhere = Meeting.objects.create(
        collective=world.other,
        kind=meeting.kind,
        title="Comité du pôle",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        created_by=world.outsider,
    )
    Invitee.objects.create(meeting=elsewhere, name="Léa Invitée", email=GUEST_EMAIL)
    return setting


def test_the_export_holds_the_invitations_comments_amendments_and_feeds(world, setting):
    data = privacy.export(Person(user=world.member))
    assert json.loads(json.dumps(data)) == data  # JSON-ready
    [invitation] = data["invitations"]
    assert invitation["meeting"] == setting.meeting.title
    assert invitation["collective"] == world.collective.name
    assert invitation["answer"] == "represented"
    assert invitation["represented_by"] == "Jeanne Martin, aussi membre du comité"
    assert data["agenda_items_put_forward"][0]["item"] == "Notre raison d'être"
    assert [c["comment"] for c in data["comments"]] == ["Je prépare un texte."]
    assert [a["comment"] for a in data["amendments"]] == ["Une coquille."]
    assert [f["collective"] for f in data["calendar_feeds"]] == [world.collective.name, None]
    # A guest is found by address, in the collectives answered for only.
    guest = privacy.export(Person(email=GUEST_EMAIL, collectives=frozenset({world.other.pk})))
    assert [i["meeting"] for i in guest["invitations"]] == ["Comité du pôle"]
    # The coordinator's part is theirs.
    coordinator = privacy.export(Person(user=world.coordinator))
    assert coordinator["meetings"][0]["your_part"] == ["secretary", "created"]
    assert [c["comment"] for c in coordinator["comments"]] == [
        f"Merci {NAME} ({world.member.email})"
    ]


def test_erase_keeps_attendance_and_work_and_leaves_no_name_or_address(world, setting):
    version = MinutesVersion.objects.get()
    assert NAME in str(version.content)  # the approved minutes name the people
    invitee = setting.invitees["member"]
    old_key = invitee.key

    counts = privacy.erase(Person(user=world.member))

    assert counts["invitations"] == 1 and counts["calendar_feeds"] == 2
    assert texts_holding("meetings", NAME, world.member.email) == []
    invitee.refresh_from_db()
    assert invitee.name == deleted_name() and invitee.email == "" and invitee.key != old_key
    assert invitee.user == world.member and invitee.rsvp == "represented"
    assert not CalendarFeed.objects.exists()
    # The group's work stays, by the (soon anonymous) account.
    assert ItemComment.objects.filter(author=world.member).count() == 1
    assert ItemComment.objects.count() == 2
    assert Amendment.objects.filter(author=world.member).count() == 1
    assert deleted_name() in str(MinutesVersion.objects.get().content)
    assert Invitee.objects.count() == 6


def test_a_guest_erased_for_one_collective_stays_in_the_others(world, setting):
    counts = privacy.erase(Person(email=GUEST_EMAIL, collectives=frozenset({world.collective.pk})))

    assert counts["invitations"] == 1
    setting.guest.refresh_from_db()
    assert setting.guest.name == deleted_name() and setting.guest.email == ""
    elsewhere = Invitee.objects.get(meeting__collective=world.other)
    assert (elsewhere.name, elsewhere.email) == ("Léa Invitée", GUEST_EMAIL)
    assert "Léa Invitée" not in str(MinutesVersion.objects.get().content)
    # Another person's invitation is untouched.
    assert setting.invitees["member"].name == NAME
    assert Invitee.objects.get(pk=setting.invitees["member"].pk).name == NAME
