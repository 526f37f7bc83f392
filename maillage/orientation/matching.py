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
import threading
from dataclasses import dataclass

from maillage.eligibility import EligibilityInputError, Result, Rule, evaluate

from .models import Offer

# Compiled rules by (uuid, updated_at). Bounded: past the limit it starts again empty
# (an offer's rule is rebuilt from its criteria in microseconds).
_CACHE: dict = {}
_CACHE_LIMIT = 50_000
_LOCK = threading.Lock()

# A rule whose criteria cannot be read (written by hand in the admin, say) is shown as
# uncertain with no reason, rather than breaking the questionnaire.
BROKEN = object()


@dataclass(frozen=True)
class Entry:
    """One published offer of the catalogue, as the matching reads it."""

    pk: int
    uuid: str
    rule: Rule | None


def _compile(uuid, criteria, updated_at):
    key = (uuid, updated_at)
    rule = _CACHE.get(key)
    if rule is None:
        try:
            rule = Rule.from_dict({"id": str(uuid), "name": {}, "criteria": criteria or []})
        except EligibilityInputError:
            rule = BROKEN
        with _LOCK:
            if len(_CACHE) >= _CACHE_LIMIT:
                _CACHE.clear()
            _CACHE[key] = rule
    return None if rule is BROKEN else rule


def forget_compiled_rules():
    """Empty the process's cache (tests)."""
    with _LOCK:
        _CACHE.clear()


def published_offers(collective):
    return Offer.objects.filter(structure__collective=collective, published=True)


def catalogue(collective) -> list[Entry]:
    """The published offers' rules, from one query."""
    rows = published_offers(collective).values_list("pk", "uuid", "criteria", "updated_at")
    return [
        Entry(pk, str(uuid), _compile(uuid, criteria, updated_at))
        for pk, uuid, criteria, updated_at in rows
    ]


def evaluate_entries(entries, facts, today: dt.date) -> list[tuple[Entry, Result]]:
    results = []
    for entry in entries:
        if entry.rule is None:
            results.append((entry, Result(entry.uuid, "uncertain", ())))
        else:
            results.append((entry, evaluate(entry.rule, facts, today)))
    return results


def match(collective, facts, today: dt.date) -> list[tuple[Offer, Result]]:
    """Every published offer of the collective's catalogue with its Result for a person
    described by ``facts`` (the fact vocabulary of maillage/eligibility/facts.yaml), in
    the catalogue's order. Two queries, whatever the number of offers."""
    evaluated = evaluate_entries(catalogue(collective), facts, today)
    offers = (
        published_offers(collective)
        .select_related("structure")
        .in_bulk([entry.pk for entry, _ in evaluated])
    )
    return [(offers[entry.pk], result) for entry, result in evaluated if entry.pk in offers]
