"""The network coordinator role counts only while it is held and while the person
is a member of the collective through which they belong to the network."""

import pytest
from django.utils import timezone

from maillage.collectives.models import Membership
from maillage.collectives.rules import coordinates_network, forget_roles
from tests.factories import (
    CollectiveFactory,
    MembershipFactory,
    NetworkCoordinatorFactory,
    NetworkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    network = NetworkFactory()
    collective = CollectiveFactory()
    collective.networks.add(network)
    membership = MembershipFactory(collective=collective)
    return NetworkCoordinatorFactory(network=network, user=membership.user, collective=collective)


def test_an_active_coordinator_coordinates_their_network_only(role):
    assert coordinates_network(role.user, role.network)
    assert not coordinates_network(role.user, NetworkFactory())


def test_a_removed_coordinator_no_longer_coordinates(role):
    role.removed_at = timezone.now()
    role.save()
    assert not coordinates_network(role.user, role.network)


def test_leaving_the_collective_ends_the_network_role(role):
    Membership.objects.filter(user=role.user).update(end_date=timezone.localdate())
    forget_roles(role.user)
    assert not coordinates_network(role.user, role.network)
