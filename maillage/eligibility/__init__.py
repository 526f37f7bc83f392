"""Eligibility: rules as data, a small three-valued evaluator, and Geneva's cantonal
benefits as the State's Qeli questionnaire assesses them. No Django here; see
docs/eligibility.md."""

from .errors import EligibilityInputError
from .rules import (
    ALREADY,
    ELIGIBLE,
    OUTCOMES,
    REFUSED,
    UNCERTAIN,
    Criterion,
    Reason,
    Result,
    Rule,
    RuleSet,
    evaluate,
    text,
)

__all__ = [
    "ALREADY",
    "ELIGIBLE",
    "OUTCOMES",
    "REFUSED",
    "UNCERTAIN",
    "Criterion",
    "EligibilityInputError",
    "Reason",
    "Result",
    "Rule",
    "RuleSet",
    "evaluate",
    "text",
]
