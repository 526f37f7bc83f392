"""Who may do what with the territories' syntheses of a network consultation
(docs/permissions.md). Predicates take (user, territory synthesis): a
TerritorySynthesis, saved or not, which has the consultation and the territory.
Imported by rules.py, so that these rules exist wherever the others do."""

import rules

from maillage.collectives.models import Collective
from maillage.collectives.rules import is_in_collective

from .rules import runs_consultation
from .rules_territory import coordinates_territory


@rules.predicate
def writes_territory_synthesis(user, synthesis):
    return synthesis is not None and coordinates_territory(
        user, synthesis.consultation, synthesis.territory
    )


@rules.predicate
def is_published(user, synthesis):
    return synthesis is not None and synthesis.is_published


def network_collectives(consultation):
    """The consultation's collective and, for a network consultation, every member
    collective of its network."""
    if consultation.network_id is None:
        return Collective.objects.filter(pk=consultation.collective_id)
    return Collective.objects.filter(networks=consultation.network_id) | Collective.objects.filter(
        pk=consultation.collective_id
    )


@rules.predicate
def in_the_network(user, obj):
    """An active member (any role) of the consultation's collective or of a member
    collective of its network."""
    consultation = getattr(obj, "consultation", obj)
    if consultation is None or not user.is_authenticated:
        return False
    return any(is_in_collective(user, c) for c in network_collectives(consultation).distinct())


rules.add_perm("consultations.change_territory_synthesis", writes_territory_synthesis)
# Drafts: their territory's coordinators and those who run the consultation; once
# published, everyone in the network.
rules.add_perm(
    "consultations.view_territory_synthesis",
    writes_territory_synthesis | runs_consultation | (is_published & in_the_network),
)
rules.add_perm("consultations.view_network_syntheses", runs_consultation | in_the_network)
