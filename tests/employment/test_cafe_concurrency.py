"""The same registration posted many times at the same moment, in real threads with
their own database connections (SQLite, or PostgreSQL in CI): one row."""

import pytest

from maillage.employment.models import Seeker

from ..threads import run_together
from .setting_cafe import build_cafe, register

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_registration_sent_together_makes_one_row(world):
    made = build_cafe(world, seekers=0)

    results, errors = run_together([lambda: register(made) for _ in range(8)], threads=8)

    assert errors == []
    assert len(results) == 8
    assert Seeker.objects.filter(cafe=made.cafe).count() == 1
    assert len({seeker.pk for seeker in results}) == 1
    assert sum(1 for seeker in results if not seeker.already) == 1
