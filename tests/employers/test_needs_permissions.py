"""Another member's rows (tests/employers/matrix_needs.py OTHER_MATRIX): the world's
member, who acts for the group's first employer only, is refused another member's page
and needs, by GET and by POST, and a refused request changes nothing."""

import pytest
from django.urls import reverse

from maillage.employers.models import Need

from ..permission_helpers import PERSONAS
from .matrix_needs import OTHER_MATRIX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(OTHER_MATRIX))
def test_another_members_rows(client, world, name, persona):
    method, builder, data, expected = OTHER_MATRIX[name]
    person = world.persona(persona)
    if person is not None:
        client.force_login(person)
    url = reverse(name, args=builder(world))
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected[persona], f"{persona} on {url}"
    if response.status_code in {403, 404}:
        assert not Need.objects.filter(withdrawn_at__isnull=False).exists()
