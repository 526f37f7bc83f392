"""Recruitment operations' services: the pipeline and states, refusals, versions,
erasure, channels, the proposed target curve."""

from datetime import date

import pytest

from maillage.audit.models import AuditEvent
from maillage.core.errors import ConflictError, DomainError
from maillage.employment import services_operations as services
from maillage.employment.models_operations import CandidateStep, RefusalReason, Stage, State

from .setting_operations import ENDS, STARTS, build_operation

pytestmark = pytest.mark.django_db


def test_spread_targets_gives_70_by_january_then_20_to_40_a_month_up_to_300():
    plan = services.spread_targets(70, date(2027, 1, 31), 20, 40, 300, STARTS, ENDS)
    months = [month for month, _hires in plan]
    assert months[0] == date(2026, 12, 1) and months[-1] == date(2027, 11, 1)
    assert len(plan) == 12
    assert sum(hires for month, hires in plan if month <= date(2027, 1, 1)) == 70
    assert sum(hires for _month, hires in plan) == 300
    assert all(20 <= hires <= 40 for month, hires in plan if month > date(2027, 1, 1))


def test_spread_targets_stops_at_the_total_and_caps_at_the_most():
    short = services.spread_targets(10, date(2027, 1, 31), 20, 40, 50, STARTS, ENDS)
    assert sum(h for _m, h in short) == 50
    assert [h for _m, h in short][2:5] == [20, 20, 0]
    out_of_reach = services.spread_targets(0, date(2026, 12, 31), 0, 5, 300, STARTS, ENDS)
    assert {h for _m, h in out_of_reach[1:]} == {5}


def test_the_pipeline_records_each_step_and_hiring_accepts(world):
    made = build_operation(world, candidates=False)
    candidate = services.add_candidate(
        actor=world.member,
        operation=made.operation,
        name="Awa Diallo",
        channel=made.channels["ml"],
        sourced_on=date(2026, 11, 20),
    )
    candidate = services.move_candidate(
        actor=world.member, candidate=candidate, stage=Stage.INFORMATION, on=date(2026, 12, 1)
    )
    candidate = services.move_candidate(
        actor=world.member, candidate=candidate, stage=Stage.HIRED, on=date(2026, 12, 15)
    )
    assert (candidate.stage, candidate.state) == (Stage.HIRED, State.ACCEPTED)
    assert candidate.information_on == date(2026, 12, 1)
    assert candidate.hired_on == date(2026, 12, 15)
    assert candidate.version == 3
    steps = list(CandidateStep.objects.filter(candidate=candidate).values_list("stage", "state"))
    assert steps == [
        (Stage.SOURCED, State.NEW),
        (Stage.INFORMATION, State.NEW),
        (Stage.HIRED, State.ACCEPTED),
    ]
    logged = AuditEvent.objects.filter(
        object_type="employment.candidate", object_id=str(candidate.pk)
    )
    assert logged.count() == 3
    assert all("Awa" not in (event.object_repr + str(event.after)) for event in logged)


def test_hiring_needs_a_date_and_the_pipeline_only_goes_forward(world):
    made = build_operation(world)
    candidate = made.candidates["D"]
    with pytest.raises(DomainError) as refused:
        services.move_candidate(actor=world.member, candidate=candidate, stage=Stage.HIRED, on=None)
    assert refused.value.field == "on"
    with pytest.raises(DomainError):
        services.move_candidate(
            actor=world.member,
            candidate=made.candidates["A"],
            stage=Stage.TRAINING,
            on=date(2027, 1, 1),
        )
    with pytest.raises(DomainError) as refused:
        services.move_candidate(
            actor=world.member, candidate=candidate, stage=Stage.EMPLOYED_3, on=date(2027, 3, 1)
        )
    assert refused.value.field == "stage"


def test_a_refusal_needs_its_coded_reason(world):
    made = build_operation(world)
    candidate = made.candidates["D"]
    with pytest.raises(DomainError) as refused:
        services.change_state(actor=world.member, candidate=candidate, state=State.REFUSED)
    assert refused.value.field == "reason"
    with pytest.raises(DomainError) as refused:
        services.change_state(
            actor=world.member,
            candidate=candidate,
            state=State.REFUSED,
            reason=RefusalReason.OTHER,
        )
    assert refused.value.field == "message"
    candidate.refresh_from_db()
    assert candidate.state == State.NEW and candidate.version == 1
    done = services.change_state(
        actor=world.member,
        candidate=candidate,
        state=State.REFUSED,
        reason=RefusalReason.LACKING_SKILLS,
        message="Le CACES 1 est demandé.",
    )
    assert (done.refusal_reason, done.refusal_message) == (
        "lacking_skills",
        "Le CACES 1 est demandé.",
    )
    # A closed application does not move until its state changes.
    with pytest.raises(DomainError):
        services.move_candidate(
            actor=world.member, candidate=done, stage=Stage.INFORMATION, on=date(2026, 12, 2)
        )
    reopened = services.change_state(actor=world.member, candidate=done, state=State.PROCESSING)
    assert (reopened.refusal_reason, reopened.refusal_message) == ("", "")


def test_a_stale_version_is_refused(world):
    made = build_operation(world)
    candidate = made.candidates["D"]
    services.change_state(actor=world.member, candidate=candidate, state=State.PROCESSING)
    with pytest.raises(ConflictError):
        services.move_candidate(
            actor=world.member,
            candidate=candidate,
            stage=Stage.INFORMATION,
            on=date(2026, 12, 3),
            base_version=1,
        )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.SOURCED and candidate.version == 2


def test_erasure_keeps_the_stages_and_dates(world):
    made = build_operation(world)
    erased = services.erase_candidate(actor=world.member, candidate=made.candidates["C"])
    assert (erased.name, erased.email, erased.phone, erased.refusal_message) == ("—", "", "", "")
    assert erased.erased_at is not None
    assert erased.state == State.REFUSED and erased.refusal_reason == RefusalReason.NOT_MOBILE
    assert erased.sourced_on == date(2026, 11, 20)
    with pytest.raises(DomainError):
        services.erase_candidate(actor=world.member, candidate=erased)


def test_channels_are_unique_by_name_and_removing_one_keeps_its_candidates(world):
    made = build_operation(world)
    with pytest.raises(DomainError) as refused:
        services.add_channel(
            actor=world.coordinator,
            operation=made.operation,
            kind="france_travail",
            name="france travail clichy-sous-bois",
        )
    assert refused.value.field == "name"
    renamed = services.update_channel(
        actor=world.coordinator, channel=made.channels["cd"], kind="departement", name="CD 93"
    )
    assert renamed.name == "CD 93"
    services.remove_channel(actor=world.coordinator, channel=made.channels["ft"])
    made.candidates["E"].refresh_from_db()
    assert made.candidates["E"].channel is None


def test_an_operation_needs_an_employer_and_members_as_managers(world):
    with pytest.raises(DomainError) as refused:
        services.create_operation(
            actor=world.coordinator,
            collective=world.collective,
            title="Sans employeur",
            starts_on=STARTS,
            ends_on=ENDS,
            target_total=10,
        )
    assert refused.value.field == "employer_name"
    with pytest.raises(DomainError) as refused:
        services.create_operation(
            actor=world.coordinator,
            collective=world.collective,
            title="Ailleurs",
            employer_name="STEF",
            starts_on=STARTS,
            ends_on=ENDS,
            target_total=10,
            managers=[world.outsider],
        )
    assert refused.value.field == "managers"
    made = services.create_operation(
        actor=world.coordinator,
        collective=world.collective,
        title="Avec l'organisation",
        employer=world.organisation,
        starts_on=STARTS,
        ends_on=ENDS,
        target_total=10,
    )
    assert made.employer_name == world.organisation.name
