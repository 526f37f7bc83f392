"""Which offers of a collective's catalogue a person may get into, fast.

The questionnaire evaluates the whole catalogue after every answer, and the public
search may do so on each request: with 2,000 offers that must stay well under 50 ms.
So the offers' rules are read with ONE query (uuid, criteria, updated_at, values
only), each compiled once per process and kept by (uuid, updated_at): an offer
changed gets a new key, and its old rule is simply no longer asked for. Only the
offers to be shown are then read as objects, with one more query.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass

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

from .models import Offer

# Compiled rules by (uuid, updated_at). Bounded: past the limit it starts again empty
# (an offer's rule is rebuilt from its criteria in microseconds).
_CACHE: dict = {}
_CACHE_LIMIT = 50_000
_LOCK = threading.Lock()


class Compiled:
    """An offer's rule made quick to evaluate: each possible Reason and Result is built
    once, so that an evaluation only decides each criterion and picks them. Gives the
    same Result as ``eligibility.evaluate`` (tests/orientation/test_matching.py)."""

    __slots__ = ("rule", "steps", "reasons", "results")

    def __init__(self, rule: Rule | None, uuid: str):
        self.rule = rule
        self.results = {}
        if rule is None:
            # Criteria that cannot be read (typed by hand in the admin, say): shown as
            # uncertain with no reason rather than breaking the questionnaire.
            self.steps = ()
            self.reasons = ()
            self.results[()] = Result(uuid, UNCERTAIN, ())
            return
        self.steps = tuple(
            (criterion.when if criterion.check == TOOL else None) for criterion in rule.criteria
        )
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
            TO_CONFIRM if when is None else _STATUS[conditions.evaluate(when, facts, today)]
            for when in self.steps
        )
        already = (
            self.rule.already is not None
            and conditions.evaluate(self.rule.already, facts, today) is True
        )
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


@dataclass(frozen=True)
class Entry:
    """One published offer of the catalogue, as the matching reads it."""

    pk: int
    uuid: str
    compiled: Compiled

    @property
    def rule(self):
        return self.compiled.rule


def _compile(uuid, criteria_text, updated_at):
    key = (uuid, updated_at)
    compiled = _CACHE.get(key)
    if compiled is None:
        try:
            criteria = json.loads(criteria_text) if criteria_text else []
            rule = Rule.from_dict({"id": str(uuid), "name": {}, "criteria": criteria or []})
        except (EligibilityInputError, ValueError, TypeError, AttributeError):
            rule = None
        compiled = Compiled(rule, str(uuid))
        with _LOCK:
            if len(_CACHE) >= _CACHE_LIMIT:
                _CACHE.clear()
            _CACHE[key] = compiled
    return compiled


def forget_compiled_rules():
    """Empty the process's cache (tests)."""
    with _LOCK:
        _CACHE.clear()


def published_offers(collective):
    return Offer.objects.filter(structure__collective=collective, published=True)


def catalogue(collective) -> list[Entry]:
    """The published offers' rules, from one query. The criteria are read as text and
    decoded only for an offer not compiled yet."""
    rows = (
        published_offers(collective)
        .annotate(criteria_text=Cast("criteria", TextField()))
        .values_list("pk", "uuid", "criteria_text", "updated_at")
    )
    return [
        Entry(pk, str(uuid), _compile(uuid, criteria_text, updated_at))
        for pk, uuid, criteria_text, updated_at in rows
    ]


def evaluate_entries(entries, facts, today: dt.date) -> list[tuple[Entry, Result]]:
    return [(entry, entry.compiled.evaluate(facts, today)) for entry in entries]


def evaluate_catalogue(collective, facts, today: dt.date) -> dict[str, Result]:
    """Each published offer's Result by uuid: one query, no offer read."""
    return {
        entry.uuid: result
        for entry, result in evaluate_entries(catalogue(collective), facts, today)
    }


def match(collective, facts, today: dt.date) -> list[tuple[Offer, Result]]:
    """Every published offer of the collective's catalogue with its Result for a person
    described by ``facts`` (the fact vocabulary of maillage/eligibility/facts.yaml), in
    the catalogue's order. Two queries, whatever the number of offers; the offers are
    read without their long and JSON fields, which a result does not show."""
    evaluated = evaluate_entries(catalogue(collective), facts, today)
    offers = (
        published_offers(collective)
        .select_related("structure")
        .defer("criteria", "needs", "publics", "description", "structure__description")
        .in_bulk([entry.pk for entry, _ in evaluated])
    )
    return [(offers[entry.pk], result) for entry, result in evaluated if entry.pk in offers]
