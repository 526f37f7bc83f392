"""The permission matrix of networks and network consultations (tests/test_permissions.py).

``MATRIX`` and ``PUBLIC_MATRIX``: the network's new addresses for the usual personas of
``world`` (none of whom coordinates the network), in the shape of the other matrix_*.py.

``NETWORK_MATRIX``: a network consultation's addresses for the personas of a network
(``network_world`` below): a coordinator of the network, who belongs to it through a
collective that hosts nothing and has no group; the coordinator of territory X; the
facilitator of X's group; the coordinator and a member of another territory Y; an
outsider (a member of a collective outside the network) and an anonymous visitor.
The consultation is hosted by a private collective none of them belongs to, so every
answer comes from the network's roles alone. Every collective is private.
"""

from dataclasses import dataclass

from maillage.collectives.models import NetworkCoordinator
from maillage.consultations import services

from ..factories import (
    CollectiveFactory,
    MembershipFactory,
    NetworkCoordinatorFactory,
    NetworkFactory,
)
from ..permission_helpers import in_collective, logged_in


def network(w):
    return [w.network.slug]


def coordinator_role(w):
    """A coordinator of the world's network who is none of the personas."""
    someone = MembershipFactory(collective=w.collective).user
    role = NetworkCoordinatorFactory(network=w.network, user=someone, collective=w.collective)
    return [w.network.slug, role.pk]


def _workshop_group(w):
    from .workshop import build_workshop

    return [w.collective.slug, build_workshop(w).group.pk]


RUNS = {"minimum": "facilitator"}

# The world's personas coordinate no network: the network's coordination pages refuse them.
MATRIX = {
    "collectives:network_coordinators": ("get", network, None, logged_in(403)),
    "collectives:network_coordinator_remove": ("post", coordinator_role, {}, logged_in(403)),
    "consultations:network_create": ("get", network, None, logged_in(403)),
    "consultations:group_edit": ("get", _workshop_group, None, in_collective(200, **RUNS)),
    # The workshop's group has participants: the refusal comes back as a message.
    "consultations:group_delete": ("post", _workshop_group, {}, in_collective(302, **RUNS)),
}
PUBLIC_MATRIX = {}


# ----------------------------------------------------------------- the network's personas

NETWORK_PERSONAS = [
    "anonymous",
    "outsider",
    "other_member",
    "other_coordinator",
    "territory_facilitator",
    "territory_coordinator",
    "network_coordinator",
]

SECRET_X = "Un jardin partagé au pied de chaque immeuble de X"
SECRET_Y = "Des bancs à l'ombre sur la place de Y"


@dataclass
class NetworkWorld:
    network: object
    host: object
    territory_x: object
    territory_y: object
    consultation: object
    group_x: object
    group_y: object
    people: dict

    def persona(self, name):
        return None if name == "anonymous" else self.people[name]


def build_network_world():
    """A network of five private collectives: ``host`` hosts the SPIRAL network
    consultation (first round open, one group per territory, a note in each)."""
    net = NetworkFactory(name="Réseau des territoires", slug="reseau-territoires")
    host, hub, x, y = (
        CollectiveFactory(name=name, short_name=name)
        for name in ("Hôte", "Coordination", "Territoire X", "Territoire Y")
    )
    for collective in (host, hub, x, y):
        collective.networks.add(net)
    host_coordinator = MembershipFactory(collective=host, coordinator=True).user
    people = {
        "network_coordinator": MembershipFactory(collective=hub).user,
        "territory_coordinator": MembershipFactory(collective=x, coordinator=True).user,
        "territory_facilitator": MembershipFactory(collective=x).user,
        "other_coordinator": MembershipFactory(collective=y, coordinator=True).user,
        "other_member": MembershipFactory(collective=y).user,
        "outsider": MembershipFactory(collective=CollectiveFactory()).user,
    }
    NetworkCoordinator.objects.create(
        network=net, user=people["network_coordinator"], collective=hub
    )
    consultation = services.create_consultation(
        actor=host_coordinator,
        collective=host,
        title="SPIRAL en réseau",
        method="spiral",
        network=net,
    )
    services.open_round(actor=host_coordinator, round_=consultation.rounds.get(number=1))
    question = consultation.questions.first()
    group_x = services.add_group(
        actor=people["territory_coordinator"], consultation=consultation, name="X", territory=x
    )
    services.set_group_facilitators(
        actor=people["territory_coordinator"],
        group=group_x,
        facilitators=[people["territory_facilitator"]],
    )
    group_y = services.add_group(
        actor=people["other_coordinator"], consultation=consultation, name="Y", territory=y
    )
    for group, text in ((group_x, SECRET_X), (group_y, SECRET_Y)):
        services.open_live_session(actor=host_coordinator, group=group)
        participant = services.join_group(group=group, display_name="Alex")
        services.post_note(participant=participant, question=question, text=text)
    return NetworkWorld(net, host, x, y, consultation, group_x, group_y, people)


def _c(w):
    return [w.host.slug, w.consultation.pk]


def _gx(w):
    return [w.host.slug, w.group_x.pk]


def _role(w):
    someone = MembershipFactory(collective=w.territory_y).user
    role = NetworkCoordinatorFactory(network=w.network, user=someone, collective=w.territory_y)
    return [w.network.slug, role.pk]


def network_roles(**statuses):
    """Refused (403) unless given; the outsider may not even see a network
    consultation (404); the anonymous visitor is sent to log in (302)."""
    result = dict.fromkeys(NETWORK_PERSONAS, 403)
    result.update(outsider=404, anonymous=302)
    result.update(statuses)
    return result


RUNNER = network_roles(network_coordinator=200)
READER = network_roles(
    **dict.fromkeys(NETWORK_PERSONAS[2:], 200), anonymous=404
)  # the page of a consultation, for anyone of the network
TERRITORY_X = network_roles(
    network_coordinator=200, territory_coordinator=200, territory_facilitator=200
)
TERRITORY_X_SETUP = network_roles(network_coordinator=200, territory_coordinator=200)
ADDS_GROUPS = network_roles(
    network_coordinator=200, territory_coordinator=200, other_coordinator=200
)

# name: (method, args builder, POST data, expected status by network persona)
NETWORK_MATRIX = {
    "collectives:network": ("get", network, None, dict.fromkeys(NETWORK_PERSONAS, 200)),
    "collectives:network_coordinators": (
        "get",
        network,
        None,
        {**network_roles(network_coordinator=200), "outsider": 403},
    ),
    "collectives:network_coordinator_remove": (
        "post",
        _role,
        {},
        {**network_roles(network_coordinator=302), "outsider": 403},
    ),
    "consultations:network_create": (
        "get",
        network,
        None,
        {**network_roles(network_coordinator=200), "outsider": 403},
    ),
    "consultations:detail": ("get", _c, None, READER),
    "consultations:report": ("get", _c, None, READER),
    "consultations:data_csv": ("get", _c, None, READER),
    "consultations:edit": ("get", _c, None, RUNNER),
    "consultations:questions": ("get", _c, None, RUNNER),
    "consultations:grid": ("get", _c, None, RUNNER),
    "consultations:rounds": ("get", _c, None, READER),
    "consultations:synthesis": ("get", _c, None, RUNNER),
    "consultations:close": ("get", _c, None, RUNNER),
    "consultations:groups": ("get", _c, None, ADDS_GROUPS),
    "consultations:group_facilitators": ("get", _gx, None, TERRITORY_X_SETUP),
    "consultations:group_edit": ("get", _gx, None, TERRITORY_X_SETUP),
    "consultations:wall": ("get", _gx, None, {**TERRITORY_X, "anonymous": 404}),
    "consultations:screen": ("get", _gx, None, TERRITORY_X),
    "consultations:theme_board": ("get", _gx, None, TERRITORY_X),
    "consultations:paper": ("get", _gx, None, TERRITORY_X),
}

# The raw notes of X's group, on the pages each persona may open: only those who run
# the consultation or X's part of it, and X's facilitator, ever read them.
SEES_X_NOTES = {"network_coordinator", "territory_coordinator", "territory_facilitator"}
