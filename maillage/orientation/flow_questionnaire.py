"""The public questionnaire's flow: which question comes next, and what the answers say.

Nothing of it is kept on the server. The answers travel with the page, in one hidden
field signed by the server (``dump_state`` / ``load_state``: JSON, compressed, signed
with SECRET_KEY and the collective's address), so that a person without an account can
go back and forth while the database is not written to (sessions are database-backed
here: a session would be a row).

A state is ``{"answers": {key: value}, "trail": [key, ...]}``: ``trail`` the questions
answered, in order; ``answers`` every answer given, also those of questions the
person went back past, so that going forward again shows them filled in. Only the
answers of questions on the trail count.

Questions come from parts, asked in order (``parts``): Geneva's cantonal benefits
(``qeli_questionnaire``, when the collective's region is GE and the package has them), then
the catalogue's facts (maillage/eligibility/facts.yaml), each asked only when an offer
still undecided reads it in a criterion the tool checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core import signing

from maillage.eligibility import UNCERTAIN, text
from maillage.eligibility.conditions import facts_used
from maillage.eligibility.facts import BOOLEAN, CHOICE, INTEGER, vocabulary
from maillage.eligibility.rules import UNKNOWN

from . import matching

SALT = "orientation.questionnaire"
STATE_MAX_AGE = 60 * 60 * 24 * 2  # a questionnaire left open two days starts again
FACT = "fact:"


class StateError(Exception):
    """A state that was not signed here, or is too old."""


def empty_state():
    return {"answers": {}, "trail": []}


def dump_state(collective, state) -> str:
    return signing.dumps(state, salt=f"{SALT}:{collective.slug}", compress=True)


def load_state(collective, signed) -> dict:
    if not signed:
        return empty_state()
    try:
        state = signing.loads(signed, salt=f"{SALT}:{collective.slug}", max_age=STATE_MAX_AGE)
    except signing.BadSignature as error:
        raise StateError from error
    if (
        not isinstance(state, dict)
        or not isinstance(state.get("answers"), dict)
        or not isinstance(state.get("trail"), list)
    ):
        raise StateError
    return state


@dataclass(frozen=True)
class Option:
    value: str
    label: dict


MULTI = "multi"  # several choices (check boxes)
SELECT = "select"  # one choice in a long list (a drop-down list)
DATE = "date"  # a date typed, or one of the options (since birth, I don't know)
PERSON = "person"  # someone living with the person: an age and, if they like, a first name
NO_SKIP = object()  # skip_value of a question that must be answered


class AnswerRefused(Exception):
    """An answer a question's own check refuses; ``message`` in the person's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Question:
    """One screen of the questionnaire. ``kind``: boolean, choice, integer, multi, date
    or person; labels are {language: text} (a new language is a new key). ``check``,
    if given, takes (value, language) and returns the value to keep or raises
    AnswerRefused. ``skip_value`` is what "I don't know" records (NO_SKIP: no such
    button)."""

    key: str
    kind: str
    label: dict
    help: dict = field(default_factory=dict)
    options: tuple = ()
    min: int | None = None
    max: int | None = None
    unit: dict = field(default_factory=dict)
    part: str = "catalogue"
    skip_value: object = None
    check: object = field(default=None, compare=False)
    choices_for: object = field(default=None, compare=False)  # language -> [(value, label)]

    @property
    def skippable(self):
        return self.skip_value is not NO_SKIP

    def text(self, language):
        return text(self.label, language)

    def help_text(self, language):
        return text(self.help, language) if self.help else ""

    def choices(self, language):
        if self.choices_for is not None:
            return self.choices_for(language)
        return [(option.value, text(option.label, language)) for option in self.options]


YES_NO = (Option("yes", {"fr": "Oui", "en": "Yes"}), Option("no", {"fr": "Non", "en": "No"}))


def fact_question(fact) -> Question:
    if fact.type == BOOLEAN:
        options = YES_NO
    elif fact.type == CHOICE:
        options = tuple(Option(o["value"], o["label"]) for o in fact.options)
    else:
        options = ()
    return Question(
        key=FACT + fact.id,
        kind=fact.type,
        label=fact.label,
        options=options,
        min=fact.min,
        max=fact.max,
        unit=fact.unit,
    )


def to_answer(question: Question, raw):
    """The stored value of a form's cleaned answer (None: "I don't know")."""
    if raw in (None, ""):
        return None
    if question.kind == BOOLEAN:
        return raw == "yes"
    if question.kind == INTEGER:
        return int(raw)
    return raw


def to_initial(question: Question, value):
    """A stored value as the form shows it again: {field: value}."""
    if value is None:
        return {}
    if question.kind == BOOLEAN:
        return {"answer": "yes" if value else "no"}
    if question.kind == PERSON:
        return {"answer": value.get("age"), "name": value.get("name", "")}
    if question.kind == SELECT and isinstance(value, list):
        return {"answer": value[0] if value else None}
    if question.kind == DATE:
        if value in {option for option, _label in question.choices("fr")}:
            return {"answer": value}
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return {"answer": DATE, "day": value}
        return {"answer": DATE, "day": day.strftime("%d.%m.%Y")}
    return {"answer": value}


class Flow:
    """One person's questionnaire over one collective's catalogue, on one day."""

    def __init__(self, collective, state, today: dt.date):
        self.collective = collective
        self.state = state
        self.today = today
        self._entries = None
        self.qeli = None
        from . import qeli_questionnaire

        if qeli_questionnaire.applies(collective):
            self.qeli = qeli_questionnaire.QeliPart(self)

    # -- answers

    @property
    def trail(self) -> list:
        return self.state["trail"]

    @property
    def answers(self) -> dict:
        return self.state["answers"]

    def confirmed(self) -> dict:
        """The answers that count: those of the questions on the trail."""
        return {key: self.answers.get(key) for key in self.trail}

    def facts(self) -> dict:
        """The catalogue's facts known so far (from Qeli's answers where they coincide)."""
        facts = self.qeli.facts() if self.qeli else {}
        for key, value in self.confirmed().items():
            if key.startswith(FACT) and value is not None:
                facts[key[len(FACT) :]] = value
        return facts

    def record(self, key, value):
        """The answer to ``key``: it joins the trail; a changed answer to a question
        already on it drops the questions after it from the trail (they may no longer
        apply), keeping their answers to be shown again."""
        changed = key not in self.trail or self.answers.get(key) != value
        self.answers[key] = value
        if key in self.trail:
            if changed:
                del self.trail[self.trail.index(key) + 1 :]
        else:
            self.trail.append(key)

    def remember(self, key, value):
        """An answer kept for later, off the trail (typed, then "back")."""
        self.answers[key] = value

    # -- questions

    def question(self, key) -> Question | None:
        if key.startswith(FACT):
            fact = vocabulary().get(key[len(FACT) :])
            return fact_question(fact) if fact else None
        if self.qeli:
            return self.qeli.question(key)
        return None

    def entries(self):
        if self._entries is None:
            self._entries = matching.catalogue(self.collective)
        return self._entries

    def facts_that_matter(self, facts) -> set:
        """The facts read by a criterion the tool checks and cannot decide yet, of an
        offer still undecided."""
        needed = set()
        for _entry, result in matching.evaluate_entries(self.entries(), facts, self.today):
            if result.outcome != UNCERTAIN:
                continue
            for reason in result.reasons:
                if reason.status == UNKNOWN:
                    needed |= facts_used(reason.when)
        return needed

    def pending(self) -> list[Question]:
        """The questions still to ask, as things stand (the first comes next)."""
        if self.qeli:
            qeli_next = self.qeli.next_question()
            if qeli_next is not None:
                # The rest is not known until this one is answered: count the facts.
                return [qeli_next, *self._pending_facts(self.facts())]
        return self._pending_facts(self.facts())

    def _pending_facts(self, facts) -> list[Question]:
        needed = self.facts_that_matter(facts)
        return [
            fact_question(fact)
            for fact in vocabulary().values()
            if fact.id in needed and FACT + fact.id not in self.trail
        ]

    def after(self, key) -> Question | None:
        """The question after ``key`` (just answered): the next one on the trail when the
        person is walking forward again over answers kept, else the next still to ask."""
        if key in self.trail:
            index = self.trail.index(key)
            if index + 1 < len(self.trail):
                return self.question(self.trail[index + 1])
        pending = self.pending()
        return pending[0] if pending else None

    def before(self, key) -> Question | None:
        """The question before ``key`` (None: the start page)."""
        if key in self.trail:
            index = self.trail.index(key)
            return self.question(self.trail[index - 1]) if index > 0 else None
        return self.question(self.trail[-1]) if self.trail else None

    def progress(self, key) -> tuple[int, int]:
        """(number of this question, about how many in all)."""
        position = self.trail.index(key) + 1 if key in self.trail else len(self.trail) + 1
        remaining = [q for q in self.pending() if q.key != key and q.key not in self.trail]
        return position, max(position, len(self.trail) + 1 + len(remaining))
