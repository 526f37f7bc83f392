"""The demo meetings: the Geneva working group's session of 17 September 2021 and the
Seine-Saint-Denis task force of 12 December 2017, rebuilt as structured meetings."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from maillage.meetings.minutes import build_content
from maillage.meetings.models import Meeting, MeetingKind, MinutesStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_the_geneva_session_of_17_september_2021(demo):
    # The trace's demo adds a meeting of today, without a previous one, after the workshop.
    meeting = Meeting.objects.get(
        collective__slug="gt-rte-geneve", previous=None, starts_at__year=2021
    )
    assert meeting.local_start.date() == date(2021, 9, 17)
    assert meeting.kind == MeetingKind.PLENARY and meeting.time_zone == "Europe/Zurich"
    assert meeting.consultation.title == "Pourquoi sommes-nous là\u00a0?"
    assert meeting.minutes.status == MinutesStatus.APPROVED
    frozen = meeting.minutes.versions.get(number=1).content
    assert [item["title"] for item in frozen["items"]][:2] == [
        "Accueil et tour de table",
        "Atelier 1\u00a0: ce qui nous rend fiers",
    ]
    organisations = [group["organisation"] for group in frozen["participants"]]
    assert "Hospice général" in organisations
    # The workshop's synthesis is in the minutes.
    assert frozen["consultation"]["themes"]
    # The accepted amendment of a participant is in the approved text.
    assert "accueillir une séance" in frozen["items"][0]["notes"]
    # ...added to the notes written on the day, which it does not replace.
    assert frozen["items"][0]["notes"].startswith("Chaque personne présente son organisation")
    following = meeting.following.get()
    assert not following.is_past and following.items.count() == 3
    assert following.invitees.filter(rsvp="represented").exclude(represented_by="").exists()


def test_the_seine_saint_denis_task_force_of_12_december_2017(demo):
    # The hub's other meeting is its job café's follow-up session (the employment demo).
    meeting = Meeting.objects.get(collective__slug="pcpe-93", kind=MeetingKind.TASK_FORCE)
    assert meeting.local_start.date() == date(2017, 12, 12)
    content = build_content(meeting)
    assert len(content["items"]) == 3
    decisions = [d for item in content["items"] for d in item["decisions"]]
    assert any("20 recrutements par mois" in d["text"] for d in decisions)
    assert {a["owner"] for a in content["actions"]} >= {"Fatou Diallo"}
    # One action is still open and due soon: it shows on the collective's list.
    assert meeting.actions.open().filter(project=None).count() == 2
