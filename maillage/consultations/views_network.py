"""A network's consultations: their list on the network's page (registered with
collectives.views_network.on_network_page) and creating one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from maillage.collectives.models import Collective, Network, NetworkCoordinator
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .forms_network import NetworkConsultationForm
from .models import Consultation, Round, RoundStatus


def network_section(request, network):
    """The network consultations the person may see, with where each stands."""
    consultations = list(
        Consultation.objects.visible_to(request.user)
        .filter(network=network)
        .select_related("collective")
        .annotate(group_count=Count("groups", distinct=True))
        .order_by("-created_at")
    )
    open_rounds = {
        round_.consultation_id: round_
        for round_ in Round.objects.filter(
            consultation__in=[c.pk for c in consultations], status=RoundStatus.OPEN
        )
    }
    for consultation in consultations:
        consultation.open_round = open_rounds.get(consultation.pk)
    return {
        "template": "consultations/network_section.html",
        "network_consultations": consultations,
        "can_create": request.user.has_perm("collectives.coordinate_network", network),
    }


def _hosts(user, network):
    """The network's collectives the person belongs to, the ones they coordinate the
    network through first."""
    return Collective.objects.of_member(user).filter(networks=network).order_by("name")


def network_create(request, slug):
    """A network coordinator creates a network consultation, hosted by one of the
    network's collectives they belong to (by default the one through which they
    coordinate the network)."""
    network = get_object_or_404(Network, slug=slug)
    if not request.user.has_perm("collectives.coordinate_network", network):
        raise PermissionDenied
    hosts = _hosts(request.user, network)
    through = (
        NetworkCoordinator.objects.active()
        .filter(network=network, user=request.user)
        .values_list("collective_id", flat=True)
        .first()
    )
    form = NetworkConsultationForm(form_data(request), hosts=hosts, initial={"collective": through})
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.create_consultation(
                actor=request.user,
                collective=form.cleaned_data["collective"],
                title=form.cleaned_data["title"],
                purpose=form.cleaned_data["purpose"],
                method=form.cleaned_data["method"],
                network=network,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The network consultation is ready to prepare: check its questions; "
                    "the coordinators of each collective of the network add their "
                    "territory's groups."
                ),
            )
            return redirect(consultation)
    return render(request, "consultations/network_form.html", {"network": network, "form": form})
