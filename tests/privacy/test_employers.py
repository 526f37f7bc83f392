"""Employer groups: what a member's person finds in "my data", and what their erasure
leaves (the group's work, without their name)."""

import pytest

from maillage.core import personal
from maillage.employers.models import Exclusion, LendingAgreement, Need

from ..employers.setting_agreements import build_agreements, lend
from .app_texts import erased, exported, holding

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(world):
    agreements = build_agreements(world)
    made = agreements.made
    member = world.member
    mornings = made.needs["mornings"]
    Need.objects.filter(pk=mornings.pk).update(
        created_by=member, note=f"À voir avec {member.display_name} ({member.email})"
    )
    Need.objects.filter(pk=made.needs["evenings"].pk).update(created_by=world.coordinator)
    exclusion = Exclusion.objects.create(
        group=made.group, reason=f"Demandé par {member.display_name}", created_by=member
    )
    exclusion.needs.add(mornings)
    own, creche, _leisure = made.employers
    lending = lend(
        made.group, own, creche, post=f"Poste de {member.display_name}", created_by=member
    )
    return {"made": made, "mornings": mornings, "exclusion": exclusion, "lending": lending}


def test_the_export_holds_what_the_person_wrote_and_no_one_elses(made, world):
    data = exported("employers", personal.Person(user=world.member))
    assert [(n["family"], n["collective"]) for n in data["needs"]] == [
        (made["mornings"].family.name, world.collective.name)
    ]
    assert [e["reason"] for e in data["exclusions"]] == [f"Demandé par {world.member.display_name}"]
    assert [a["post"] for a in data["lending_agreements"]] == [
        f"Poste de {world.member.display_name}"
    ]
    assert "planner_runs" not in data
    assert exported("employers", personal.Person(email=world.member.email)) == {}
    assert exported("employers", personal.Person(user=world.outsider)) == {}


def test_erasure_keeps_the_work_and_scrubs_the_name(made, world):
    member = world.member
    needs = Need.objects.count()
    result = erased("employers", personal.Person(user=member))
    assert result == {"texts_scrubbed": 3}
    assert holding("employers", member.display_name, member.email) == []
    deleted = personal.deleted_name()
    assert Need.objects.count() == needs
    need = Need.objects.get(pk=made["mornings"].pk)
    assert (need.note, need.created_by) == (f"À voir avec {deleted} ({deleted})", member)
    assert Exclusion.objects.get().reason == f"Demandé par {deleted}"
    assert LendingAgreement.objects.get(pk=made["lending"].pk).post == f"Poste de {deleted}"


def test_an_erasure_for_another_collective_changes_nothing_here(made, world):
    member = world.member
    person = personal.Person(user=member, collectives=frozenset({world.other.pk}))
    assert erased("employers", person) == {"texts_scrubbed": 0}
    assert member.display_name in Need.objects.get(pk=made["mornings"].pk).note
