"""The API's personas: ``world`` (tests/conftest.py) with one token each.

Each person's token reaches their own collective (the outsider's reaches ``other``) and
may change data; ``reader`` is the coordinator with a token that may only read, and
``anonymous`` sends no token.
"""

from maillage.api import services

API_PERSONAS = [
    "anonymous",
    "outsider",
    "observer",
    "member",
    "facilitator",
    "coordinator",
    "reader",
]


def give_tokens(world):
    world.tokens = {"anonymous": None}
    for persona in ("observer", "member", "facilitator", "coordinator"):
        person = getattr(world, persona)
        _, world.tokens[persona] = services.create_token(
            person, name="tests", collectives=[world.collective], can_write=True
        )
    _, world.tokens["outsider"] = services.create_token(
        world.outsider, name="tests", collectives=[world.other], can_write=True
    )
    _, world.tokens["reader"] = services.create_token(
        world.coordinator, name="read only", collectives=[world.collective]
    )
    return world


def headers(world, persona):
    token = world.tokens[persona]
    return {"Authorization": f"Bearer {token}"} if token else {}


def api_in_collective(
    status, *, minimum="observer", below=403, anonymous=404, outsider=404, reader=None
):
    """``status`` from role ``minimum`` up, ``below`` under it. Anonymous visitors and
    outsiders do not see a private collective (404). ``reader`` (the coordinator with a
    read-only token) gets ``status`` on reads; give it for changes (403)."""
    order = ["observer", "member", "facilitator", "coordinator"]
    result = {"anonymous": anonymous, "outsider": outsider}
    for role in order:
        result[role] = status if order.index(role) >= order.index(minimum) else below
    result["reader"] = status if reader is None else reader
    return result


def api_change(status, *, minimum="member", below=403):
    """A change: like ``api_in_collective``, and refused to the read-only token (403)."""
    return api_in_collective(status, minimum=minimum, below=below, reader=403)
