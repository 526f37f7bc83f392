"""Qeli's flow: which question comes when, the refusal cascade, and the outcomes.

Qeli walks through its questions in a fixed order. A question is asked only while one
of the benefits it can decide is still open for someone, and when its own skip rule
does not hold. Once a question is answered, the criteria of the rules that are decided
at that question (``at`` in the YAML files) are checked for every benefit still open;
a failed criterion refuses the benefit, with its plain-language reason. Benefits ticked
at question 0101 are "already received". Whatever is still open at the end is eligible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .facts import PER_PERSON_BENEFITS, Facts
from .groups import QUESTION_GROUP_IDS, Group, Key, build_groups, prefilled_answer
from .i18n import QeliInputError, text
from .model import Household, Person
from .questions import (
    INCONNU,
    QUESTIONS_BY_ID,
    AnswerError,
    Option,
    QuestionInstance,
    clean_answer,
)

ELIGIBLE = "eligible"
REFUSED = "refused"
ALREADY = "already"
BENEFIT_ORDER = (
    "SUBSIDES",
    "AVANCES",
    "ALLOCATION_LOGEMENT",
    "PC_FAM",
    "AIDE_SOCIALE",
    "PC_AVS_AI",
    "BOURSES",
)
RULES_DIR = Path(__file__).resolve().parent / "rules"


# -- the rules ------------------------------------------------------------------------
@dataclass(frozen=True)
class QeliCriterion:
    id: str
    at: str
    scope: str  # "all" or "subject"
    label: Mapping
    refusal: Mapping
    when: Mapping


@dataclass(frozen=True)
class Benefit:
    """One benefit's rule in force: the core Rule, and what Qeli's flow adds to it."""

    id: str
    name: Mapping
    reference: Mapping
    version: int
    per_person: bool
    holders: tuple[str, ...]
    already: Mapping
    criteria: tuple[QeliCriterion, ...]

    def criteria_at(self, question_id: str) -> list[QeliCriterion]:
        return [criterion for criterion in self.criteria if criterion.at == question_id]


def _benefit_from(data: Mapping) -> Benefit:
    from ..rules import Rule  # the core checks ids, dates and every condition

    rule = Rule.from_dict(data)
    criteria = []
    for item in data.get("criteria") or []:
        at = item.get("at")
        scope = item.get("scope", "all")
        if at not in QUESTION_GROUP_IDS:
            raise QeliInputError(f"{rule.id}.{item.get('id')}: 'at' {at!r} is not a question.")
        if scope not in ("all", "subject"):
            raise QeliInputError(f"{rule.id}.{item.get('id')}: 'scope' is all or subject.")
        criteria.append(
            QeliCriterion(
                id=str(item["id"]),
                at=at,
                scope=scope,
                label=dict(item.get("label") or {}),
                refusal=dict(item.get("refusal") or item.get("label") or {}),
                when=item["when"],
            )
        )
    return Benefit(
        id=rule.id,
        name=rule.name,
        reference=rule.reference,
        version=rule.version,
        per_person=bool(data.get("per_person")),
        holders=tuple(data.get("holders") or ("demandeur",)),
        already=rule.already or {"fact": "person.receives", "op": "contains", "value": rule.id},
        criteria=tuple(criteria),
    )


@lru_cache(maxsize=1)
def _all_rules() -> tuple[tuple[Mapping, ...], ...]:
    import yaml

    loaded = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = data.get("rules", []) if isinstance(data, Mapping) else data
        loaded.extend(items)
    return tuple(loaded)


@lru_cache(maxsize=64)
def benefits_in_force(today: dt.date) -> dict[str, Benefit]:
    """For each benefit, the highest version in force on ``today``."""
    chosen: dict[str, Mapping] = {}
    for data in _all_rules():
        start = data.get("valid_from")
        end = data.get("valid_until")
        if (start and _as_date(start) > today) or (end and _as_date(end) < today):
            continue
        current = chosen.get(data["id"])
        if current is None or int(data.get("version", 1)) > int(current.get("version", 1)):
            chosen[data["id"]] = data
    missing = [benefit for benefit in BENEFIT_ORDER if benefit not in chosen]
    if missing:
        raise QeliInputError(f"No rule in force on {today.isoformat()} for {', '.join(missing)}.")
    return {benefit: _benefit_from(chosen[benefit]) for benefit in BENEFIT_ORDER}


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# -- the walk -----------------------------------------------------------------------------
@dataclass
class Decision:
    outcome: str  # refused or already
    criterion: QeliCriterion | None = None
    at: str | None = None


@dataclass
class Walk:
    household: Household
    today: dt.date
    asked: list[QuestionInstance] = field(default_factory=list)
    waiting: QuestionInstance | None = None  # the first question without an answer
    decisions: dict[Key, Decision] = field(default_factory=dict)
    passed: dict[Key, list[QeliCriterion]] = field(default_factory=dict)
    holders: list[Key] = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # the answers of the questions asked
    benefits: dict[str, Benefit] = field(default_factory=dict)

    @property
    def open(self) -> set[Key]:
        return {key for key in self.holders if key not in self.decisions}


def _holders(household: Household, benefits: Mapping[str, Benefit]) -> list[Key]:
    keys = []
    for benefit_id in BENEFIT_ORDER:
        benefit = benefits[benefit_id]
        for person in household.people:
            if person.role in benefit.holders:
                keys.append((benefit_id, person.id))
    return keys


def _choices(question, household: Household) -> tuple[Option, ...]:
    """The options of a question for this household, when they are not the question's."""
    if question.id == "0101_prestations":
        choices = []
        for option in question.options:
            if option.value in PER_PERSON_BENEFITS:
                for person in household.family:
                    label = {
                        language: f"{text} : {person.first_name}"
                        if language == "fr"
                        else f"{text}: {person.first_name}"
                        for language, text in option.label.items()
                    }
                    choices.append(Option(f"{option.value}_{person.first_name}", label))
            else:
                choices.append(option)
        return tuple(choices)
    if question.id == "0506_parentsEnfants" and household.partner is None:
        return tuple(o for o in question.options if o.value not in ("LES_DEUX", "AUTRE_PARENT"))
    return ()


def _instance(
    question_id: str, person: Person | None, facts: Facts | None = None
) -> QuestionInstance:
    question = QUESTIONS_BY_ID[question_id]
    params = ()
    choices = ()
    if facts is not None:
        choices = _choices(question, facts.household)
        if question_id == "1302_fortuneSuperieureA":
            params = (("limit", f"{facts.wealth_limit():,}".replace(",", "\u2019")),)
    return QuestionInstance(question, person, params, choices)


def walk(
    household: Household,
    answers: Mapping,
    today: dt.date,
    *,
    fill_defaults: bool = True,
    stop_at_missing: bool = False,
) -> Walk:
    """Follow Qeli's flow with these answers. With ``stop_at_missing`` the walk stops at
    the first question still to answer (``waiting``); otherwise a missing answer is taken
    as Qeli's form would prefill it, or left unknown."""

    benefits = benefits_in_force(today)
    state = Walk(household=household, today=today, benefits=benefits)
    state.holders = _holders(household, benefits)
    people = {person.id: person for person in household.people}
    for group in build_groups(household):
        if not group.concerns(state.open):
            continue
        facts = Facts(household, state.answers, today)
        if group.skip is not None and group.skip(facts):
            continue
        if group.skip_open is not None and group.skip_open(facts, state.open):
            continue
        for question_id, person, shown in group.items:
            if shown is not None and not shown(Facts(household, state.answers, today)):
                continue
            instance = _instance(question_id, person, facts)
            value = answers.get(instance.id)
            if value is None and fill_defaults:
                value = prefilled_answer(question_id, person, household, state.answers)
            if value is None and stop_at_missing:
                state.waiting = instance
                return state
            state.asked.append(instance)
            if value is not None:
                state.answers[instance.id] = value
        _decide(state, group, people)
    return state


def _decide(state: Walk, group: Group, people: Mapping[int, Person]) -> None:
    from .. import conditions

    facts = Facts(state.household, state.answers, state.today)
    open_before = [key for key in state.holders if key not in state.decisions]
    new: dict[Key, Decision] = {}
    if group.id == "0101_prestations":
        for key in open_before:
            benefit = state.benefits[key[0]]
            if conditions.evaluate(benefit.already, facts.for_person(people[key[1]]), state.today):
                new[key] = Decision(ALREADY, at=group.id)
    for key in open_before:
        if key in new:
            continue
        benefit = state.benefits[key[0]]
        person = people[key[1]]
        for criterion in benefit.criteria_at(group.id):
            if criterion.scope == "subject" and (
                group.subject is None or group.subject.id != person.id
            ):
                continue
            verdict = conditions.evaluate(
                criterion.when, facts.for_person(person, group.subject), state.today
            )
            if verdict is False:
                new[key] = Decision(REFUSED, criterion, group.id)
                break
            if verdict is True:
                state.passed.setdefault(key, []).append(criterion)
    state.decisions.update(new)


# -- outcomes -----------------------------------------------------------------------------
@dataclass(frozen=True)
class BenefitResult:
    """A benefit's outcome for the household (``person`` None) or for one person."""

    benefit: str
    outcome: str  # eligible, refused or already
    reasons: tuple = ()  # core Reason objects: what passed, what failed
    person: str | None = None
    name: Mapping = field(default_factory=dict)
    reference: Mapping = field(default_factory=dict)
    people: tuple = ()  # for the household's result: each person's BenefitResult

    def reason_texts(self, language: str = "fr") -> list[str]:
        return [text(reason.label, language) for reason in self.reasons]

    def to_dict(self, language: str = "fr") -> dict:
        return {
            "benefit": self.benefit,
            "person": self.person,
            "outcome": self.outcome,
            "name": text(self.name, language),
            "reasons": [
                {"criterion": r.criterion, "status": r.status, "text": text(r.label, language)}
                for r in self.reasons
            ],
        }


def _person_result(state: Walk, key: Key) -> BenefitResult:
    from ..rules import FAILED, PASSED, Reason

    benefit = state.benefits[key[0]]
    person = next(p for p in state.household.people if p.id == key[1])
    decision = state.decisions.get(key)
    reasons = [
        Reason(criterion.id, criterion.label, PASSED, "tool")
        for criterion in state.passed.get(key, [])
    ]
    if decision is None:
        outcome = ELIGIBLE
    elif decision.outcome == ALREADY:
        outcome = ALREADY
        reasons = [
            Reason(
                "already",
                {"fr": "Cette aide est déjà reçue.", "en": "This help is already received."},
                PASSED,
                "tool",
            )
        ]
    else:
        outcome = REFUSED
        reasons.append(Reason(decision.criterion.id, decision.criterion.refusal, FAILED, "tool"))
    return BenefitResult(
        benefit=key[0],
        outcome=outcome,
        reasons=tuple(reasons),
        person=person.first_name,
        name=benefit.name,
        reference=benefit.reference,
    )


def results(state: Walk) -> dict[str, BenefitResult]:
    """Each benefit for the household, as Qeli's result page shows it (eligible if
    someone is; already received if everyone already receives it; refused otherwise),
    and for SUBSIDES and BOURSES each person's outcome under ``BENEFIT_Firstname``."""
    out: dict[str, BenefitResult] = {}
    for benefit_id in BENEFIT_ORDER:
        benefit = state.benefits[benefit_id]
        people = [_person_result(state, key) for key in state.holders if key[0] == benefit_id]
        outcomes = [result.outcome for result in people]
        if ELIGIBLE in outcomes:
            outcome = ELIGIBLE
        elif outcomes and all(item == ALREADY for item in outcomes):
            outcome = ALREADY
        else:
            outcome = REFUSED
        reasons = []
        seen = set()
        for result in people:
            if outcome == ELIGIBLE and result.outcome != ELIGIBLE:
                continue
            for reason in result.reasons:
                marker = (reason.criterion, reason.status)
                if marker not in seen:
                    seen.add(marker)
                    reasons.append(reason)
        out[benefit_id] = BenefitResult(
            benefit=benefit_id,
            outcome=outcome,
            reasons=tuple(reasons),
            name=benefit.name,
            reference=benefit.reference,
            people=tuple(people),
        )
        if benefit.per_person:
            for result in people:
                out[f"{benefit_id}_{result.person}"] = result
    return out


# -- the public interface -----------------------------------------------------------------
def _household(household) -> Household:
    return household if isinstance(household, Household) else Household.from_dict(household)


def _clean_all(household: Household, answers: Mapping, today: dt.date) -> dict:
    """The answers in stored form; an answer that cannot be read is kept as given."""
    cleaned = {}
    for key, value in (answers or {}).items():
        instance = instance_for(household, key)
        if instance is None:
            cleaned[key] = value
            continue
        if instance.id != key and instance.id in answers:
            continue  # the applicant's own answer, named in full, wins
        try:
            cleaned[instance.id] = clean_answer(instance, value, today, household)
        except AnswerError:
            cleaned[instance.id] = value
    return cleaned


def outcomes(household, answers: Mapping, today: dt.date) -> dict[str, BenefitResult]:
    """Every benefit's outcome for these answers (see ``results``)."""
    household = _household(household)
    state = walk(household, _clean_all(household, answers, today), today)
    return results(state)


def next_question(household, answers: Mapping, today: dt.date) -> QuestionInstance | None:
    """The next question to ask, or None when the questionnaire is done. A question comes
    only while a benefit it can decide is still open, as in Qeli."""
    household = _household(household)
    state = walk(
        household,
        _clean_all(household, answers, today),
        today,
        fill_defaults=False,
        stop_at_missing=True,
    )
    return state.waiting


def asked_questions(household, answers: Mapping, today: dt.date) -> list[QuestionInstance]:
    """The questions asked so far, in order, for these answers (the path to go back on)."""
    household = _household(household)
    state = walk(
        household,
        _clean_all(household, answers, today),
        today,
        fill_defaults=False,
        stop_at_missing=True,
    )
    return state.asked


def previous_question(
    household, answers: Mapping, today: dt.date, current: str | None = None
) -> QuestionInstance | None:
    """The question before ``current`` (an instance id) on the path these answers take;
    at the end (``current`` None) or at the question waiting for an answer, the last one
    answered; None at the start. Answers are kept: going back and forth loses nothing."""
    path = asked_questions(household, answers, today)
    ids = [instance.id for instance in path]
    if current is None or current not in ids:  # at the end, or at the question waiting
        return path[-1] if path else None
    index = ids.index(current)
    return path[index - 1] if index > 0 else None


def instance_for(household, instance_id: str) -> QuestionInstance | None:
    """The question instance named ``instance_id`` (``0401_nationalite_Ruben``)."""
    household = _household(household)
    if instance_id in QUESTIONS_BY_ID:
        question = QUESTIONS_BY_ID[instance_id]
        # A question asked per person, named without a person, is the applicant's (the
        # first answer on Qeli's screen, as its scenarios use it).
        return QuestionInstance(
            question,
            household.demandeur if question.per_person else None,
            choices=_choices(question, household),
        )
    for question_id, question in QUESTIONS_BY_ID.items():
        if question.per_person and instance_id.startswith(question_id + "_"):
            person = household.by_name(instance_id[len(question_id) + 1 :])
            if person is not None:
                return QuestionInstance(question, person, choices=_choices(question, household))
    return None


def validate_answer(household, instance_id: str, value, today: dt.date):
    """The answer in stored form, or AnswerError whose ``message`` is {fr, en}."""
    household = _household(household)
    instance = instance_for(household, instance_id)
    if instance is None:
        raise AnswerError(
            {"fr": "Cette question n'existe pas.", "en": "This question does not exist."}
        )
    return clean_answer(instance, value, today, household)


__all__ = [
    "ALREADY",
    "ELIGIBLE",
    "INCONNU",
    "REFUSED",
    "BenefitResult",
    "Person",
    "asked_questions",
    "benefits_in_force",
    "instance_for",
    "next_question",
    "outcomes",
    "previous_question",
    "validate_answer",
]
