"""A network's page and its coordinators (docs/permissions.md, "Networks")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_network
from .forms_network import NetworkCoordinatorForm
from .models import Collective, Network, NetworkCoordinator

# What the apps above this one show on a network's page (the consultations app: the
# network consultations): each registers, in its AppConfig.ready, a function
# ``section(request, network)`` that returns a context with a ``template`` to include,
# or None to show nothing.
NETWORK_SECTIONS = []


def on_network_page(section):
    NETWORK_SECTIONS.append(section)
    return section


def _network(request, slug, perm=None):
    network = get_object_or_404(Network, slug=slug)
    if perm and not request.user.has_perm(perm, network):
        raise PermissionDenied
    return network


def _coordinators(network):
    return (
        NetworkCoordinator.objects.active()
        .filter(network=network)
        .select_related("user", "collective")
        .order_by("user__display_name")
    )


def _sees_people(user, network):
    """Names of the network's coordinators: for the people of the network's collectives."""
    if not user.is_authenticated:
        return False
    return (
        user.is_staff
        or user.has_perm("collectives.coordinate_network", network)
        or Collective.objects.of_member(user).filter(networks=network).exists()
    )


@login_not_required
def network(request, slug):
    """The network's page: its collectives, its coordinators and what the apps above
    show of it (its network consultations)."""
    network = _network(request, slug)
    collectives = Collective.objects.visible_to(request.user).filter(networks=network)
    sections = [s for s in (section(request, network) for section in NETWORK_SECTIONS) if s]
    return render(
        request,
        "collectives/network.html",
        {
            "network": network,
            "collectives": collectives,
            "coordinators": _coordinators(network) if _sees_people(request.user, network) else [],
            "can_name": request.user.has_perm("collectives.name_network_coordinator", network),
            "sections": sections,
        },
    )


def network_coordinators(request, slug):
    """The network's coordinators: naming one, removing one."""
    network = _network(request, slug, "collectives.name_network_coordinator")
    # The people offered: members of the network's collectives the person may see
    # (staff, who name a network's first coordinator: of all of them).
    collectives = Collective.objects.all()
    if not request.user.is_staff:
        collectives = Collective.objects.visible_to(request.user)
    form = NetworkCoordinatorForm(
        form_data(request), network=network, collectives=collectives.values("pk")
    )
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            services_network.name_network_coordinator(
                actor=request.user,
                network=network,
                user=membership.user,
                collective=membership.collective,
            )
        except DomainError as exc:
            add_domain_error(form, exc, {"user": "membership", "collective": "membership"})
        else:
            messages.success(
                request,
                _("%(person)s now coordinates the network.")
                % {"person": membership.user.display_name},
            )
            return redirect("collectives:network_coordinators", network.slug)
    return render(
        request,
        "collectives/network_coordinators.html",
        {"network": network, "coordinators": _coordinators(network), "form": form},
    )


@require_POST
def network_coordinator_remove(request, slug, pk):
    network = _network(request, slug, "collectives.name_network_coordinator")
    role = get_object_or_404(NetworkCoordinator, network=network, pk=pk, removed_at=None)
    try:
        services_network.remove_network_coordinator(actor=request.user, role=role)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(person)s no longer coordinates the network.") % {"person": role.user.display_name},
        )
    return redirect("collectives:network_coordinators", network.slug)
