"""Conditions over a person's facts, evaluated in three-valued logic.

A condition is plain data (it comes from YAML or from a JSON field)::

    {"fact": "age", "op": "between", "value": [18, 35]}
    {"all": [cond, ...]}   {"any": [cond, ...]}   {"not": cond}

``evaluate(condition, facts, today)`` answers True, False or None (unknown: a fact the
person has not given). ``all``/``any``/``not`` follow Kleene's logic, so a condition is
decided as soon as the known facts decide it: ``any`` is True when one part is True even
if others are unknown, ``all`` is False when one part is False.

``facts`` is a mapping; a fact absent or None is unknown. Dotted names read nested
mappings (``"household.size"``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .errors import EligibilityInputError

UNKNOWN = None


def _years_between(start: dt.date, today: dt.date) -> int:
    """Whole years from ``start`` to ``today`` (an age, or years since arriving)."""
    years = today.year - start.year
    if (today.month, today.day) < (start.month, start.day):
        years -= 1
    return years


def _as_date(value, name) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise EligibilityInputError(f"{name}: {value!r} is not a date (YYYY-MM-DD).") from error


def _between(a, b):
    low, high = b
    return (low is None or a >= low) and (high is None or a <= high)


# Each operator takes (fact value, rule value, today) once the fact is known.
OPERATORS = {
    "eq": lambda a, b, today: a == b,
    "ne": lambda a, b, today: a != b,
    "in": lambda a, b, today: a in b,
    "not_in": lambda a, b, today: a not in b,
    "lt": lambda a, b, today: a < b,
    "le": lambda a, b, today: a <= b,
    "gt": lambda a, b, today: a > b,
    "ge": lambda a, b, today: a >= b,
    "between": lambda a, b, today: _between(a, b),
    "is_true": lambda a, b, today: a is True,
    "is_false": lambda a, b, today: a is False,
    "contains": lambda a, b, today: b in a,
    "contains_any": lambda a, b, today: any(item in a for item in b),
    "years_since_ge": lambda a, b, today: _years_between(_as_date(a, "date"), today) >= b,
    "years_since_lt": lambda a, b, today: _years_between(_as_date(a, "date"), today) < b,
}
UNARY = {"is_true", "is_false", "known"}
RANGE = {"between"}
SEQUENCE = {"in", "not_in", "contains_any"}


def lookup(facts: Mapping, name: str):
    """The value of a fact, or None when it is unknown."""
    value: Any = facts
    for part in name.split("."):
        if not isinstance(value, Mapping):
            return UNKNOWN
        value = value.get(part)
        if value is None:
            return UNKNOWN
    return value


def check(condition) -> None:
    """Raise EligibilityInputError if ``condition`` is not a well-formed condition."""
    if not isinstance(condition, Mapping):
        raise EligibilityInputError(f"A condition must be a mapping, not {condition!r}.")
    if "all" in condition or "any" in condition:
        key = "all" if "all" in condition else "any"
        parts = condition[key]
        if not isinstance(parts, list) or not parts:
            raise EligibilityInputError(f"'{key}' needs a non-empty list of conditions.")
        for part in parts:
            check(part)
        return
    if "not" in condition:
        check(condition["not"])
        return
    if "fact" not in condition or "op" not in condition:
        raise EligibilityInputError(
            f"A condition needs 'fact' and 'op' (or all/any/not): {dict(condition)!r}."
        )
    op = condition["op"]
    if op not in OPERATORS and op != "known":
        raise EligibilityInputError(f"Unknown operator {op!r} in {dict(condition)!r}.")
    if op in UNARY:
        return
    if "value" not in condition:
        raise EligibilityInputError(f"Operator {op!r} needs a 'value': {dict(condition)!r}.")
    value = condition["value"]
    if op in RANGE and not (isinstance(value, list | tuple) and len(value) == 2):
        raise EligibilityInputError(f"'between' needs [low, high]: {dict(condition)!r}.")
    if op in SEQUENCE and not isinstance(value, list | tuple):
        raise EligibilityInputError(f"{op!r} needs a list: {dict(condition)!r}.")


def evaluate(condition: Mapping, facts: Mapping, today: dt.date) -> bool | None:
    """True, False, or None when the known facts do not decide the condition."""
    if "all" in condition:
        seen_unknown = False
        for part in condition["all"]:
            result = evaluate(part, facts, today)
            if result is False:
                return False
            seen_unknown = seen_unknown or result is None
        return None if seen_unknown else True
    if "any" in condition:
        seen_unknown = False
        for part in condition["any"]:
            result = evaluate(part, facts, today)
            if result is True:
                return True
            seen_unknown = seen_unknown or result is None
        return None if seen_unknown else False
    if "not" in condition:
        result = evaluate(condition["not"], facts, today)
        return None if result is None else not result
    value = lookup(facts, condition["fact"])
    op = condition["op"]
    if op == "known":
        return value is not None
    if value is None:
        return UNKNOWN
    try:
        return bool(OPERATORS[op](value, condition.get("value"), today))
    except TypeError:
        # A fact of the wrong type (a text where a number is expected) decides nothing.
        return UNKNOWN


def facts_used(condition: Mapping) -> set[str]:
    """The names of the facts a condition reads (to ask only the questions that matter)."""
    if "all" in condition or "any" in condition:
        key = "all" if "all" in condition else "any"
        return set().union(*(facts_used(part) for part in condition[key]))
    if "not" in condition:
        return facts_used(condition["not"])
    return {condition["fact"]}
