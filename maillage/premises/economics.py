"""The economic model of a site: a year's costs and income, its result, the
occupancy at which each kind of space breaks even, and the result against occupancy
and against price. Pure Python (no Django): the pages, the spreadsheet and the demo
all call ``compute(inputs)``.

Inputs are a dict of plain values (numbers as strings or Decimals, as a scenario
version keeps them in JSON; see ``FIELDS`` and ``KIND_FIELDS``):

- costs a year: the owner's rent (``surface_m2`` × ``owner_rent_per_m2``, the rate
  per m² a year or a month, ``owner_rent_period``), ``charges``, ``staff``,
  ``insurance``, the fit-out (``fit_out`` spread over ``fit_out_years``) and
  ``other_costs``;
- income a year: permanents' rents (``let_m2`` × ``permanent_rent_per_m2_month`` ×
  12), part-timers (``part_timers`` × ``part_time_month`` × 12), occasional rentals
  (per kind of space priced by the half-day: ``units`` × ``half_days`` bookable a
  year each × ``occupancy`` % × ``price`` of a half-day), ``services`` to companies,
  the ``concierge`` service, and cooperation and ``subsidies``;
- the option "the later surface" (``later``): ``later_surface_m2`` more from
  ``later_from_year``, rented from the owner at the same rate, with
  ``later_costs`` a year more and ``later_let_m2`` let at the permanents' rent.

Series: the result with every kind's occupancy at 0, 10, … 100 % (the rest as
assumed), and with every price changed by −50, −40, … +50 % (the permanents' rent per
m², the part-timers' rent and every price of a half-day; services, concierge and
subsidies are not prices and stay as they are).

Rounding (the spreadsheet's formulas do the same, with ROUND(x, 2)): every line of
costs and income is rounded to the cent, half-up (half a cent goes away from zero);
totals are sums of rounded lines; the result is total income minus total costs. A
break-even occupancy is a percentage rounded to two decimals the same way, never
below 0 (the kind may stay empty), and "not reachable" above 100 %.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .money import cents

HUNDRED = Decimal(100)
TWELVE = Decimal(12)
CURRENCIES = ("CHF", "EUR")
PERIODS = {"year": Decimal(1), "month": TWELVE}
# The kinds of space priced by the half-day (premises.models.BOOKABLE_KINDS).
KINDS = ("meeting_room", "event_room", "desks")

# name: (type, minimum). Types: money (2 places), rate (4 places), area (1 place),
# count (a whole number); a minimum of None means any value.
FIELDS = {
    "surface_m2": ("area", 0),
    "owner_rent_per_m2": ("rate", 0),
    "charges": ("money", 0),
    "staff": ("money", 0),
    "insurance": ("money", 0),
    "fit_out": ("money", 0),
    "fit_out_years": ("count", 1),
    "other_costs": ("money", 0),
    "let_m2": ("area", 0),
    "permanent_rent_per_m2_month": ("rate", 0),
    "part_timers": ("count", 0),
    "part_time_month": ("money", 0),
    "services": ("money", 0),
    "concierge": ("money", 0),
    "subsidies": ("money", 0),
    "later_from_year": ("count", 0),
    "later_surface_m2": ("area", 0),
    "later_let_m2": ("area", 0),
    "later_costs": ("money", 0),
}
KIND_FIELDS = {
    "units": ("count", 0),
    "half_days": ("count", 0),
    "occupancy": ("rate", 0),  # a percentage, at most 100
    "price": ("money", 0),
}
COST_LINES = ("owner_rent", "charges", "staff", "insurance", "fit_out", "other_costs")
FIXED_INCOME = ("services", "concierge", "subsidies")
OCCUPANCY_STEPS = tuple(range(0, 101, 10))  # % of the bookable half-days
PRICE_STEPS = tuple(range(-50, 51, 10))  # % change of every price


class InputError(ValueError):
    """A value the model cannot use: ``field`` (``kinds.<kind>.<name>`` for a kind's)
    and ``code``: missing, number, negative, whole, too_high, currency, period, kind."""

    def __init__(self, field, code):
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


def _number(raw, field, kind, minimum):
    if raw is None or raw == "":
        raise InputError(field, "missing")
    try:
        value = Decimal(str(raw).strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise InputError(field, "number") from None
    if not value.is_finite():
        raise InputError(field, "number")
    if kind == "count" and value != value.to_integral_value():
        raise InputError(field, "whole")
    if minimum is not None and value < minimum:
        raise InputError(field, "negative" if minimum == 0 else "too_low")
    return value


@dataclass(frozen=True)
class KindInput:
    kind: str
    units: Decimal
    half_days: Decimal
    occupancy: Decimal
    price: Decimal

    @property
    def capacity(self):
        """The income of the kind at 100 % occupancy (not rounded)."""
        return self.units * self.half_days * self.price


@dataclass(frozen=True)
class Inputs:
    currency: str
    owner_rent_period: str
    later: bool
    values: dict
    kinds: tuple

    def __getattr__(self, name):
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None


def parse(inputs):
    """The inputs as Decimals, or InputError on the first value the model cannot use."""
    currency = inputs.get("currency", "")
    if currency not in CURRENCIES:
        raise InputError("currency", "currency")
    period = inputs.get("owner_rent_period", "year")
    if period not in PERIODS:
        raise InputError("owner_rent_period", "period")
    later = bool(inputs.get("later"))
    values = {}
    for name, (kind, minimum) in FIELDS.items():
        if name.startswith("later_") and not later and not inputs.get(name):
            values[name] = Decimal(0)
            continue
        values[name] = _number(inputs.get(name), name, kind, minimum)
    kinds = []
    seen = set()
    for row in inputs.get("kinds", []):
        name = row.get("kind")
        if name not in KINDS or name in seen:
            raise InputError("kinds", "kind")
        seen.add(name)
        parsed = {
            key: _number(row.get(key), f"kinds.{name}.{key}", kind, minimum)
            for key, (kind, minimum) in KIND_FIELDS.items()
        }
        if parsed["occupancy"] > HUNDRED:
            raise InputError(f"kinds.{name}.occupancy", "too_high")
        kinds.append(KindInput(kind=name, **parsed))
    kinds.sort(key=lambda row: KINDS.index(row.kind))
    return Inputs(currency, period, later, values, tuple(kinds))


def dump(inputs):
    """Parsed inputs as a scenario version keeps them (numbers as strings)."""
    data = {
        "currency": inputs.currency,
        "owner_rent_period": inputs.owner_rent_period,
        "later": inputs.later,
    }
    data.update({name: str(value) for name, value in inputs.values.items()})
    data["kinds"] = [
        {"kind": row.kind, **{key: str(getattr(row, key)) for key in KIND_FIELDS}}
        for row in inputs.kinds
    ]
    return data


@dataclass(frozen=True)
class BreakEven:
    """The occupancy (%) of a kind that makes the result zero, the others at their
    assumption. ``occupancy`` is None when the kind brings nothing even full (no
    units, or no price); ``reachable`` is False above 100 %."""

    kind: str
    occupancy: Decimal | None

    @property
    def reachable(self):
        return self.occupancy is not None and self.occupancy <= HUNDRED


@dataclass(frozen=True)
class Later:
    from_year: int
    costs: Decimal
    income: Decimal
    result: Decimal


@dataclass(frozen=True)
class Result:
    currency: str
    costs: dict  # COST_LINES -> Decimal
    total_costs: Decimal
    permanent: Decimal
    part_time: Decimal
    occasional: dict  # kind -> Decimal
    fixed_income: dict  # FIXED_INCOME -> Decimal
    total_income: Decimal
    result: Decimal
    break_even: dict  # kind -> BreakEven
    later: Later | None
    by_occupancy: tuple  # ((percent, result), ...)
    by_price: tuple  # ((percent change, result), ...)


def owner_rent(inputs, surface):
    return cents(surface * inputs.owner_rent_per_m2 * PERIODS[inputs.owner_rent_period])


def occasional_income(row, occupancy=None, factor=Decimal(1)):
    occupancy = row.occupancy if occupancy is None else occupancy
    return cents(row.units * row.half_days * occupancy / HUNDRED * row.price * factor)


def compute(inputs):
    """The model's outputs (a Result) for ``inputs`` (a dict, or parsed Inputs)."""
    if not isinstance(inputs, Inputs):
        inputs = parse(inputs)
    costs = {
        "owner_rent": owner_rent(inputs, inputs.surface_m2),
        "charges": cents(inputs.charges),
        "staff": cents(inputs.staff),
        "insurance": cents(inputs.insurance),
        "fit_out": cents(inputs.fit_out / inputs.fit_out_years),
        "other_costs": cents(inputs.other_costs),
    }
    total_costs = sum(costs.values(), Decimal("0.00"))

    def priced(factor):
        permanent = cents(inputs.let_m2 * inputs.permanent_rent_per_m2_month * TWELVE * factor)
        part_time = cents(inputs.part_timers * inputs.part_time_month * TWELVE * factor)
        return permanent, part_time

    permanent, part_time = priced(Decimal(1))
    occasional = {row.kind: occasional_income(row) for row in inputs.kinds}
    fixed = {name: cents(getattr(inputs, name)) for name in FIXED_INCOME}
    fixed_total = sum(fixed.values(), Decimal("0.00"))
    total_income = permanent + part_time + sum(occasional.values(), Decimal(0)) + fixed_total
    result = total_income - total_costs

    break_even = {}
    for row in inputs.kinds:
        if row.capacity == 0:
            break_even[row.kind] = BreakEven(row.kind, None)
            continue
        needed = total_costs - (total_income - occasional[row.kind])
        break_even[row.kind] = BreakEven(
            row.kind, max(Decimal(0), cents(needed / row.capacity * HUNDRED))
        )

    later = None
    if inputs.later:
        later_costs = owner_rent(inputs, inputs.later_surface_m2) + cents(inputs.later_costs)
        later_income = cents(inputs.later_let_m2 * inputs.permanent_rent_per_m2_month * TWELVE)
        later = Later(
            int(inputs.later_from_year),
            later_costs,
            later_income,
            result + later_income - later_costs,
        )

    base = permanent + part_time + fixed_total - total_costs
    by_occupancy = tuple(
        (
            Decimal(step),
            base + sum((occasional_income(row, Decimal(step)) for row in inputs.kinds), Decimal(0)),
        )
        for step in OCCUPANCY_STEPS
    )
    by_price = []
    for step in PRICE_STEPS:
        factor = 1 + Decimal(step) / HUNDRED
        income = sum(priced(factor), Decimal(0)) + sum(
            (occasional_income(row, factor=factor) for row in inputs.kinds), Decimal(0)
        )
        by_price.append((Decimal(step), income + fixed_total - total_costs))

    return Result(
        currency=inputs.currency,
        costs=costs,
        total_costs=total_costs,
        permanent=permanent,
        part_time=part_time,
        occasional=occasional,
        fixed_income=fixed,
        total_income=total_income,
        result=result,
        break_even=break_even,
        later=later,
        by_occupancy=by_occupancy,
        by_price=tuple(by_price),
    )


def default_inputs(currency="CHF"):
    """An empty scenario: zeros, the three kinds priced by the half-day."""
    data = dict.fromkeys(FIELDS, "0")
    data.update(currency=currency, owner_rent_period="year", later=False, fit_out_years="1")
    data["later_from_year"] = "0"
    data["kinds"] = [
        {"kind": kind, "units": "0", "half_days": "0", "occupancy": "0", "price": "0"}
        for kind in KINDS
    ]
    return data


# The Sicoval PTCE's premises as its seed minutes (5 March 2013) describe them:
# 1,000 m² rented from the agglomeration, two small meeting rooms and a modular
# 100 m² room priced by the half-day, 12 coworking desks of which 6 are kept by
# Coop'action (the 6 others by the half-day), 600 m² of offices let to the nine
# permanents, two part-timers, and the 500 m² to come in 2014 as an option.
# tests/premises/test_economics_reference.py checks its outputs by hand.
SICOVAL_2013 = {
    "currency": "EUR",
    "surface_m2": "1000",
    "owner_rent_per_m2": "60",
    "owner_rent_period": "year",
    "charges": "15000",
    "staff": "40000",
    "insurance": "2500",
    "fit_out": "50000",
    "fit_out_years": "10",
    "other_costs": "3000",
    "let_m2": "600",
    "permanent_rent_per_m2_month": "9.50",
    "part_timers": "2",
    "part_time_month": "250",
    "services": "4000",
    "concierge": "3000",
    "subsidies": "5000",
    "kinds": [
        {
            "kind": "meeting_room",
            "units": "2",
            "half_days": "440",
            "occupancy": "40",
            "price": "45",
        },
        {"kind": "event_room", "units": "1", "half_days": "440", "occupancy": "30", "price": "120"},
        {"kind": "desks", "units": "6", "half_days": "440", "occupancy": "50", "price": "10"},
    ],
    "later": True,
    "later_from_year": "2014",
    "later_surface_m2": "500",
    "later_let_m2": "350",
    "later_costs": "7500",
}
