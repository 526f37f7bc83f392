"""The economic model's calculator refuses what it cannot use, and keeps a scenario's
inputs as strings."""

from decimal import Decimal

import pytest

from maillage.premises import economics


def _with(**changes):
    data = {**economics.SICOVAL_2013, **changes}
    return data


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"staff": "-1"}, "staff", "negative"),
        ({"currency": "USD"}, "currency", "currency"),
        ({"fit_out_years": "0"}, "fit_out_years", "too_low"),
        ({"part_timers": "1.5"}, "part_timers", "whole"),
        ({"charges": "abc"}, "charges", "number"),
        ({"charges": "NaN"}, "charges", "number"),
        ({"charges": ""}, "charges", "missing"),
        ({"owner_rent_period": "week"}, "owner_rent_period", "period"),
    ],
)
def test_bad_inputs_are_refused_by_name(changes, field, code):
    with pytest.raises(economics.InputError) as refused:
        economics.parse(_with(**changes))
    assert (refused.value.field, refused.value.code) == (field, code)


def test_an_occupancy_above_100_or_below_0_is_refused():
    kinds = [dict(row) for row in economics.SICOVAL_2013["kinds"]]
    kinds[1]["occupancy"] = "100.5"
    with pytest.raises(economics.InputError) as refused:
        economics.parse(_with(kinds=kinds))
    assert (refused.value.field, refused.value.code) == ("kinds.event_room.occupancy", "too_high")
    kinds[1]["occupancy"] = "-1"
    with pytest.raises(economics.InputError) as refused:
        economics.parse(_with(kinds=kinds))
    assert refused.value.code == "negative"


def test_an_office_is_not_priced_by_the_half_day():
    kinds = [{"kind": "office", "units": "1", "half_days": "1", "occupancy": "1", "price": "1"}]
    with pytest.raises(economics.InputError) as refused:
        economics.parse(_with(kinds=kinds))
    assert refused.value.field == "kinds"


def test_inputs_round_trip_as_strings_and_decimals_stay_exact():
    dumped = economics.dump(economics.parse(economics.SICOVAL_2013))
    assert all(
        isinstance(value, str) for key, value in dumped.items() if key not in ("later", "kinds")
    )
    assert economics.compute(dumped) == economics.compute(economics.SICOVAL_2013)
    # 0.1 + 0.2 is exactly 0.30 here, never 0.30000000000000004.
    result = economics.compute(_with(services="0.1", concierge="0.2", subsidies="0"))
    assert result.fixed_income["services"] + result.fixed_income["concierge"] == Decimal("0.30")


def test_the_later_surface_is_left_out_when_not_chosen():
    result = economics.compute(_with(later=False))
    assert result.later is None
    assert result.result == Decimal("5780.00")


def test_a_comma_is_read_as_the_decimal_mark():
    assert economics.compute(_with(insurance="2500,50")).costs["insurance"] == Decimal("2500.50")


def test_the_calculator_imports_no_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(economics.__file__).read_text())
    imported = [
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.split(".")[0] in ("django", "maillage")]


@pytest.mark.django_db
def test_saving_a_version_of_a_scenario_that_does_not_exist_is_refused(world):
    from maillage.core.errors import DomainError
    from maillage.premises import services_economics

    from .setting import build_site

    premises = build_site(world)
    with pytest.raises(DomainError):
        services_economics.save_scenario(
            actor=world.coordinator,
            site=premises.site,
            name="Inconnu",
            inputs=economics.SICOVAL_2013,
            base_version=1,
        )
