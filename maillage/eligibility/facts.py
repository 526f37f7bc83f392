"""The vocabulary of facts that criteria read, and plain-language descriptions of
conditions over them (for criteria written without a label)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import EligibilityInputError
from .rules import text

BOOLEAN = "boolean"
INTEGER = "integer"
CHOICE = "choice"
TYPES = (BOOLEAN, INTEGER, CHOICE)


@dataclass(frozen=True)
class Fact:
    id: str
    type: str
    label: Mapping
    short: Mapping
    options: tuple = ()
    unit: Mapping = field(default_factory=dict)
    min: int | None = None
    max: int | None = None

    def option_label(self, value, language: str) -> str:
        for option in self.options:
            if option["value"] == value:
                return text(option["label"], language)
        return str(value)

    def parse(self, raw: str):
        """A typed value from a form's text, or EligibilityInputError."""
        raw = (raw or "").strip()
        if self.type == BOOLEAN:
            if raw in ("yes", "true", "1"):
                return True
            if raw in ("no", "false", "0"):
                return False
            raise EligibilityInputError(f"{self.id}: yes or no.")
        if self.type == INTEGER:
            try:
                value = int(raw)
            except ValueError as error:
                raise EligibilityInputError(f"{self.id}: a whole number.") from error
            if (self.min is not None and value < self.min) or (
                self.max is not None and value > self.max
            ):
                raise EligibilityInputError(f"{self.id}: between {self.min} and {self.max}.")
            return value
        if raw not in {option["value"] for option in self.options}:
            raise EligibilityInputError(f"{self.id}: one of the options.")
        return raw


@cache
def vocabulary(path: str | None = None) -> dict[str, Fact]:
    """The facts, by id, from ``facts.yaml`` (or another file of the same shape)."""
    import yaml

    source = Path(path) if path else Path(__file__).with_name("facts.yaml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    facts = {}
    for item in data["facts"]:
        if item["type"] not in TYPES:
            raise EligibilityInputError(f"{item['id']}: unknown type {item['type']!r}.")
        facts[item["id"]] = Fact(
            id=item["id"],
            type=item["type"],
            label=item["label"],
            short=item.get("short") or item["label"],
            options=tuple(item.get("options") or ()),
            unit=item.get("unit") or {},
            min=item.get("min"),
            max=item.get("max"),
        )
    return facts


_WORDS = {
    "fr": {
        "yes": "oui",
        "no": "non",
        "and": " et ",
        "or": " ou ",
        "not": "pas : ",
        "between": "{fact} de {low} à {high}",
        "from": "{fact} : {low} ou plus",
        "to": "{fact} : {high} ou moins",
        "eq": "{fact} : {value}",
        "ne": "{fact} : autre que {value}",
        "in": "{fact} : {value}",
        "not_in": "{fact} : ni {value}",
        "lt": "{fact} : moins de {value}",
        "le": "{fact} : {value} au plus",
        "gt": "{fact} : plus de {value}",
        "ge": "{fact} : {value} au moins",
        "known": "{fact} : connu",
        "years_since_ge": "{fact} : depuis {value} ans au moins",
        "years_since_lt": "{fact} : depuis moins de {value} ans",
        "contains": "{fact} : {value}",
        "contains_any": "{fact} : {value}",
    },
    "en": {
        "yes": "yes",
        "no": "no",
        "and": " and ",
        "or": " or ",
        "not": "not: ",
        "between": "{fact} from {low} to {high}",
        "from": "{fact}: {low} or more",
        "to": "{fact}: {high} or less",
        "eq": "{fact}: {value}",
        "ne": "{fact}: other than {value}",
        "in": "{fact}: {value}",
        "not_in": "{fact}: neither {value}",
        "lt": "{fact}: under {value}",
        "le": "{fact}: {value} at most",
        "gt": "{fact}: over {value}",
        "ge": "{fact}: {value} at least",
        "known": "{fact}: known",
        "years_since_ge": "{fact}: for {value} years at least",
        "years_since_lt": "{fact}: for less than {value} years",
        "contains": "{fact}: {value}",
        "contains_any": "{fact}: {value}",
    },
}


def describe(condition: Mapping, language: str = "fr", facts: Mapping | None = None) -> str:
    """A short plain-language reading of a condition, e.g. « âge de 50 à 64 »."""
    words = _WORDS.get(language.split("-")[0], _WORDS["fr"])
    facts = vocabulary() if facts is None else facts
    if "all" in condition or "any" in condition:
        key = "all" if "all" in condition else "any"
        joiner = words["and" if key == "all" else "or"]
        return joiner.join(describe(part, language, facts) for part in condition[key])
    if "not" in condition:
        return words["not"] + describe(condition["not"], language, facts)
    fact = facts.get(condition["fact"])
    name = text(fact.short, language) if fact else condition["fact"]
    op = condition["op"]

    def show(value):
        if isinstance(value, bool):
            return words["yes"] if value else words["no"]
        if isinstance(value, list | tuple):
            return words["or"].join(show(item) for item in value)
        if fact and fact.options:
            return fact.option_label(value, language)
        unit = text(fact.unit, language) if fact else ""
        return f"{value} {unit}".strip()

    if op == "is_true":
        return words["eq"].format(fact=name, value=words["yes"])
    if op == "is_false":
        return words["eq"].format(fact=name, value=words["no"])
    if op == "between":
        low, high = condition["value"]
        if low is None:
            return words["to"].format(fact=name, high=show(high))
        if high is None:
            return words["from"].format(fact=name, low=show(low))
        return words["between"].format(fact=name, low=low, high=show(high))
    return words[op].format(fact=name, value=show(condition.get("value")))
