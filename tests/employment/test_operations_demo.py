"""The demo's STEF operation loads, through the services, once."""

from datetime import date

import pytest

from maillage.demo.employment_operations import TITLE, load_stef
from maillage.employment import figures_operations as figures
from maillage.employment.models_operations import Candidate, Operation, State

pytestmark = pytest.mark.django_db


def test_the_stef_operation_loads_once(world):
    today = date(2027, 3, 15)
    people = {"olivier": world.member, "sebastien": world.coordinator}
    operation = load_stef(world.collective, people, today=today)
    assert operation.title == TITLE
    assert (operation.starts_on, operation.target_total) == (date(2026, 12, 1), 300)
    assert list(operation.managers.all()) == [world.member]
    assert operation.channels.count() == 3
    candidates = Candidate.objects.filter(operation=operation)
    assert 140 <= candidates.count() <= 160
    assert not candidates.exclude(email__endswith="@example.org").exists()
    assert candidates.filter(state=State.REFUSED).exclude(refusal_reason="").count() == 20
    assert candidates.filter(state=State.OBSOLETE).count() == 8
    rows = figures.monthly(operation, today=today)
    assert (rows[0].month, rows[1].target_cumulative) == (date(2026, 12, 1), 70)
    assert rows[1].hires_cumulative == 70  # the first wave, all hired by the end of January
    assert 70 < rows[3].hires_cumulative < 300  # later hires, behind the target
    assert rows[-1].target_cumulative == 300
    assert load_stef(world.collective, people, today=today) == operation
    assert Operation.objects.filter(collective=world.collective).count() == 1


def test_the_stef_operation_loads_today_without_the_demo_people(world):
    operation = load_stef(world.collective, {})
    assert list(operation.managers.all()) == [world.coordinator]
    rows = figures.monthly(operation)
    assert rows[1].hires_cumulative == 70
    assert load_stef(None, {}) is None
