"""What holds when people set the group up at the same time, in real threads with their
own database connections (SQLite, or PostgreSQL in CI): the same group created twice, or
the same member added twice, gives one row and a clear message."""

import datetime

import pytest

from maillage.core.errors import DomainError
from maillage.employers import services_needs as services
from maillage.employers.models import Employer, Group

from ..factories import OrganisationFactory
from ..threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_group_created_at_once_is_one_group(world):
    def create():
        return services.create_group(
            actor=world.coordinator, collective=world.collective, name="GE Est Ensemble"
        )

    results, errors = run_together([create] * 6, threads=6)
    assert len(results) == 1
    assert len(errors) == 5
    assert all(isinstance(error, DomainError) for error in errors)
    assert {error.message for error in errors} == {"This collective already has an employer group."}
    assert Group.objects.filter(collective=world.collective).count() == 1


def test_the_same_member_added_at_once_is_one_member(world):
    group = Group.objects.create(collective=world.collective, name="GE Est Ensemble")
    organisation = OrganisationFactory(name="Régie de quartier")
    world.collective.organisations.add(organisation)

    def add():
        return services.add_employer(
            actor=world.coordinator,
            group=group,
            organisation=organisation,
            joined_on=datetime.date(2027, 1, 4),
        )

    results, errors = run_together([add] * 6, threads=6)
    assert len(results) == 1
    assert len(errors) == 5
    assert all(isinstance(error, DomainError) for error in errors)
    assert {error.message for error in errors} == {
        "This organisation is already a member of the group."
    }
    assert Employer.objects.filter(group=group, organisation=organisation).count() == 1
