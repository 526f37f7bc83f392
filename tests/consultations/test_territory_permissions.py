"""The permission matrix of the territories' syntheses for the people of a network
(matrix_territory.NETWORK_MATRIX); the usual personas are in test_permissions.py."""

import pytest
from django.urls import reverse

from tests.former import snapshot
from tests.permission_helpers import LOGIN
from tests.security import assert_security_headers

from .matrix_territory import NETWORK_MATRIX, NETWORK_PERSONAS, REFUSED
from .territory import build_network_consultation


@pytest.mark.parametrize("persona", NETWORK_PERSONAS)
@pytest.mark.parametrize("entry", sorted(NETWORK_MATRIX), ids="-".join)
def test_network_matrix(client, world, entry, persona):
    method, builder, data, expected = NETWORK_MATRIX[entry]
    net = build_network_consultation(world)
    url = reverse(entry[0], args=builder(world))
    person = net.persona(world, persona)
    if person is not None:
        client.force_login(person)
    before = snapshot()
    response = getattr(client, method)(url, data or {})
    wanted = expected[persona]
    if wanted == REFUSED:
        assert response.status_code in {403, 404}, f"{persona} on {url}"
        assert snapshot() == before, f"{persona} on {url} changed something"
    else:
        assert response.status_code == wanted, f"{persona} on {url}"
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    assert_security_headers(response, url)
    if persona == "anonymous":
        assert response["Location"].startswith(LOGIN)
