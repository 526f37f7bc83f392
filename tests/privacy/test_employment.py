"""Employment: what a job seeker, a candidate or an organiser finds in "my data", and
what their erasure leaves."""

from decimal import Decimal

import pytest

from maillage.core import personal
from maillage.employment import services_after
from maillage.employment import services_operations as operations
from maillage.employment.models import Recruiter, Seeker, Slot, Wish
from maillage.employment.models_after import Outcome, RecordedBy
from maillage.employment.models_operations import Candidate, CandidateStep
from maillage.events.models import Event

from ..employment.setting_after import past_cafe
from ..employment.setting_operations import SOURCED, build_operation
from .app_texts import erased, exported, holding

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Aline Rochat", "aline.rochat@example.org", "+33 6 00 00 00 01"


@pytest.fixture
def made(world):
    cafe = past_cafe(world)
    seeker = cafe.seekers[0]
    Seeker.objects.filter(pk=seeker.pk).update(
        name=NAME, email=EMAIL, phone=PHONE, referrer_detail="Mme Lopez, Mission locale"
    )
    organiser = world.facilitator
    services_after.record_outcome(
        seeker=seeker,
        checkpoint=1,
        kind="hired",
        contract="cdi",
        hours=Decimal("35"),
        note=f"Appel de {organiser.display_name}",
        recorded_by=RecordedBy.ORGANISER,
        actor=organiser,
    )
    operation = build_operation(world, candidates=False)
    candidate = operations.add_candidate(
        actor=world.member,
        operation=operation.operation,
        name=NAME,
        email=EMAIL,
        phone=PHONE,
        channel=operation.channels["ml"],
        sourced_on=SOURCED,
    )
    # The same address at another collective's café.
    far = past_cafe(world)
    Event.objects.filter(pk=far.cafe.event_id).update(collective=world.other)
    far_seeker = far.seekers[1]
    Seeker.objects.filter(pk=far_seeker.pk).update(name=NAME, email=EMAIL)
    # The world's member is a recruiter's contact at the café.
    recruiter = cafe.recruiters[1]
    Recruiter.objects.filter(pk=recruiter.pk).update(
        contact_name=world.member.display_name, contact_email=world.member.email.upper()
    )
    return {
        "cafe": cafe,
        "seeker": seeker,
        "operation": operation,
        "candidate": candidate,
        "far_seeker": far_seeker,
        "recruiter": recruiter,
    }


def test_the_seeker_and_candidate_finds_both_and_no_one_elses(made, world):
    data = exported("employment", personal.Person(email=EMAIL))
    seekers = data["job_seeker"]
    assert sorted(s["collective"] for s in seekers) == sorted(
        [world.collective.name, world.other.name]
    )
    mine = next(s for s in seekers if s["collective"] == world.collective.name)
    assert mine["profile"]["name"] == NAME and mine["profile"]["phone"] == PHONE
    assert [o["kind"] for o in mine["outcomes"]] == ["hired"]
    assert len(mine["wishes"]) == 3
    assert [(c["name"], c["stage"], c["channel"]) for c in data["candidate"]] == [
        (NAME, "sourced", "Mission locale de Clichy-sous-Bois/Montfermeil")
    ]
    assert "Personne 2" not in str(data)
    within = personal.Person(email=EMAIL, collectives=frozenset({world.other.pk}))
    assert list(exported("employment", within)) == ["job_seeker"]


def test_the_organiser_finds_their_operations_and_recorded_work(made, world):
    data = exported("employment", personal.Person(user=world.member))
    assert [(o["title"], o["manager"]) for o in data["operations"]] == [
        (made["operation"].operation.title, True)
    ]
    assert [r["organisation"] for r in data["recruiter_contact"]] == ["Employeur 2"]
    recorded = exported("employment", personal.Person(user=world.facilitator))
    assert [o["kind"] for o in recorded["outcomes_recorded"]] == ["hired"]
    assert NAME not in str(recorded)  # the seekers are not the organiser's data


def test_erasing_a_seeker_and_candidate_in_a_collective_keeps_the_figures(made, world):
    seeker, candidate = made["seeker"], made["candidate"]
    steps = CandidateStep.objects.filter(candidate=candidate).count()
    person = personal.Person(email=EMAIL, collectives=frozenset({world.collective.pk}))
    result = erased("employment", person)
    assert result == {
        "seekers_erased": 1,
        "candidates_erased": 1,
        "contacts_erased": 0,
        "operations_left": 0,
        "texts_scrubbed": 0,
    }
    assert NAME in person.names
    far = made["far_seeker"]
    assert holding("employment", NAME, EMAIL, PHONE) == [
        f"Seeker.name#{far.pk}",
        f"Seeker.email#{far.pk}",
    ]
    erased_seeker = Seeker.objects.get(pk=seeker.pk)
    assert erased_seeker.erased_at is not None and erased_seeker.referrer_detail == ""
    # The café's figures stay: the meeting, the wishes' weights, the outcome (its note
    # cleared)...
    assert Slot.objects.filter(seeker=seeker).count() == 1
    outcome = Outcome.objects.get(seeker=seeker)
    assert (outcome.kind, outcome.contract, outcome.note) == ("hired", "cdi", "")
    assert Wish.objects.filter(seeker=seeker).count() == 3
    # ... and the pipeline's stages and dates.
    kept = Candidate.objects.get(pk=candidate.pk)
    assert (kept.stage, kept.sourced_on, kept.erased_at is not None) == (
        "sourced",
        SOURCED,
        True,
    )
    assert CandidateStep.objects.filter(candidate=candidate).count() == steps
    # Another seeker is untouched.
    assert Seeker.objects.get(pk=made["cafe"].seekers[1].pk).name == "Personne 2"


def test_erasing_an_organiser_ends_their_roles_and_scrubs_their_name(made, world):
    member = world.member
    result = erased("employment", personal.Person(user=member))
    assert result["contacts_erased"] == 1 and result["operations_left"] == 1
    assert holding("employment", member.display_name, member.email) == []
    recruiter = Recruiter.objects.get(pk=made["recruiter"].pk)
    assert (recruiter.name, recruiter.contact_phone) == ("Employeur 2", "")
    assert not made["operation"].operation.managers.exists()
    # The steps the member recorded stay, tied to the (soon anonymous) account.
    assert CandidateStep.objects.filter(by=member).exists()

    facilitator = world.facilitator
    erased("employment", personal.Person(user=facilitator))
    assert Outcome.objects.get(seeker=made["seeker"]).note == (
        f"Appel de {personal.deleted_name()}"
    )
