"""The demo's job café: the hub's Café Contact Emploi at Clichy-sous-Bois on 23
November with 5 recruiters and 40 seekers, its rounds planned at the optimum, its
follow-up session with the café's seekers invited, its obstacles (one made an action),
and the STEF operation beside it."""

from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maillage.demo.employment import TITLE
from maillage.employment.models import Cafe, Obstacle, Outcome, Slot
from maillage.employment.models_operations import Operation
from maillage.planning import plan_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_the_cafe_of_23_november_its_rounds_and_its_follow_up(demo):
    cafe = Cafe.objects.select_related("event__collective").get(event__title=TITLE)
    local = timezone.localtime(cafe.event.starts_at, ZoneInfo(cafe.event.time_zone))
    assert (local.month, local.day) == (11, 23)
    assert cafe.event.collective.slug == "pcpe-93"
    assert cafe.recruiters.count() == 5
    assert cafe.seekers.count() == 40
    assert cafe.seekers.filter(status="arrived").count() == 35
    assert all(s.email.endswith("@example.org") for s in cafe.seekers.all())
    _rounds_are_the_optimum_for_those_who_came(cafe)
    _the_follow_up_invites_the_consenting_seekers(cafe)


def _rounds_are_the_optimum_for_those_who_came(cafe):
    slots = list(Slot.objects.filter(cafe=cafe))
    assert slots and {s.seeker.status for s in slots} == {"arrived"}
    arrived = cafe.seekers.filter(status="arrived")
    seekers = {str(s.pk): {str(w.recruiter_id): w.weight for w in s.wishes.all()} for s in arrived}
    recruiters = {str(r.pk): r.tables for r in cafe.recruiters.all()}
    best = plan_meetings(cafe.rotations, cafe.seats, recruiters, seekers)
    assert sum(s.weight for s in slots) == best.total == cafe.plan_total
    assert Slot.objects.filter(cafe=cafe).exclude(outcome="").count() > len(slots) // 2


def _the_follow_up_invites_the_consenting_seekers(cafe):
    session = cafe.sessions.get()
    invited = set(session.meeting.invitees.exclude(email="").values_list("email", flat=True))
    consenting = set(
        cafe.seekers.filter(consented_at__isnull=False).values_list("email", flat=True)
    )
    assert consenting and consenting <= invited
    assert not invited & set(cafe.seekers.filter(consented_at=None).values_list("email", flat=True))
    assert Obstacle.objects.filter(cafe=cafe).count() == 4
    acted = Obstacle.objects.get(cafe=cafe, action__isnull=False)
    assert acted.action.collective == cafe.event.collective
    assert Outcome.objects.filter(seeker__cafe=cafe, checkpoint=0).count() == 35


def test_the_stef_operation_and_the_pages(demo, client):
    cafe = Cafe.objects.select_related("event__collective").get(event__title=TITLE)
    collective = cafe.event.collective
    assert Operation.objects.filter(collective=collective, target_total=300).exists()
    fatou = cafe.event.organisers.get()
    client.force_login(fatou)
    for name in ("cafe", "rotations", "follow_up", "cafe_figures"):
        url = reverse(f"employment:{name}", args=[collective.slug, cafe.event_id])
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("employment:home", args=[collective.slug])).status_code == 200
