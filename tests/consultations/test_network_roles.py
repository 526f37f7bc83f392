"""Network roles: naming a network's coordinators, and each territory's part of a
network consultation (services, with their refusals in French)."""

import pytest

from maillage.audit.models import AuditEvent
from maillage.collectives.models import NetworkCoordinator
from maillage.collectives.services import end_membership
from maillage.collectives.services_network import (
    name_network_coordinator,
    remove_network_coordinator,
)
from maillage.consultations import services
from maillage.consultations.models import Consultation, ConsultationStatus
from maillage.consultations.rules_territory import coordinates_territory, territories_of
from maillage.core.errors import DomainError

from ..factories import CollectiveFactory, MembershipFactory, UserFactory
from .matrix_network import build_network_world


@pytest.fixture
def net(db):
    return build_network_world()


def _member(collective, **kwargs):
    return MembershipFactory(collective=collective, **kwargs).user


# ----------------------------------------------------------------- network coordinators


def test_staff_name_a_networks_first_coordinator_and_it_is_logged(db):
    w = build_network_world()
    NetworkCoordinator.objects.all().delete()
    staff = UserFactory(is_staff=True)
    anne = _member(w.territory_x)

    role = name_network_coordinator(
        actor=staff, network=w.network, user=anne, collective=w.territory_x
    )

    assert role.named_by == staff
    assert NetworkCoordinator.objects.active().filter(network=w.network, user=anne).exists()
    event = AuditEvent.objects.get(action="network.coordinator_named")
    assert event.collective == w.territory_x
    assert event.after == {"network": w.network.name, "person": str(anne)}


def test_a_network_coordinator_names_another_one(net):
    coordinator = net.people["network_coordinator"]
    ioana = _member(net.territory_y)
    name_network_coordinator(
        actor=coordinator, network=net.network, user=ioana, collective=net.territory_y
    )
    assert NetworkCoordinator.objects.active().filter(user=ioana).exists()


def test_nobody_else_names_a_network_coordinator(net):
    someone = _member(net.territory_y)
    with pytest.raises(DomainError, match="Seules les personnes qui coordonnent le réseau"):
        name_network_coordinator(
            actor=net.people["territory_coordinator"],
            network=net.network,
            user=someone,
            collective=net.territory_y,
        )
    assert not NetworkCoordinator.objects.filter(user=someone).exists()


def test_a_coordinator_belongs_through_an_active_membership_of_a_collective_of_the_network(
    net,
):
    coordinator = net.people["network_coordinator"]
    outside = CollectiveFactory(name="Ailleurs")
    someone = _member(outside)
    with pytest.raises(DomainError, match="Ailleurs n'est pas un collectif du réseau"):
        name_network_coordinator(
            actor=coordinator, network=net.network, user=someone, collective=outside
        )
    stranger = UserFactory(display_name="Léa Stranger")
    with pytest.raises(DomainError, match="Léa Stranger n'est pas membre de Territoire Y"):
        name_network_coordinator(
            actor=coordinator, network=net.network, user=stranger, collective=net.territory_y
        )
    assert NetworkCoordinator.objects.count() == 1


def test_a_person_coordinates_a_network_once(net):
    coordinator = net.people["network_coordinator"]
    with pytest.raises(DomainError, match="coordonne déjà le réseau"):
        name_network_coordinator(
            actor=coordinator,
            network=net.network,
            user=coordinator,
            collective=NetworkCoordinator.objects.get().collective,
        )


def test_removing_a_coordinator_ends_the_role_once(net):
    role = NetworkCoordinator.objects.get()
    remove_network_coordinator(actor=role.user, role=role)
    role.refresh_from_db()
    assert role.removed_at is not None
    assert not NetworkCoordinator.objects.active().exists()
    assert AuditEvent.objects.filter(action="network.coordinator_removed").count() == 1
    staff = UserFactory(is_staff=True)
    with pytest.raises(DomainError, match="ne coordonne plus le réseau"):
        remove_network_coordinator(actor=staff, role=role)


def test_a_coordinator_who_left_the_collective_may_be_named_again(net):
    role = NetworkCoordinator.objects.get()
    membership = role.user.memberships.get(collective=role.collective)
    end_membership(actor=role.user, membership=membership, reason="")
    assert not NetworkCoordinator.objects.active().exists()
    staff = UserFactory(is_staff=True)
    MembershipFactory(collective=net.territory_x, user=role.user)
    name_network_coordinator(
        actor=staff, network=net.network, user=role.user, collective=net.territory_x
    )
    assert NetworkCoordinator.objects.active().get().collective == net.territory_x


# ------------------------------------------------------------------------- territories


def test_a_territory_is_coordinated_by_its_collectives_coordinators(net):
    x_coordinator = net.people["territory_coordinator"]
    assert coordinates_territory(x_coordinator, net.consultation, net.territory_x)
    assert not coordinates_territory(x_coordinator, net.consultation, net.territory_y)
    assert not coordinates_territory(
        net.people["territory_facilitator"], net.consultation, net.territory_x
    )
    assert territories_of(x_coordinator, net.consultation) == [net.territory_x]
    # A collective outside the network is no territory, whoever coordinates it.
    outside = CollectiveFactory()
    boss = _member(outside, coordinator=True)
    assert not coordinates_territory(boss, net.consultation, outside)


def test_a_territory_coordinator_adds_groups_to_their_territory_only(net):
    x_coordinator = net.people["territory_coordinator"]
    with pytest.raises(DomainError, match="que les groupes d'un territoire que vous coordonnez"):
        services.add_group(
            actor=x_coordinator,
            consultation=net.consultation,
            name="Y bis",
            territory=net.territory_y,
        )
    with pytest.raises(DomainError, match="que les groupes d'un territoire que vous coordonnez"):
        services.add_group(actor=x_coordinator, consultation=net.consultation, name="Sans")
    group = services.add_group(
        actor=x_coordinator, consultation=net.consultation, name="X bis", territory=net.territory_x
    )
    assert group.territory == net.territory_x


def test_a_territory_coordinator_names_facilitators_among_the_territorys_members(net):
    x_coordinator = net.people["territory_coordinator"]
    host_member = _member(net.host, user__display_name="Hôte Membre")
    with pytest.raises(DomainError, match="Hôte Membre n'est pas membre du collectif"):
        services.set_group_facilitators(
            actor=x_coordinator, group=net.group_x, facilitators=[host_member]
        )
    with pytest.raises(DomainError, match="que les groupes d'un territoire"):
        services.set_group_facilitators(
            actor=x_coordinator, group=net.group_y, facilitators=[x_coordinator]
        )
    x_member = _member(net.territory_x)
    services.set_group_facilitators(actor=x_coordinator, group=net.group_x, facilitators=[x_member])
    assert list(net.group_x.facilitators.all()) == [x_member]


def test_a_group_is_renamed_or_deleted_only_while_empty(net):
    x_coordinator = net.people["territory_coordinator"]
    with pytest.raises(DomainError, match="il garde son nom"):
        services.rename_group(actor=x_coordinator, group=net.group_x, name="X2")
    with pytest.raises(DomainError, match="il ne peut plus être supprimé"):
        services.delete_group(actor=x_coordinator, group=net.group_x)
    empty = services.add_group(
        actor=x_coordinator, consultation=net.consultation, name="Vide", territory=net.territory_x
    )
    with pytest.raises(DomainError, match="déjà un groupe"):
        services.rename_group(actor=x_coordinator, group=empty, name="x")
    with pytest.raises(DomainError, match="que les groupes d'un territoire"):
        services.rename_group(actor=net.people["other_coordinator"], group=empty, name="Y3")
    services.rename_group(actor=x_coordinator, group=empty, name="Plein air")
    empty.refresh_from_db()
    assert empty.name == "Plein air"
    services.delete_group(actor=x_coordinator, group=empty)
    assert not net.consultation.groups.filter(name="Plein air").exists()
    assert [e.action for e in AuditEvent.objects.order_by("pk")][-2:] == [
        "consultations.group_renamed",
        "consultations.group_deleted",
    ]


# ------------------------------------------------------------------------ who sees what


def _visible(user):
    return set(Consultation.objects.visible_to(user).values_list("pk", flat=True))


def test_a_network_consultation_is_visible_across_the_network(net):
    pk = net.consultation.pk
    for persona in ("network_coordinator", "territory_coordinator", "other_member"):
        assert pk in _visible(net.people[persona]), persona
    assert pk not in _visible(net.people["outsider"])

    Consultation.objects.filter(pk=pk).update(status=ConsultationStatus.DRAFT)
    # A draft: for the network's coordinators and the territories' coordinators only.
    for persona in ("network_coordinator", "territory_coordinator", "other_coordinator"):
        assert pk in _visible(net.people[persona]), persona
    for persona in ("territory_facilitator", "other_member", "outsider"):
        assert pk not in _visible(net.people[persona]), persona


def test_a_network_coordinator_runs_the_consultation_while_a_member(net):
    coordinator = net.people["network_coordinator"]
    assert coordinator.has_perm("consultations.change_consultation", net.consultation)
    assert coordinator.has_perm("consultations.facilitate_group", net.group_y)
    role = NetworkCoordinator.objects.get()
    end_membership(
        actor=coordinator,
        membership=coordinator.memberships.get(collective=role.collective),
        reason="",
    )
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)  # a new request
    assert not coordinator.has_perm("consultations.change_consultation", net.consultation)
    assert net.consultation.pk not in _visible(coordinator)
