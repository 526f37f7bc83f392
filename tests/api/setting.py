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


def count_queries(client, url, head):
    """The number of queries one GET of ``url`` makes (after a first call that warms the
    caches), and its JSON."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, headers=head)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=head)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


def assert_constant_queries(client, url, head, add_rows, *, few=2, many=12):
    """A list endpoint makes as many queries for ``many`` rows as for ``few``:
    ``add_rows(n)`` adds n rows the list shows."""
    add_rows(few)
    before, first = count_queries(client, url, head)
    add_rows(many - few)
    after, second = count_queries(client, url, head)
    assert second["count"] >= first["count"] + (many - few), (first["count"], second["count"])
    assert after == before, (
        f"{url}: {before} queries for {first['count']} rows, {after} for {second['count']}"
    )
