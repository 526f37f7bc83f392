"""Three reference scenarios of the economic model, computed by hand (the arithmetic
is in the comments), matched to the cent by economics.py and by the XLSX's formulas
evaluated in pure Python (pycel)."""

from decimal import Decimal as D

import pytest

from maillage.premises import economics

from .economics_sheet import Evaluated, workbook_bytes

# 1. The Sicoval PTCE in 2013 (economics.SICOVAL_2013).
#
# Costs a year:
#   owner's rent  1,000 m² × 60 €/m²/year            = 60,000.00
#   charges 15,000.00 + staff 40,000.00 + insurance 2,500.00 + other 3,000.00
#   fit-out       50,000 / 10 years                  =  5,000.00
#   total  60,000 + 15,000 + 40,000 + 2,500 + 5,000 + 3,000 = 125,500.00
# Income a year:
#   permanents    600 m² × 9.50 × 12                 = 68,400.00
#   part-timers   2 × 250 × 12                       =  6,000.00
#   meeting rooms 2 × 440 half-days × 40 % × 45      = 15,840.00
#   modular room  1 × 440 × 30 % × 120               = 15,840.00
#   desks         6 × 440 × 50 % × 10                = 13,200.00
#   services 4,000 + concierge 3,000 + cooperation 5,000 = 12,000.00
#   total  68,400 + 6,000 + 15,840 + 15,840 + 13,200 + 12,000 = 131,280.00
# Result: 131,280 − 125,500 = 5,780.00
# Break-even (the others at their assumption): needed = costs − (income − the kind's)
#   meeting rooms (125,500 − 131,280 + 15,840) / (2 × 440 × 45) = 10,060 / 39,600
#                 = 25.404…% → 25.40
#   modular room  10,060 / (440 × 120) = 10,060 / 52,800 = 19.053…% → 19.05
#   desks         (125,500 − 131,280 + 13,200) / (6 × 440 × 10) = 7,420 / 26,400
#                 = 28.106…% → 28.11
# The later 500 m² (from 2014): costs 500 × 60 + 7,500 = 37,500.00; income 350 × 9.50 × 12
#   = 39,900.00; result with it 5,780 + 39,900 − 37,500 = 8,180.00
# Against occupancy p % (every kind): 86,400 (income without rentals) + (396 + 528 + 264) × p
#   − 125,500 = 1,188 p − 39,100: 0 % → −39,100.00, 40 % → 8,420.00, 100 % → 79,700.00
# Against price (+d %): 119,280 × (1 + d) + 12,000 − 125,500: −50 % → −53,860.00,
#   +50 % → 65,420.00
SICOVAL = {
    "inputs": economics.SICOVAL_2013,
    "total_costs": D("125500.00"),
    "total_income": D("131280.00"),
    "result": D("5780.00"),
    "break_even": {"meeting_room": D("25.40"), "event_room": D("19.05"), "desks": D("28.11")},
    "with_later": D("8180.00"),
    "occupancy": {0: D("-39100.00"), 4: D("8420.00"), 10: D("79700.00")},
    "price": {0: D("-53860.00"), 5: D("5780.00"), 10: D("65420.00")},
}

# 2. A small room in Geneva, the owner's rent by the month, a fit-out that does not
# divide, and rooms that cannot break even.
# Costs: rent 100 m² × 15 CHF × 12 = 18,000.00; charges 1,200.00; insurance 300.50;
#   fit-out 10,000 / 3 = 3,333.333… → 3,333.33; total 22,833.83
# Income: part-timer 1 × 333.33 × 12 = 3,999.96; meeting room 1 × 400 × 12.5 % × 30.01
#   = 50 × 30.01 = 1,500.50; modular room none (0 spaces); desks 4 × 200 × 33.3 % × 7.50
#   = 266.4 × 7.50 = 1,998.00; subsidies 1,000.00; total 8,498.46
# Result: 8,498.46 − 22,833.83 = −14,335.37
# Break-even: meeting room (22,833.83 − 8,498.46 + 1,500.50) / (400 × 30.01)
#   = 15,835.87 / 12,004 = 131.921…% → 131.92, not reachable; desks
#   (22,833.83 − 8,498.46 + 1,998.00) / (800 × 7.50) = 16,333.37 / 6,000 = 272.222…%
#   → 272.22, not reachable; the modular room: none (no space).
# At 50 %: 3,999.96 + 1,000 − 22,833.83 + 400 × 0.5 × 30.01 + 800 × 0.5 × 7.50
#   = −17,833.87 + 6,002.00 + 3,000.00 = −8,831.87
# Prices −50 %: 1,999.98 + 750.25 + 999.00 + 1,000 − 22,833.83 = −18,084.60
GENEVA = {
    "inputs": {
        "currency": "CHF",
        "surface_m2": "100",
        "owner_rent_per_m2": "15",
        "owner_rent_period": "month",
        "charges": "1200",
        "staff": "0",
        "insurance": "300.50",
        "fit_out": "10000",
        "fit_out_years": "3",
        "other_costs": "0",
        "let_m2": "0",
        "permanent_rent_per_m2_month": "0",
        "part_timers": "1",
        "part_time_month": "333.33",
        "services": "0",
        "concierge": "0",
        "subsidies": "1000",
        "kinds": [
            {
                "kind": "meeting_room",
                "units": "1",
                "half_days": "400",
                "occupancy": "12.5",
                "price": "30.01",
            },
            {
                "kind": "event_room",
                "units": "0",
                "half_days": "440",
                "occupancy": "0",
                "price": "100",
            },
            {
                "kind": "desks",
                "units": "4",
                "half_days": "200",
                "occupancy": "33.3",
                "price": "7.50",
            },
        ],
        "later": False,
    },
    "total_costs": D("22833.83"),
    "total_income": D("8498.46"),
    "result": D("-14335.37"),
    "break_even": {"meeting_room": D("131.92"), "event_room": None, "desks": D("272.22")},
    "with_later": None,
    "occupancy": {5: D("-8831.87")},
    "price": {0: D("-18084.60")},
}

# 3. Half a cent, and a kind that breaks even empty.
# Costs: 10 m² × 100 € a year = 1,000.00. Income: permanents 10 m² × 10 × 12 = 1,200.00;
#   a meeting room 1 × 1 half-day × 50 % × 0.01 = 0.005 → 0.01 (half-up, not to even).
# Result: 1,200.01 − 1,000.00 = 200.01
# Break-even of the room: (1,000 − 1,200.01 + 0.01) / 0.01 = −20,000 % → 0 (even empty).
# The later 5 m²: costs 5 × 100 = 500.00, income 0: result with it 200.01 − 500 = −299.99
# At 40 %: 0.004 → 0.00, result 200.00; prices −50 %: 600.00 + 0.0025 → 0.00 − 1,000
#   = −400.00
HALF_CENT = {
    "inputs": {
        "currency": "EUR",
        "surface_m2": "10",
        "owner_rent_per_m2": "100",
        "owner_rent_period": "year",
        **dict.fromkeys(("charges", "staff", "insurance", "fit_out", "other_costs"), "0"),
        "fit_out_years": "1",
        "let_m2": "10",
        "permanent_rent_per_m2_month": "10",
        **dict.fromkeys(("part_timers", "part_time_month", "services", "concierge"), "0"),
        "subsidies": "0",
        "kinds": [
            {
                "kind": "meeting_room",
                "units": "1",
                "half_days": "1",
                "occupancy": "50",
                "price": "0.01",
            }
        ],
        "later": True,
        "later_from_year": "2027",
        "later_surface_m2": "5",
        "later_let_m2": "0",
        "later_costs": "0",
    },
    "total_costs": D("1000.00"),
    "total_income": D("1200.01"),
    "result": D("200.01"),
    "break_even": {"meeting_room": D("0.00")},
    "with_later": D("-299.99"),
    "occupancy": {4: D("200.00"), 5: D("200.01")},
    "price": {0: D("-400.00")},
}

REFERENCES = {"sicoval_2013": SICOVAL, "geneva_small_room": GENEVA, "half_a_cent": HALF_CENT}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_the_model_matches_the_hand_computed_figures(name):
    expected = REFERENCES[name]
    result = economics.compute(expected["inputs"])
    assert result.total_costs == expected["total_costs"]
    assert result.total_income == expected["total_income"]
    assert result.result == expected["result"]
    assert {kind: be.occupancy for kind, be in result.break_even.items()} == expected["break_even"]
    for _kind, be in result.break_even.items():
        assert be.reachable == (be.occupancy is not None and be.occupancy <= 100)
    if expected["with_later"] is None:
        assert result.later is None
    else:
        assert result.later.result == expected["with_later"]
    for index, value in expected["occupancy"].items():
        assert result.by_occupancy[index][1] == value
    for index, value in expected["price"].items():
        assert result.by_price[index][1] == value


def test_not_reachable_and_reached_empty():
    geneva = economics.compute(GENEVA["inputs"]).break_even
    assert not geneva["meeting_room"].reachable
    assert not geneva["event_room"].reachable
    assert economics.compute(HALF_CENT["inputs"]).break_even["meeting_room"].reachable


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_the_spreadsheet_formulas_give_the_same_figures(name, db):
    expected = REFERENCES[name]
    sheet = Evaluated(workbook_bytes(expected["inputs"]))
    assert sheet.result("Total costs") == expected["total_costs"]
    assert sheet.result("Total income") == expected["total_income"]
    assert sheet.result("Result of the year") == expected["result"]
    kinds = [row["kind"] for row in expected["inputs"]["kinds"]]
    for row, kind in enumerate(kinds, start=2):
        be = expected["break_even"][kind]
        assert sheet.break_even(row) == (None if be is None else be.quantize(D("0.01")))
    if expected["with_later"] is not None:
        assert sheet.result("Result with the later surface") == expected["with_later"]
    occupancy, price = sheet.by_occupancy(), sheet.by_price()
    for index, value in expected["occupancy"].items():
        assert occupancy[index] == value
    for index, value in expected["price"].items():
        assert price[index] == value
    # Every figure of the series, not only the hand-checked ones, as economics.py.
    result = economics.compute(expected["inputs"])
    assert occupancy == [value for _step, value in result.by_occupancy]
    assert price == [value for _step, value in result.by_price]
