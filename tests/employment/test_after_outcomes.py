"""Outcomes after the café (services_after.record_outcome and its pages): one row per
seeker and checkpoint; who may record one; the same answer twice and a change made
meanwhile are refused with a clear message, and nothing typed is lost."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import ConflictError, DomainError
from maillage.employment import services_after as services
from maillage.employment.models import FollowUpRequest, Outcome, RecordedBy

from .setting_after import past_cafe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def record(seeker, **more):
    values = {
        "seeker": seeker,
        "checkpoint": 1,
        "kind": "hired",
        "contract": "cdi",
        "hours": Decimal("35"),
        "recorded_by": RecordedBy.ORGANISER,
    }
    return services.record_outcome(**(values | more))


def test_an_organiser_records_an_outcome_that_answers_the_follow_up(world):
    made = past_cafe(world)
    seeker = made.seekers[0]
    request = FollowUpRequest.objects.create(seeker=seeker, months=1, due_on="2026-02-15")
    before = seeker.last_activity_at

    outcome = record(seeker, actor=world.facilitator)

    assert (outcome.kind, outcome.contract, outcome.hours) == ("hired", "cdi", Decimal("35.0"))
    assert outcome.recorded_by_user == world.facilitator
    request.refresh_from_db()
    seeker.refresh_from_db()
    assert request.answered_at is not None
    assert seeker.last_activity_at > before
    logged = AuditEvent.objects.get(action="employment.outcome_recorded")
    assert logged.after["seeker"] == seeker.pk
    assert seeker.name not in str(logged.after) and seeker.name not in str(logged.before)


def test_hired_requires_the_contract_type_but_not_the_hours(world):
    seeker = past_cafe(world).seekers[0]
    with pytest.raises(DomainError) as refused:
        record(seeker, contract="")
    assert refused.value.field == "contract"
    assert record(seeker, hours=None).hours is None
    assert Outcome.objects.count() == 1


def test_the_same_outcome_twice_gives_one_row_and_says_who_recorded_it(world):
    seeker = past_cafe(world).seekers[0]
    record(seeker, actor=world.facilitator)
    with pytest.raises(DomainError) as refused:
        record(seeker, actor=world.facilitator)
    assert "already recorded, by Facilitator RTE" in refused.value.message
    assert Outcome.objects.filter(seeker=seeker, checkpoint=1).count() == 1


def test_a_change_over_a_stale_version_is_refused_with_what_is_recorded_now(world):
    seeker = past_cafe(world).seekers[0]
    first = record(seeker, actor=world.facilitator)
    record(seeker, kind="training", version=first.version, actor=world.facilitator)
    with pytest.raises(ConflictError) as refused:
        record(seeker, kind="interview", version=first.version, actor=world.facilitator)
    assert "changed meanwhile" in refused.value.message
    assert "Training" in refused.value.message
    assert Outcome.objects.get(seeker=seeker, checkpoint=1).kind == "training"


def test_the_conflict_page_keeps_what_was_typed_and_saving_again_replaces(client, english):
    world = english
    made = past_cafe(world)
    seeker = made.seekers[0]
    first = record(seeker, actor=world.facilitator)
    record(seeker, kind="training", version=first.version)  # someone else, meanwhile
    client.force_login(world.facilitator)
    url = reverse(
        "employment:record_outcome", args=[world.collective.slug, made.cafe.event_id, seeker.pk]
    )
    typed = {"checkpoint": 1, "kind": "interview", "note": "Entretien chez Employeur 2"}

    response = client.post(url, typed | {"version": first.version})

    assert response.status_code == 400
    page = response.content.decode()
    assert "changed meanwhile" in page and "Training" in page
    assert 'value="Entretien chez Employeur 2"' in page
    assert f'name="version" value="{first.version + 1}"' in page
    assert client.post(url, typed | {"version": first.version + 1}).status_code == 302
    assert Outcome.objects.get(seeker=seeker, checkpoint=1).kind == "interview"


def test_a_recruiter_records_only_for_a_seeker_they_met(world):
    made = past_cafe(world)
    met, other = made.seekers[0], made.seekers[1]  # both met recruiter 0 and 1 respectively
    recruiter = made.recruiters[0]
    outcome = record(met, recorded_by=RecordedBy.RECRUITER, recruiter=recruiter)
    assert outcome.recruiter == recruiter and outcome.recorded_by == "recruiter"
    with pytest.raises(DomainError, match="only for a person you met"):
        record(other, recorded_by=RecordedBy.RECRUITER, recruiter=recruiter)
    assert not Outcome.objects.filter(seeker=other).exists()


def test_the_recruiter_link_opens_only_the_seekers_met(client, world):
    made = past_cafe(world)
    recruiter = made.recruiters[0]
    met, other = made.seekers[0], made.seekers[1]
    url = reverse("employment:recruiter_outcome", args=[recruiter.key, met.pk])
    assert client.get(url).status_code == 200
    not_met = reverse("employment:recruiter_outcome", args=[recruiter.key, other.pk])
    assert client.get(not_met).status_code == 404
    assert client.post(not_met, {"kind": "interview"}).status_code == 404

    response = client.post(url, {"kind": "interview", "note": ""})

    assert response.status_code == 302
    outcome = Outcome.objects.get(seeker=met)
    assert (outcome.recorded_by, outcome.recruiter, outcome.kind) == (
        "recruiter",
        recruiter,
        "interview",
    )


def test_the_seeker_answers_from_their_link(client, world):
    seeker = past_cafe(world).seekers[0]
    url = reverse("employment:seeker_outcome", args=[seeker.key])
    assert 'name="kind"' in client.get(url).content.decode()

    refused = client.post(url, {"kind": "hired", "contract": "", "hours": "20"})
    assert refused.status_code == 400
    assert 'value="20"' in refused.content.decode()  # what was typed stays
    assert not Outcome.objects.exists()

    response = client.post(url, {"kind": "hired", "contract": "cdd", "hours": "20"})

    assert response.status_code == 302
    outcome = Outcome.objects.get(seeker=seeker)
    assert (outcome.recorded_by, outcome.contract, outcome.hours) == ("seeker", "cdd", 20)
    assert outcome.checkpoint == 6  # the café was on 15 January 2026: months have passed


def test_an_erased_seeker_link_is_a_404(client, world):
    seeker = past_cafe(world).seekers[0]
    seeker.erased_at = seeker.created_at
    seeker.save()
    url = reverse("employment:seeker_outcome", args=[seeker.key])
    assert client.get(url).status_code == 404
