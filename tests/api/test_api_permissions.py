"""The API's permission matrix: every operation (method × URL name), every persona, the
answer each must get. Tokens act for their owner inside their collectives only, and the
rules of the pages decide (tests/api/setting.py names the personas)."""

import json

import pytest
from django.urls import URLResolver, reverse

from maillage.api import urls as api_urls

from . import (
    matrix_actions,
    matrix_collectives,
    matrix_consultations,
    matrix_employers,
    matrix_employment,
    matrix_events,
    matrix_fund,
    matrix_governance,
    matrix_meetings,
    matrix_orientation,
    matrix_premises,
    matrix_projects,
)
from .setting import API_PERSONAS, give_tokens, headers

MATRIX = {}
for _area in (
    matrix_collectives,
    matrix_governance,
    matrix_meetings,
    matrix_actions,
    matrix_projects,
    matrix_events,
    matrix_consultations,
    matrix_premises,
    matrix_orientation,
    matrix_employment,
    matrix_employers,
    matrix_fund,
):
    MATRIX.update(_area.MATRIX)


def operations():
    """Every "method api:name" the API answers."""
    found = set()
    for pattern in api_urls.urlpatterns + api_urls.router.urls:
        if isinstance(pattern, URLResolver) or not pattern.name:
            continue  # the router's include, and the JSON 404 for any other address
        callback = pattern.callback
        actions = getattr(callback, "actions", None)
        if actions:
            methods = actions.keys()
        else:
            view = callback.cls
            methods = [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]
        for method in methods:
            if method in {"head", "options"}:
                continue
            found.add(f"{method} api:{pattern.name}")
    return found


def test_every_operation_is_in_the_matrix():
    missing = operations() - set(MATRIX)
    assert not missing, f"API operations without a line in the matrix: {sorted(missing)}"
    unknown = set(MATRIX) - operations()
    assert not unknown, f"Matrix lines for no operation: {sorted(unknown)}"


@pytest.fixture
def api_world(world):
    return give_tokens(world)


def call(client, world, key, persona):
    builder, body, expected = MATRIX[key]
    method, name = key.split(" ", 1)
    url = reverse(name, args=builder(world) if builder else [])
    send = getattr(client, method)
    kwargs = {"headers": headers(world, persona)}
    if body is not None:
        data = body(world) if callable(body) else body
        kwargs.update(data=json.dumps(data), content_type="application/json")
    return url, send(url, **kwargs), expected[persona]


@pytest.mark.parametrize("persona", API_PERSONAS)
@pytest.mark.parametrize("key", sorted(MATRIX))
def test_api_matrix(client, api_world, key, persona):
    url, response, expected = call(client, api_world, key, persona)
    assert response.status_code == expected, f"{persona} {key} {url}: {response.content[:300]}"
    if response.status_code >= 400:
        assert "detail" in response.json() or response.status_code == 400
