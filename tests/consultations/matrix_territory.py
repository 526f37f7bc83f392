"""Entries of the permission matrix (tests/test_permissions.py) for the territories'
syntheses of a network consultation, in two parts.

``MATRIX`` and ``PUBLIC_MATRIX``: the usual personas, on a network consultation of
``world.collective`` whose groups stand for the collective itself (so its
coordinator is the territory's coordinator). Its facilitator runs the consultation
and reads the draft; members and observers read the list of territories, not a
draft; outsiders never learn a private collective's consultation exists.

``NETWORK_MATRIX``: the people of a network (tests/consultations/territory.py) on
the same URLs: a network coordinator, a territory's coordinator and facilitator
(North), a member of another territory (South), an outsider, anonymous. North's
synthesis is a draft, South's is published. Read by test_network_matrix there.
"""

from .territory import build_network_consultation

# ----------------------------------------------------- the usual personas (MATRIX)


def _own(w):
    """The consultation of ``world.collective`` across a network, one group standing
    for the collective itself, with a theme of its synthesis (a draft)."""
    if getattr(w, "own_territory", None) is not None:
        return w.own_territory
    from maillage.consultations import services, services_territory
    from tests.factories import NetworkFactory

    network = getattr(w, "network", None) or NetworkFactory()
    w.collective.networks.add(network)
    consultation = services.create_consultation(
        actor=w.facilitator,
        collective=w.collective,
        title="Réseau",
        method="spiral",
        network=network,
    )
    services.open_round(actor=w.facilitator, round_=consultation.rounds.get(number=1))
    group = services.add_group(
        actor=w.facilitator, consultation=consultation, name="Centre", territory=w.collective
    )
    theme = services.create_theme(actor=w.facilitator, group=group, title="Logement")
    gathered = services_territory.gather_territory_theme(
        actor=w.coordinator,
        consultation=consultation,
        territory=w.collective,
        themes=[theme],
        title="Se loger",
    )
    w.own_territory = (consultation, gathered)
    return w.own_territory


def consultation(w):
    made, _ = _own(w)
    return [w.collective.slug, made.pk]


def territory(w):
    made, _ = _own(w)
    return [w.collective.slug, made.pk, w.collective.slug]


def territory_theme(w):
    made, theme = _own(w)
    return [w.collective.slug, made.pk, w.collective.slug, theme.pk]


def _ladder(status, *, minimum="coordinator", facilitator=403):
    """``status`` for the coordinator (the territory's) and ``minimum`` up."""
    result = {"anonymous": 302, "outsider": 404, "observer": 403, "member": 403}
    result["facilitator"] = status if minimum == "facilitator" else facilitator
    result["coordinator"] = status
    return result


MATRIX = {
    "consultations:territory_list": (
        "get",
        consultation,
        None,
        {**_ladder(200), "observer": 200, "member": 200, "facilitator": 200},
    ),
    "consultations:territory_synthesis": ("get", territory, None, _ladder(200, facilitator=200)),
    "consultations:territory_theme_edit": ("get", territory_theme, None, _ladder(200)),
    "consultations:territory_theme_delete": (
        "post",
        territory_theme,
        {"version": ""},
        _ladder(302),
    ),
    "consultations:territory_publish": ("post", territory, {}, _ladder(302)),
    # Not published: refused by the service (the page again, with the message).
    "consultations:territory_withdraw": ("post", territory, {}, _ladder(302)),
}

# On a public collective, outsiders may see that the consultation exists, and no more.
PUBLIC_MATRIX = {
    name: (method, builder, data, {**expected, "outsider": 403})
    for name, (method, builder, data, expected) in MATRIX.items()
}


# ---------------------------------------------- the people of a network (NETWORK_MATRIX)

NETWORK_PERSONAS = [
    "anonymous",
    "outsider",
    "network_coordinator",
    "territory_coordinator",
    "territory_facilitator",
    "other_territory_member",
    "host_facilitator",
]
# Refused, whichever way: 403 once the consultation is visible, 404 before.
REFUSED = "refused"


def _net(w):
    return build_network_consultation(w)


def _args(w, territory_name=None, theme=None):
    net = _net(w)
    args = [w.collective.slug, net.consultation.pk]
    if territory_name:
        args.append(getattr(net, territory_name).slug)
    if theme:
        args.append(getattr(net, theme).pk)
    return args


def north(w):
    return _args(w, "north")


def south(w):
    return _args(w, "south")


def north_theme(w):
    return _args(w, "north", "north_theme")


def network_consultation(w):
    return _args(w)


def common_theme(w):
    from maillage.consultations import services_territory

    net = _net(w)
    merged = services_territory.merge_network_themes(
        actor=w.facilitator, consultation=net.consultation, themes=[net.south_theme], title="Bouger"
    )
    return [*_args(w), merged.pk]


def _who(**answers):
    """Anonymous visitors log in, outsiders never learn it exists; the others as
    ``answers`` say (refused unless named)."""
    base = {"anonymous": 302, "outsider": 404}
    return {name: answers.get(name, base.get(name, REFUSED)) for name in NETWORK_PERSONAS}


IN_NETWORK = {
    "network_coordinator": 200,
    "territory_coordinator": 200,
    "territory_facilitator": 200,
    "other_territory_member": 200,
    "host_facilitator": 200,
}

NETWORK_MATRIX = {
    ("consultations:territory_list", "all"): (
        "get",
        network_consultation,
        None,
        _who(**IN_NETWORK),
    ),
    # North's synthesis is a draft: its coordinators and those who run the consultation.
    ("consultations:territory_synthesis", "draft"): (
        "get",
        north,
        None,
        _who(network_coordinator=200, territory_coordinator=200, host_facilitator=200),
    ),
    # South's is published: everyone in the network.
    ("consultations:territory_synthesis", "published"): ("get", south, None, _who(**IN_NETWORK)),
    ("consultations:territory_theme_edit", "draft"): (
        "get",
        north_theme,
        None,
        _who(territory_coordinator=200),
    ),
    ("consultations:territory_theme_delete", "draft"): (
        "post",
        north_theme,
        {"version": ""},
        _who(territory_coordinator=302),
    ),
    ("consultations:territory_publish", "draft"): (
        "post",
        north,
        {},
        _who(territory_coordinator=302),
    ),
    # South's coordinator only: North's is refused there.
    ("consultations:territory_withdraw", "published"): ("post", south, {}, _who()),
    ("consultations:synthesis", "network"): (
        "get",
        network_consultation,
        None,
        _who(network_coordinator=200, host_facilitator=200),
    ),
    ("consultations:synthesis_theme_edit", "network"): (
        "get",
        common_theme,
        None,
        _who(network_coordinator=200, host_facilitator=200),
    ),
}
