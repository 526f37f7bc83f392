"""Entries of the permission matrix (tests/test_permissions.py) for referrals, and the
referrals' own matrix with the people of structures (tests/orientation/
test_referrals_matrix.py).

In the world's matrix, a referral goes from Caritas Genève's professional to an offer
of "Fondation Qualife", the world's organisation: the world's member is one of the
receiving structure's people, the facilitator and the observer have no organisation.

- The lists: coordinators and people of a structure (the member); others 403.
- The send form: coordinators and members who represent an organisation.
- A referral, its document, accept, refuse, close: the receiving structure's people and
  coordinators; other members get 404 (the referral does not exist for them).
- Cancel: its sender only (neither persona of the world is: 403 for those who see it).
- The counts: coordinators and people of a structure.
"""

from maillage.orientation import services_referrals as services

from ..permission_helpers import in_collective
from .setting_referrals import build_network, pdf, send


def collective(w):
    build_network(w)
    return [w.collective.slug]


def offer(w):
    return [w.collective.slug, build_network(w).offer.uuid]


def referral(w):
    network = build_network(w)
    return [w.collective.slug, send(network, document=pdf()).uuid]


def accepted(w):
    network = build_network(w)
    made = send(network)
    services.accept_referral(actor=w.coordinator, referral=made)
    return [w.collective.slug, made.uuid]


# The world's member is the receiving structure's; facilitator and observer see nothing.
RECEIVERS = {**in_collective(200, minimum="member"), "facilitator": 404, "observer": 404}
DECIDERS = {**RECEIVERS, "member": 302, "coordinator": 302}
NOT_THE_SENDER = {**RECEIVERS, "member": 403, "coordinator": 403}

MATRIX = {
    "orientation:referrals": (
        "get",
        collective,
        None,
        {**RECEIVERS, "facilitator": 403, "observer": 403},
    ),
    "orientation:referral_counts": (
        "get",
        collective,
        None,
        {**RECEIVERS, "facilitator": 403, "observer": 403},
    ),
    "orientation:referral_send": (
        "get",
        offer,
        None,
        {**RECEIVERS, "facilitator": 403, "observer": 403},
    ),
    "orientation:referral": ("get", referral, None, RECEIVERS),
    "orientation:referral_document": ("get", referral, None, RECEIVERS),
    "orientation:referral_accept": ("post", referral, None, DECIDERS),
    "orientation:referral_refuse": ("post", referral, {"reason": "no_place"}, DECIDERS),
    "orientation:referral_close": ("post", accepted, None, DECIDERS),
    "orientation:referral_cancel": ("post", referral, None, NOT_THE_SENDER),
}

# On a public collective, an outsider reaches the collective but not the lists, the
# counts or the send form (403); a referral still does not exist for them (404).
COLLECTIVE_PAGES = {
    "orientation:referrals",
    "orientation:referral_counts",
    "orientation:referral_send",
}
PUBLIC_MATRIX = {
    name: (
        method,
        builder,
        data,
        {**expected, "outsider": 403 if name in COLLECTIVE_PAGES else 404},
    )
    for name, (method, builder, data, expected) in MATRIX.items()
}


# ---------------------------------------------------------------------- the referrals' own


PERSONAS = [
    "anonymous",
    "outsider",
    "observer",
    "plain_member",
    "other_structure",
    "sender",
    "receiver",
    "coordinator",
]


def expect(default, **by_persona):
    return {persona: by_persona.get(persona, default) for persona in PERSONAS}


def net_collective(n):
    return [n.world.collective.slug]


def net_offer(n):
    return [n.world.collective.slug, n.offer.uuid]


def net_referral(n):
    return [n.world.collective.slug, send(n, document=pdf()).uuid]


def net_accepted(n):
    made = send(n)
    services.accept_referral(actor=n.receiver, referral=made)
    return [n.world.collective.slug, made.uuid]


SEES = expect(404, anonymous=302, sender=200, receiver=200, coordinator=200)

NETWORK_MATRIX = {
    "orientation:referrals": (
        "get",
        net_collective,
        None,
        expect(200, anonymous=302, outsider=404, observer=403, plain_member=403),
    ),
    "orientation:referral_counts": (
        "get",
        net_collective,
        None,
        expect(200, anonymous=302, outsider=404, observer=403, plain_member=403),
    ),
    "orientation:referral_send": (
        "get",
        net_offer,
        None,
        expect(200, anonymous=302, outsider=404, observer=403, plain_member=403),
    ),
    "orientation:referral": ("get", net_referral, None, SEES),
    "orientation:referral_document": ("get", net_referral, None, SEES),
    "orientation:referral_accept": (
        "post",
        net_referral,
        None,
        {**SEES, "sender": 403, "receiver": 302, "coordinator": 302},
    ),
    "orientation:referral_refuse": (
        "post",
        net_referral,
        {"reason": "no_place"},
        {**SEES, "sender": 403, "receiver": 302, "coordinator": 302},
    ),
    "orientation:referral_close": (
        "post",
        net_accepted,
        None,
        {**SEES, "sender": 403, "receiver": 302, "coordinator": 302},
    ),
    "orientation:referral_cancel": (
        "post",
        net_referral,
        None,
        {**SEES, "sender": 302, "receiver": 403, "coordinator": 403},
    ),
}

NETWORK = build_network
