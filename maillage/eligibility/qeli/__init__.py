"""Geneva's cantonal social benefits, as the State's questionnaire Qeli assesses them.

The rules are data (``rules/*.yaml``, one file per benefit, in the format of
``maillage.eligibility.rules`` with Qeli's additions: the question at which each
criterion is decided, and whose eligibility it decides). This package adds Qeli's flow:
the household, the questions in order, which question is asked when, the refusal
cascade, and the outcome for the household and for each person.

The interface the questionnaire builds on::

    household = Household.from_dict({"civil_status": "marie", "people": [
        {"first_name": "Ana", "role": "demandeur", "age": 41},
        {"first_name": "Ruben", "role": "enfant", "age": 17}]})
    question = next_question(household, answers, today)   # a QuestionInstance, or None
    answers[question.id] = validate_answer(household, question.id, value, today)
    previous_question(household, answers, today, current=question.id)
    outcomes(household, answers, today)  # {"SUBSIDES": BenefitResult, "SUBSIDES_Ana": …}

Everything is plain data: a household and its answers are JSON-serialisable dicts.
Rules learned from Qeli's public code (AGPL-3.0, République et canton de Genève) and
written again here; see docs/eligibility.md.
"""

from .flow import (
    ALREADY,
    BENEFIT_ORDER,
    ELIGIBLE,
    REFUSED,
    BenefitResult,
    asked_questions,
    benefits_in_force,
    instance_for,
    next_question,
    outcomes,
    previous_question,
    validate_answer,
)
from .i18n import QeliInputError
from .model import (
    CIVIL_STATUS_LABELS,
    CIVIL_STATUSES,
    ROLE_LABELS,
    ROLES,
    Household,
    HouseholdError,
    Person,
)
from .questions import QUESTIONS, QUESTIONS_BY_ID, AnswerError, Option, Question, QuestionInstance

__all__ = [
    "ALREADY",
    "BENEFIT_ORDER",
    "CIVIL_STATUSES",
    "CIVIL_STATUS_LABELS",
    "ELIGIBLE",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "REFUSED",
    "ROLES",
    "ROLE_LABELS",
    "AnswerError",
    "BenefitResult",
    "Household",
    "HouseholdError",
    "Option",
    "Person",
    "QeliInputError",
    "Question",
    "QuestionInstance",
    "asked_questions",
    "benefits_in_force",
    "instance_for",
    "next_question",
    "outcomes",
    "previous_question",
    "validate_answer",
]
