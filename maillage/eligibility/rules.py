"""Eligibility rules as data, and the evaluator that reads them.

A rule (from YAML, or from a catalogue offer's JSON field)::

    id: qualife-50-64
    version: 1
    name: {fr: "Fondation Qualife, 50–64 ans", en: "Qualife Foundation, aged 50–64"}
    reference: {title: "Fondation Qualife, conditions d'admission", url: "https://…"}
    valid_from: 2024-01-01        # optional; valid_until too (both inclusive)
    already: {fact: receives_qualife, op: is_true}   # optional: "already received"
    criteria:
      - id: age
        label: {fr: "Avoir entre 50 et 64 ans", en: "Be aged 50 to 64"}
        when: {fact: age, op: between, value: [50, 64]}
        check: tool               # or "service": to confirm with the service

``evaluate(rule, facts, today)`` gives a Result: its outcome and one Reason per criterion.

- **already**: the ``already`` condition holds (the person already receives it);
- **refused**: a criterion checked by the tool is false;
- **uncertain**: no criterion fails, but one checked by the tool is unknown;
- **eligible**: every criterion checked by the tool holds.

Criteria marked ``service`` are not decided here: they are listed as "to confirm with
the service", whatever the facts say, so that a person is never refused on a point
only the service can judge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import conditions
from .errors import EligibilityInputError

ELIGIBLE = "eligible"
REFUSED = "refused"
ALREADY = "already"
UNCERTAIN = "uncertain"
OUTCOMES = (ELIGIBLE, REFUSED, ALREADY, UNCERTAIN)

PASSED = "passed"
FAILED = "failed"
UNKNOWN = "unknown"
TO_CONFIRM = "to_confirm"

TOOL = "tool"
SERVICE = "service"

FALLBACK_LANGUAGE = "fr"


def text(label, language: str = FALLBACK_LANGUAGE) -> str:
    """A label in ``language``, else in French, else in any language it has."""
    if label is None:
        return ""
    if isinstance(label, str):
        return label
    for code in (language, language.split("-")[0], FALLBACK_LANGUAGE):
        if label.get(code):
            return label[code]
    return next(iter(label.values()), "")


def _date(value, what) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise EligibilityInputError(f"{what}: {value!r} is not a date (YYYY-MM-DD).") from error


@dataclass(frozen=True)
class Criterion:
    id: str
    label: Mapping
    when: Mapping
    check: str = TOOL

    @classmethod
    def from_dict(cls, data: Mapping, rule_id: str) -> Criterion:
        if not isinstance(data, Mapping) or "when" not in data:
            raise EligibilityInputError(f"{rule_id}: each criterion needs a 'when' condition.")
        conditions.check(data["when"])
        check = data.get("check", TOOL)
        if check not in (TOOL, SERVICE):
            raise EligibilityInputError(
                f"{rule_id}: 'check' is 'tool' or 'service', not {check!r}."
            )
        criterion_id = str(data.get("id") or "")
        if not criterion_id:
            raise EligibilityInputError(f"{rule_id}: each criterion needs an 'id'.")
        label = data.get("label") or {}
        if isinstance(label, str):
            label = {FALLBACK_LANGUAGE: label}
        return cls(id=criterion_id, label=dict(label), when=data["when"], check=check)

    def to_dict(self) -> dict:
        return {"id": self.id, "label": dict(self.label), "when": self.when, "check": self.check}


@dataclass(frozen=True)
class Reason:
    """One criterion's verdict for one person."""

    criterion: str
    label: Mapping
    status: str  # passed, failed, unknown, to_confirm
    check: str
    when: Mapping = field(default_factory=dict, compare=False)

    def text(self, language: str = FALLBACK_LANGUAGE) -> str:
        """The criterion's own label, or else a reading of its condition."""
        if self.label:
            return text(self.label, language)
        from .facts import describe

        return describe(self.when, language) if self.when else self.criterion


@dataclass(frozen=True)
class Result:
    rule: str
    outcome: str
    reasons: tuple[Reason, ...] = ()

    def by_status(self, status: str) -> list[Reason]:
        return [reason for reason in self.reasons if reason.status == status]

    @property
    def eligible(self) -> bool:
        return self.outcome == ELIGIBLE

    def to_dict(self, language: str = FALLBACK_LANGUAGE) -> dict:
        return {
            "rule": self.rule,
            "outcome": self.outcome,
            "reasons": [
                {"criterion": r.criterion, "status": r.status, "text": r.text(language)}
                for r in self.reasons
            ],
        }


@dataclass(frozen=True)
class Rule:
    id: str
    name: Mapping
    criteria: tuple[Criterion, ...]
    version: int = 1
    reference: Mapping = field(default_factory=dict)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    already: Mapping | None = None

    @classmethod
    def from_dict(cls, data: Mapping) -> Rule:
        if not isinstance(data, Mapping):
            raise EligibilityInputError(f"A rule must be a mapping, not {data!r}.")
        rule_id = str(data.get("id") or "")
        if not rule_id:
            raise EligibilityInputError("A rule needs an 'id'.")
        raw_criteria = data.get("criteria") or []
        if not isinstance(raw_criteria, list):
            raise EligibilityInputError(f"{rule_id}: 'criteria' must be a list.")
        criteria = tuple(Criterion.from_dict(item, rule_id) for item in raw_criteria)
        ids = [criterion.id for criterion in criteria]
        if len(set(ids)) != len(ids):
            raise EligibilityInputError(f"{rule_id}: two criteria have the same id.")
        already = data.get("already")
        if already is not None:
            conditions.check(already)
        name = data.get("name") or {}
        if isinstance(name, str):
            name = {FALLBACK_LANGUAGE: name}
        try:
            version = int(data.get("version", 1))
        except (TypeError, ValueError) as error:
            raise EligibilityInputError(f"{rule_id}: 'version' must be a number.") from error
        valid_from = _date(data.get("valid_from"), f"{rule_id}: valid_from")
        valid_until = _date(data.get("valid_until"), f"{rule_id}: valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            raise EligibilityInputError(f"{rule_id}: valid_until is before valid_from.")
        return cls(
            id=rule_id,
            name=dict(name),
            criteria=criteria,
            version=version,
            reference=dict(data.get("reference") or {}),
            valid_from=valid_from,
            valid_until=valid_until,
            already=already,
        )

    def to_dict(self) -> dict:
        data = {
            "id": self.id,
            "version": self.version,
            "name": dict(self.name),
            "reference": dict(self.reference),
            "criteria": [criterion.to_dict() for criterion in self.criteria],
        }
        if self.valid_from:
            data["valid_from"] = self.valid_from.isoformat()
        if self.valid_until:
            data["valid_until"] = self.valid_until.isoformat()
        if self.already is not None:
            data["already"] = self.already
        return data

    def in_force(self, today: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_until is None or today <= self.valid_until
        )

    def facts_used(self) -> set[str]:
        used = set().union(*(conditions.facts_used(c.when) for c in self.criteria))
        if self.already is not None:
            used |= conditions.facts_used(self.already)
        return used

    def tool_facts(self) -> set[str]:
        """The facts the tool itself decides on (those worth asking)."""
        used = set()
        for criterion in self.criteria:
            if criterion.check == TOOL:
                used |= conditions.facts_used(criterion.when)
        if self.already is not None:
            used |= conditions.facts_used(self.already)
        return used


def evaluate(rule: Rule, facts: Mapping, today: dt.date) -> Result:
    """The outcome of ``rule`` for a person described by ``facts`` on ``today``."""
    reasons = []
    for criterion in rule.criteria:
        if criterion.check == SERVICE:
            status = TO_CONFIRM
        else:
            verdict = conditions.evaluate(criterion.when, facts, today)
            status = {True: PASSED, False: FAILED, None: UNKNOWN}[verdict]
        reasons.append(
            Reason(criterion.id, criterion.label, status, criterion.check, criterion.when)
        )
    reasons = tuple(reasons)
    if rule.already is not None and conditions.evaluate(rule.already, facts, today) is True:
        return Result(rule.id, ALREADY, reasons)
    statuses = {reason.status for reason in reasons}
    if FAILED in statuses:
        outcome = REFUSED
    elif UNKNOWN in statuses:
        outcome = UNCERTAIN
    else:
        outcome = ELIGIBLE
    return Result(rule.id, outcome, reasons)


class RuleSet:
    """Several rules, possibly several versions of each; one version is in force a day."""

    def __init__(self, rules: Iterable[Rule]):
        self.rules = list(rules)
        seen = set()
        for rule in self.rules:
            key = (rule.id, rule.version)
            if key in seen:
                raise EligibilityInputError(f"{rule.id}: version {rule.version} appears twice.")
            seen.add(key)

    @classmethod
    def from_yaml(cls, *paths: str | Path) -> RuleSet:
        import yaml

        rules = []
        for path in paths:
            try:
                data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError) as error:
                raise EligibilityInputError(f"{path}: cannot be read ({error}).") from error
            items = data.get("rules", []) if isinstance(data, Mapping) else data
            if not isinstance(items, list):
                raise EligibilityInputError(f"{path}: expected a list of rules.")
            rules.extend(Rule.from_dict(item) for item in items)
        return cls(rules)

    def in_force(self, today: dt.date) -> list[Rule]:
        """For each rule id, the highest version in force on ``today``."""
        chosen: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.in_force(today) and (
                rule.id not in chosen or rule.version > chosen[rule.id].version
            ):
                chosen[rule.id] = rule
        return list(chosen.values())

    def evaluate(self, facts: Mapping, today: dt.date) -> dict[str, Result]:
        return {rule.id: evaluate(rule, facts, today) for rule in self.in_force(today)}
