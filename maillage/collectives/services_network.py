"""Naming and removing a network's coordinators (NetworkCoordinator).

A network coordinator belongs to the network through one of its collectives, and is
one only while an active member of it (``NetworkCoordinator.objects.active``). The
active coordinators of a network name the others; staff name a network's first one.
Each change is recorded in the log of the collective through which the person belongs.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.errors import DomainError

from .models import Membership, NetworkCoordinator
from .rules import coordinates_network, forget_roles


def _may_name(actor, network):
    return actor.is_authenticated and (actor.is_staff or coordinates_network(actor, network))


@transaction.atomic
def name_network_coordinator(*, actor, network, user, collective):
    """Make ``user``, an active member of ``collective`` (a collective of
    ``network``), a coordinator of ``network``."""
    if not _may_name(actor, network):
        raise DomainError(_("Only the network's coordinators may name its coordinators."))
    if collective is None or not collective.networks.filter(pk=network.pk).exists():
        raise DomainError(
            _("%(collective)s is not a collective of the network.")
            % {"collective": collective or "—"},
            field="collective",
        )
    if not Membership.objects.active().filter(user=user, collective=collective).exists():
        raise DomainError(
            _("%(person)s is not an active member of %(collective)s.")
            % {"person": user, "collective": collective},
            field="user",
        )
    current = NetworkCoordinator.objects.filter(network=network, user=user, removed_at=None)
    if current.exists():
        # A role whose membership has ended counts no more: it gives way to the new one.
        if current.filter(pk__in=NetworkCoordinator.objects.active().values("pk")).exists():
            raise DomainError(
                _("%(person)s already coordinates the network.") % {"person": user},
                field="user",
            )
        current.update(removed_at=timezone.now())
    try:
        with transaction.atomic():
            role = NetworkCoordinator.objects.create(
                network=network, user=user, collective=collective, named_by=actor
            )
    except IntegrityError:  # named at the same moment by someone else
        raise DomainError(
            _("%(person)s already coordinates the network.") % {"person": user}, field="user"
        ) from None
    log_action(
        actor=actor,
        action="network.coordinator_named",
        obj=role,
        after={"network": network.name, "person": str(user)},
    )
    forget_roles(user)
    return role


@transaction.atomic
def remove_network_coordinator(*, actor, role):
    """End ``role`` (a NetworkCoordinator): the person no longer coordinates the network."""
    role = NetworkCoordinator.objects.select_for_update().get(pk=role.pk)
    if not _may_name(actor, role.network):
        raise DomainError(_("Only the network's coordinators may remove its coordinators."))
    if role.removed_at is not None:
        raise DomainError(
            _("%(person)s no longer coordinates the network.") % {"person": role.user}
        )
    role.removed_at = timezone.now()
    role.save(update_fields=["removed_at"])
    log_action(
        actor=actor,
        action="network.coordinator_removed",
        obj=role,
        before={"network": role.network.name, "person": str(role.user)},
    )
    forget_roles(role.user)
    return role
