"""The NEEDS part's services: every check of a need with its message, the group's rules,
members, sites and the qualifications table (services_needs)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import ConflictError, DomainError
from maillage.employers import services_needs as services
from maillage.employers.models import Employer, Group, JobFamily, Need

from ..factories import OrganisationFactory
from .setting_needs import build_group, need_args, slot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def made(world):
    return build_group(world)


def refused(call, **kwargs):
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


def test_a_need_is_declared_with_its_slots_and_logged(made, world):
    need = services.declare_need(actor=world.member, **need_args(made))
    assert need.minutes == 240
    assert need.created_by == world.member
    event = AuditEvent.objects.get(action="employers.need_declared")
    assert event.after["slots"] == ["0 06:00-08:00", "2 06:00-08:00"]
    assert world.member.display_name not in str(event.after)


def test_a_need_without_slots_is_refused(made, world):
    error = refused(services.declare_need, actor=world.member, **need_args(made, slots=[]))
    assert error.field == "slots"
    assert error.message == "Give at least one weekly slot: a day, the time it starts and ends."
    assert not Need.objects.filter(employer=made.own, family=made.families["entretien"]).exclude(
        pk__in=[made.needs["cleaning"].pk, made.needs["saturday"].pk]
    )


def test_a_slot_that_ends_before_it_starts_is_refused(made, world):
    error = refused(
        services.declare_need,
        actor=world.member,
        **need_args(made, slots=[slot(1, "10:00", "09:00")]),
    )
    assert error.message == "A slot must end after it starts (Tuesday, 10:00–09:00)."


def test_two_overlapping_slots_are_named_with_their_day_and_times(made, world):
    error = refused(
        services.declare_need,
        actor=world.member,
        **need_args(made, slots=[slot(3, "08:00", "12:00"), slot(3, "11:30", "13:00")]),
    )
    assert error.field == "slots"
    assert error.message == "Two slots overlap on Thursday: 08:00–12:00 and 11:30–13:00."


def test_a_need_longer_than_the_full_time_says_both_figures(made, world):
    long_days = [slot(day, "08:00", "15:30") for day in range(5)]  # 37.5 h
    error = refused(services.declare_need, actor=world.member, **need_args(made, slots=long_days))
    assert error.message == (
        "This need lasts 37.5 h a week, more than the group's full time (35 h): split it "
        "into needs one person can hold."
    )
    # Exactly the full time is allowed.
    exact = [slot(day, "08:00", "15:00") for day in range(5)]
    assert services.declare_need(actor=world.member, **need_args(made, slots=exact)).hours == 35


def test_a_site_of_another_member_is_refused(made, world):
    error = refused(
        services.declare_need, actor=world.member, **need_args(made, site=made.sites[1])
    )
    assert (error.field, error.message) == ("site", "Choose one of this member's sites.")


def test_a_family_no_qualification_covers_asks_for_the_table_first(made, world):
    family = JobFamily.objects.create(group=made.group, name="Aide à domicile")
    error = refused(services.declare_need, actor=world.member, **need_args(made, family=family))
    assert error.field == "family"
    assert error.message == (
        "No qualification of the table covers “Aide à domicile” yet: add it to the "
        "qualifications table first."
    )


def test_a_required_qualification_must_cover_the_family(made, world):
    error = refused(
        services.declare_need,
        actor=world.member,
        **need_args(made, qualification=made.qualifications["bafa"]),
    )
    assert error.field == "qualification"
    assert error.message == "The qualification “BAFA” does not cover “Agent d'entretien”."


def test_a_family_or_qualification_of_another_group_is_refused(made, world):
    other = Group.objects.create(collective=world.other, name="GE Genève")
    family = JobFamily.objects.create(group=other, name="Agent d'entretien")
    error = refused(services.declare_need, actor=world.member, **need_args(made, family=family))
    assert (error.field, error.message) == ("family", "Choose a job family of this group.")


def test_a_stale_version_is_refused_and_nothing_changes(made, world):
    need = made.needs["cleaning"]
    services.change_need(
        actor=world.coordinator, need=need, version=1, **_same(made, need, note="Premier")
    )
    with pytest.raises(ConflictError) as caught:
        services.change_need(
            actor=world.member, need=need, version=1, **_same(made, need, note="Second")
        )
    assert "changed this need while you were editing it" in caught.value.message
    need.refresh_from_db()
    assert (need.note, need.version) == ("Premier", 2)


def _same(made, need, **changes):
    values = {
        "family": need.family,
        "site": need.site,
        "period": need.period,
        "starts_on": need.starts_on,
        "slots": [(s.day, s.start, s.end) for s in need.slots.all()],
    }
    values.update(changes)
    return values


def test_a_change_replaces_the_slots(made, world):
    need = made.needs["saturday"]
    changed = services.change_need(
        actor=world.member,
        need=need,
        version=need.version,
        **_same(made, need, slots=[slot(5, "07:00", "12:00")]),
    )
    assert [str(s) for s in changed.slots.all()] == ["Saturday 07:00–12:00"]
    assert changed.version == 2


def test_a_withdrawn_need_leaves_the_counts_and_cannot_be_withdrawn_twice(made, world):
    need = made.needs["saturday"]
    services.withdraw_need(actor=world.member, need=need)
    assert need.pk not in services.active_needs(made.group).values_list("pk", flat=True)
    error = refused(services.withdraw_need, actor=world.member, need=need)
    assert error.message == "This need has already been withdrawn."


def test_a_second_group_of_a_collective_is_refused(made, world):
    error = refused(
        services.create_group, actor=world.coordinator, collective=world.collective, name="Bis"
    )
    assert error.message == "This collective already has an employer group."


def test_the_minimum_cannot_exceed_the_full_time(made, world):
    error = refused(
        services.change_group,
        actor=world.coordinator,
        group=made.group,
        target_hours=Decimal("20"),
        min_hours=Decimal("24"),
    )
    assert error.field == "min_hours"
    assert error.message == "The minimum hours (24 h) cannot exceed the full time (20 h)."


def test_a_full_time_below_a_declared_need_is_refused(made, world):
    error = refused(
        services.change_group,
        actor=world.coordinator,
        group=made.group,
        target_hours=Decimal("15"),
        min_hours=Decimal("10"),
    )
    assert error.field == "target_hours"
    assert "lasts 16 h a week, more than this full time" in error.message


def test_a_member_must_be_an_organisation_of_the_collective_and_join_once(made, world):
    outside = OrganisationFactory(name="Hors collectif")
    error = refused(
        services.add_employer,
        actor=world.coordinator,
        group=made.group,
        organisation=outside,
        joined_on=datetime.date(2027, 1, 1),
    )
    assert error.field == "organisation"
    error = refused(
        services.add_employer,
        actor=world.coordinator,
        group=made.group,
        organisation=world.organisation,
        joined_on=datetime.date(2027, 1, 1),
    )
    assert error.message == "This organisation is already a member of the group."


def test_a_member_that_left_declares_no_more_needs(made, world):
    services.end_employer(
        actor=world.coordinator, employer=made.own, left_on=datetime.date(2027, 6, 30)
    )
    error = refused(services.declare_need, actor=world.member, **need_args(made))
    assert error.message == "This member has left the group: it declares no more needs."
    assert Employer.objects.get(pk=made.own.pk).left_on == datetime.date(2027, 6, 30)


def test_a_site_out_of_bounds_is_refused(made, world):
    error = refused(
        services.add_site,
        actor=world.coordinator,
        employer=made.own,
        name="Annexe",
        commune="Montreuil",
        latitude=Decimal("95"),
        longitude=Decimal("2.4"),
    )
    assert error.field == "latitude"


def test_the_table_qualification_keeps_a_family_a_need_requires(made, world):
    from maillage.employers.models import Period

    services.declare_need(
        actor=world.member,
        **need_args(made, qualification=made.qualifications["aph"], period=Period.TERM),
    )
    error = refused(
        services.change_qualification,
        actor=world.coordinator,
        qualification=made.qualifications["aph"],
        name="Titre professionnel APH",
        families=[made.families["periscolaire"]],
    )
    assert error.field == "families"
    qualification = services.add_qualification(
        actor=world.coordinator,
        group=made.group,
        name="DEAES",
        families=[made.families["entretien"], made.families["petite_enfance"]],
    )
    assert set(qualification.families.values_list("name", flat=True)) == {
        "Agent d'entretien",
        "Auxiliaire petite enfance",
    }


def test_trainings_are_added_changed_and_removed(made, world):
    training = services.add_training(
        actor=world.coordinator,
        group=made.group,
        name="Hygiène des locaux",
        family=made.families["entretien"],
        hours=35,
        cost=Decimal("600"),
    )
    services.change_training(
        actor=world.coordinator,
        training=training,
        name="Hygiène des locaux",
        family=made.families["entretien"],
        from_qualification=made.qualifications["bafa"],
        hours=42,
        cost=Decimal("700"),
        provider="AFPA",
    )
    training.refresh_from_db()
    assert (training.hours, training.provider) == (42, "AFPA")
    services.remove_training(actor=world.coordinator, training=training)
    assert not made.group.trainings.filter(name="Hygiène des locaux").exists()
