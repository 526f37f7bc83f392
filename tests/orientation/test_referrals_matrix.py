"""The referrals' permission matrix with the people of structures: a referral is seen by
its sender, the people of the receiving structure and the coordinators, and by no one
else (another structure's people, a member without a structure, an observer, an
outsider, a visitor), on every URL; what they get never shows the person's data."""

import pytest
from django.urls import reverse

from ..security import assert_security_headers
from .matrix_referrals import NETWORK_MATRIX, PERSONAS
from .setting_referrals import build_network

pytestmark = pytest.mark.django_db

SEE = {"sender", "receiver", "coordinator"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(NETWORK_MATRIX))
def test_referrals_matrix(client, world, name, persona):
    network = build_network(world)
    method, builder, data, expected = NETWORK_MATRIX[name]
    person = network.persona(persona)
    if person is not None:
        client.force_login(person)
    url = reverse(name, args=builder(network))
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected[persona], f"{persona} on {url}"
    assert_security_headers(response, url)
    if persona not in SEE and not getattr(response, "streaming", False):
        assert "Dupont" not in response.content.decode(), f"{persona} on {url}"


def test_every_referral_url_is_in_the_matrix():
    from .matrix_referrals import MATRIX

    assert set(NETWORK_MATRIX) == set(MATRIX)
