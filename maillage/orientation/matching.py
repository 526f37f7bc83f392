"""Which offers of a collective's catalogue a person may get into, fast.

The questionnaire evaluates the whole catalogue after every answer, and the public
search may do so on each request: with 2,000 offers that must stay well under 50 ms.
So the offers' rules are read with ONE query (uuid, criteria, updated_at, as the
database's text), each compiled once per process and kept by (uuid, updated_at): an
offer changed gets a new key, and its old rule is simply no longer asked for.
``match`` reads, in the same query, the fields a result shows, as values.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass
from uuid import UUID

from django.db.models import TextField
from django.db.models.functions import Cast

from maillage.eligibility import (
    ALREADY,
    ELIGIBLE,
    REFUSED,
    UNCERTAIN,
    EligibilityInputError,
    Reason,
    Result,
    Rule,
    conditions,
)
from maillage.eligibility.rules import FAILED, PASSED, TO_CONFIRM, TOOL, UNKNOWN

from .models import Offer, Structure

# Compiled rules by (uuid, updated_at). Bounded: past the limit it starts again empty
# (an offer's rule is rebuilt from its criteria in microseconds).
_CACHE: dict = {}
_CACHE_LIMIT = 50_000
_LOCK = threading.Lock()


class Compiled:
    """An offer's rule made quick to evaluate: each possible Reason and Result is built
    once, so that an evaluation only decides each criterion and picks them. Gives the
    same Result as ``eligibility.evaluate`` (tests/orientation/test_matching.py)."""

    __slots__ = ("already", "reasons", "results", "rule", "steps", "uuid")

    def __init__(self, rule: Rule | None, uuid: str):
        self.rule = rule
        self.uuid = uuid
        self.results = {}
        if rule is None:
            # Criteria that cannot be read (typed by hand in the admin, say): shown as
            # uncertain with no reason rather than breaking the questionnaire.
            self.steps = ()
            self.reasons = ()
            self.already = None
            self.results[()] = Result(uuid, UNCERTAIN, ())
            return
        self.steps = tuple(
            (compile_condition(criterion.when) if criterion.check == TOOL else None)
            for criterion in rule.criteria
        )
        self.already = None if rule.already is None else compile_condition(rule.already)
        self.reasons = tuple(
            {
                status: Reason(c.id, c.label, status, c.check, c.when)
                for status in (PASSED, FAILED, UNKNOWN, TO_CONFIRM)
            }
            for c in rule.criteria
        )

    def evaluate(self, facts, today: dt.date) -> Result:
        if self.rule is None:
            return self.results[()]
        statuses = tuple(
            TO_CONFIRM if step is None else _STATUS[step(facts, today)] for step in self.steps
        )
        already = self.already is not None and self.already(facts, today) is True
        key = (already, statuses)
        result = self.results.get(key)
        if result is None:
            reasons = tuple(self.reasons[i][status] for i, status in enumerate(statuses))
            if already:
                outcome = ALREADY
            elif FAILED in statuses:
                outcome = REFUSED
            elif UNKNOWN in statuses:
                outcome = UNCERTAIN
            else:
                outcome = ELIGIBLE
            result = self.results[key] = Result(self.rule.id, outcome, reasons)
        return result


_STATUS = {True: PASSED, False: FAILED, None: UNKNOWN}


def compile_condition(condition):
    """A condition as a function (facts, today) -> True, False or None that answers as
    ``conditions.evaluate`` does, without reading the condition's dicts each time."""
    if "all" in condition or "any" in condition:
        every = "all" in condition
        parts = tuple(compile_condition(part) for part in condition["all" if every else "any"])
        stop = not every  # all: stop at False; any: stop at True

        def combined(facts, today):
            unknown = False
            for part in parts:
                result = part(facts, today)
                if result is stop:
                    return stop
                if result is None:
                    unknown = True
            return None if unknown else not stop

        return combined
    if "not" in condition:
        inner = compile_condition(condition["not"])

        def negated(facts, today):
            result = inner(facts, today)
            return None if result is None else not result

        return negated
    name, op, value = condition["fact"], condition["op"], condition.get("value")
    if "." in name:

        def read(facts, name=name):
            return conditions.lookup(facts, name)
    else:

        def read(facts, name=name):
            return facts.get(name)

    if op == "known":
        return lambda facts, today: read(facts) is not None
    operator = conditions.OPERATORS[op]

    def leaf(facts, today):
        fact = read(facts)
        if fact is None:
            return None
        try:
            return bool(operator(fact, value, today))
        except TypeError:
            return None

    return leaf


@dataclass(frozen=True)
class Entry:
    """One published offer of the catalogue, as the matching reads it."""

    pk: int
    uuid: str
    compiled: Compiled

    @property
    def rule(self):
        return self.compiled.rule


def _compile(uuid_text, criteria_text, updated_text):
    key = (uuid_text, updated_text)
    compiled = _CACHE.get(key)
    if compiled is None:
        uuid = str(UUID(uuid_text))
        try:
            criteria = json.loads(criteria_text) if criteria_text else []
            rule = Rule.from_dict({"id": uuid, "name": {}, "criteria": criteria or []})
        except (EligibilityInputError, ValueError, TypeError, AttributeError):
            rule = None
        compiled = Compiled(rule, uuid)
        with _LOCK:
            if len(_CACHE) >= _CACHE_LIMIT:
                _CACHE.clear()
            _CACHE[key] = compiled
    return compiled


def _compiled_rows(collective, rows):
    """Each row's compiled rule; a row is (uuid as text, updated_at as text, pk, …). The criteria of
    the offers not compiled yet are read then, in one more query: a catalogue already
    compiled costs no transfer of its criteria."""
    found = [_CACHE.get((row[0], row[1])) for row in rows]
    missing = [row[2] for row, compiled in zip(rows, found, strict=True) if compiled is None]
    if missing:
        criteria = dict(_rows(collective).filter(pk__in=missing).values_list("pk", "criteria_text"))
        for index, row in enumerate(rows):
            if found[index] is None:
                found[index] = _compile(row[0], criteria.get(row[2]), row[1])
    return found


def forget_compiled_rules():
    """Empty the process's cache (tests)."""
    with _LOCK:
        _CACHE.clear()


def published_offers(collective):
    return Offer.objects.filter(structure__collective=collective, published=True)


def catalogue(collective) -> list[Entry]:
    """The published offers' rules, from one query once they are compiled (their uuid
    and updated_at read as the database's text: no conversion per row); the criteria
    of offers not compiled yet are read and decoded then, with one more query."""
    rows = list(_rows(collective).values_list("uuid_text", "updated_text", "pk"))
    return [
        Entry(row[2], compiled.uuid, compiled)
        for row, compiled in zip(rows, _compiled_rows(collective, rows), strict=True)
    ]


def evaluate_entries(entries, facts, today: dt.date) -> list[tuple[Entry, Result]]:
    return [(entry, entry.compiled.evaluate(facts, today)) for entry in entries]


def evaluate_catalogue(collective, facts, today: dt.date) -> dict[str, Result]:
    """Each published offer's Result by uuid: one query, no offer read."""
    return {
        entry.uuid: result
        for entry, result in evaluate_entries(catalogue(collective), facts, today)
    }


# The fields of an offer that a result shows (result_questionnaire.offer_outcome).
SHOWN = (
    "name",
    "summary",
    "kind",
    "access",
    "how_to_apply",
    "documents",
    "contact_name",
    "phone",
    "email",
    "hours",
    "address",
    "postcode",
    "commune",
    "remote",
    "cost",
)


class OfferSummary:
    """An offer as a result shows it: ``pk``, ``uuid`` (text), the fields of ``SHOWN``,
    ``structure_id`` and ``structure`` (the Structure). Read as values, since building
    2,000 model instances costs more than the whole evaluation; the Offer itself is
    ``Offer.objects.get(pk=summary.pk)``."""

    __slots__ = ("pk", "structure_id", "uuid", "structure", *SHOWN)

    def __init__(self, values, uuid, structure):
        for name, value in zip(COLUMNS, values, strict=True):
            setattr(self, name, value)
        self.uuid = uuid
        self.structure = structure

    def __repr__(self):
        return f"<OfferSummary {self.pk}: {self.name}>"


COLUMNS = ("pk", "structure_id", *SHOWN)


def _rows(collective):
    return published_offers(collective).annotate(
        uuid_text=Cast("uuid", TextField()),
        criteria_text=Cast("criteria", TextField()),
        updated_text=Cast("updated_at", TextField()),
    )


def match(collective, facts, today: dt.date) -> list[tuple[OfferSummary, Result]]:
    """Every published offer of the collective's catalogue with its Result for a person
    described by ``facts`` (the fact vocabulary of maillage/eligibility/facts.yaml), in
    the catalogue's order. Two queries whatever the number of offers once their rules
    are compiled (a third, for the criteria of those not compiled yet): the offers
    (their rule's key as text, and the fields a result shows) and their structures."""
    rows = list(_rows(collective).values_list("uuid_text", "updated_text", *COLUMNS))
    compiled_rules = _compiled_rows(collective, rows)
    structures = Structure.objects.filter(collective=collective).in_bulk()
    return [
        (
            OfferSummary(row[2:], compiled.uuid, structures[row[3]]),
            compiled.evaluate(facts, today),
        )
        for row, compiled in zip(rows, compiled_rules, strict=True)
    ]
