"""Schemathesis over every operation of the committed schema (docs/api/openapi.yaml):
requests generated from the schema, sent to the site in this process (WSGI), each
answer checked: no server error, a status the schema documents, a body and headers that
match it. The collective in every path is the test world's (so that the generated
requests reach real rows, not only 404s) and ids are those of real rows half the time
(built by the operation's line of the permission matrix); the token is the
coordinator's, which may read and change everything there."""

from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from maillage.wsgi import application

from .setting import give_tokens
from .world_api import real_parameters

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
# Examples and fuzzing (20 generated requests per operation, valid and not); the
# coverage phase, which walks every boundary of every parameter, is left to
# `schemathesis run` by hand: it takes minutes per operation.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_path(SCHEMA, config=CONFIG)
schema.app = application

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def api_world(world, request):
    give_tokens(world)
    # "test_…[GET /api/v1/collectives/{slug}/actions/{id}/]": that operation's rows.
    path = request.node.name.split(" ", 1)[1].rstrip("]")
    world.real = real_parameters(world, path)
    # As Django's test client does: the request's end must not close the test's
    # database connection (its transaction holds the world).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_every_operation_keeps_to_the_schema(case, api_world):
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        parameters["slug"] = api_world.collective.slug
    # Half the requests to real rows (the other half keep what was generated: 404s).
    if api_world.real and hash(str(sorted(parameters.items()))) % 2:
        parameters.update(api_world.real)
    token = api_world.tokens["coordinator"]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
