"""Who runs which part of a network consultation (docs/permissions.md, "Networks").

A network consultation (``consultation.network`` set) is run by the network's
coordinators as a whole; each member collective of the network runs its own
territory of it: the groups whose ``territory`` is that collective. Predicates here
take (user, consultation, collective) or (user, group); rules.py builds the
permissions from them.
"""

import rules

from maillage.collectives.rules import is_coordinator, is_in_collective


def in_network(consultation, collective):
    """Whether ``collective`` is one of the collectives of the consultation's network."""
    if consultation is None or collective is None or consultation.network_id is None:
        return False
    cache = consultation.__dict__.setdefault("_maillage_network_members", None)
    if cache is None:
        cache = set(consultation.network.collectives.values_list("pk", flat=True))
        consultation.__dict__["_maillage_network_members"] = cache
    return collective.pk in cache


def coordinates_territory(user, consultation, collective):
    """Whether ``user`` coordinates the territory ``collective`` of the network
    consultation ``consultation``: an active coordinator of ``collective``, which is
    one of the collectives of the consultation's network."""
    if consultation is None or collective is None or not user.is_authenticated:
        return False
    return in_network(consultation, collective) and is_coordinator(user, collective)


def territories_of(user, consultation):
    """The collectives of the consultation's network that ``user`` coordinates (the
    territories they may add groups for), by name."""
    if consultation is None or consultation.network_id is None or not user.is_authenticated:
        return []
    return [
        collective
        for collective in consultation.network.collectives.order_by("name")
        if is_coordinator(user, collective)
    ]


@rules.predicate
def runs_group_territory(user, group):
    """A group of a network consultation, for the coordinators of its territory."""
    if group is None or group.territory_id is None:
        return False
    return coordinates_territory(user, group.consultation, group.territory)


@rules.predicate
def coordinates_a_territory(user, consultation):
    """Coordinators of one of the collectives of a network consultation's network."""
    consultation = getattr(consultation, "consultation", consultation)
    return bool(territories_of(user, consultation))


@rules.predicate
def in_network_collective(user, consultation):
    """Active members (any role) of one of the collectives of the consultation's
    network, once the consultation is no longer a draft."""
    consultation = getattr(consultation, "consultation", consultation)
    if consultation is None or consultation.network_id is None or consultation.is_draft:
        return False
    return any(is_in_collective(user, c) for c in consultation.network.collectives.all())
