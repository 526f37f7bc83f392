"""The predicates behind every permission, person by person."""

import pytest
from django.contrib.auth.models import AnonymousUser

from maillage.accounts.models import User
from maillage.collectives import services
from maillage.collectives.models import Membership, Role, Visibility
from maillage.collectives.rules import role_in

pytestmark = pytest.mark.django_db

EXPECTED = {
    # permission: personas who hold it on a private collective
    "collectives.view_collective": {"observer", "member", "facilitator", "coordinator"},
    "collectives.view_members": {"observer", "member", "facilitator", "coordinator"},
    "collectives.view_member_contacts": {"coordinator"},
    "collectives.change_collective": {"coordinator"},
    "collectives.manage_organisations": {"coordinator"},
    "collectives.invite": {"coordinator"},
    "collectives.manage_requests": {"coordinator"},
    "collectives.manage_members": {"coordinator"},
    "collectives.request_to_join": set(),
    "collectives.leave": {"observer", "member", "facilitator", "coordinator"},
    "governance.view_texts": {"observer", "member", "facilitator", "coordinator"},
    "governance.view_history": {"observer", "member", "facilitator", "coordinator"},
    "governance.change_text": {"facilitator", "coordinator"},
    "audit.view_log": {"coordinator"},
}
PERSONAS = ["outsider", "observer", "member", "facilitator", "coordinator"]


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_private_collective(world, perm):
    holders = {p for p in PERSONAS if world.persona(p).has_perm(perm, world.collective)}
    assert holders == EXPECTED[perm]
    assert not AnonymousUser().has_perm(perm, world.collective)


def test_public_collective_opens_reading_and_asking_to_join(world):
    world.collective.visibility = Visibility.PUBLIC
    anonymous = AnonymousUser()
    assert anonymous.has_perm("collectives.view_collective", world.collective)
    assert anonymous.has_perm("governance.view_texts", world.collective)
    assert not anonymous.has_perm("collectives.request_to_join", world.collective)
    assert not anonymous.has_perm("governance.view_history", world.collective)
    assert world.outsider.has_perm("collectives.request_to_join", world.collective)
    assert not world.outsider.has_perm("collectives.view_members", world.collective)
    assert not world.member.has_perm("collectives.request_to_join", world.collective)


def test_an_ended_membership_gives_no_right(world):
    membership = Membership.objects.get(user=world.facilitator)
    services.end_membership(actor=world.coordinator, membership=membership)
    assert role_in(world.facilitator, world.collective) is None
    assert not world.facilitator.has_perm("governance.view_texts", world.collective)


def test_a_role_change_applies_from_the_persons_next_request(world):
    membership = Membership.objects.get(user=world.member)
    assert not world.member.has_perm("governance.change_text", world.collective)
    services.change_role(actor=world.coordinator, membership=membership, role=Role.FACILITATOR)
    next_request_user = User.objects.get(pk=world.member.pk)
    assert next_request_user.has_perm("governance.change_text", world.collective)


def test_roles_are_read_once_per_person_object(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        for perm in EXPECTED:
            world.member.has_perm(perm, world.collective)
