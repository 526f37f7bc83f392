"""A territory's coordinators in a network consultation."""

from maillage.collectives.rules import is_coordinator


def coordinates_territory(user, consultation, collective):
    """Whether the person is an active coordinator of ``collective``, a member
    collective of the network ``consultation`` runs across. Three arguments, so a
    plain function: rules' predicates take two; wrap it to use it in a rule."""
    if consultation is None or collective is None or consultation.network_id is None:
        return False
    if not is_coordinator(user, collective):
        return False
    return collective.networks.filter(pk=consultation.network_id).exists()
