"""The questions of Geneva's benefits questionnaire, in plain words (FALC guidance:
short sentences, everyday words, one idea per sentence), and the checking of one answer.

A question asked about a person has an instance per person, whose id is the question's
id followed by the person's first name (``0401_nationalite_Ruben``), as in Qeli's
scenarios. ``{name}`` in a label is the person's first name; ``label_self`` is used when
the person is the one filling in the form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .countries import COUNTRY_CODES, STATELESS, country_options
from .i18n import QeliInputError, text
from .model import Household, Person

RADIO = "radio"
CHECKBOX = "checkbox"  # several choices, or one of the exclusive answers (NON, INCONNU)
SELECT = "select"  # one choice in a long list
NUMBER = "number"
TAUX = "taux"  # a work rate in percent (0 to 100)
DATE = "date"  # a date DD.MM.YYYY or YYYY-MM-DD, or one of the shortcuts
COUNTRY = "country"  # one or more ISO 3166 codes (lower case), or "apatride"
KINDS = (RADIO, CHECKBOX, SELECT, NUMBER, TAUX, DATE, COUNTRY)

OUI, NON, INCONNU = "OUI", "NON", "INCONNU"
EXCLUSIVE = (NON, INCONNU)


@dataclass(frozen=True)
class Option:
    value: str
    label: Mapping


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: Mapping
    help: Mapping = field(default_factory=dict)
    label_self: Mapping | None = None
    options: tuple[Option, ...] = ()
    per_person: bool = False
    minimum: int | None = None
    maximum: int | None = None

    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)


@dataclass(frozen=True)
class QuestionInstance:
    """One question as asked: about one person (or the household) of one household.
    ``params`` fill the label's other placeholders (``{limit}`` of 1302)."""

    question: Question
    person: Person | None = None
    params: tuple[tuple[str, str], ...] = ()
    # The options for this household when they differ from the question's (one option
    # a person for the benefits given per person; no "with my partner" without one).
    choices: tuple[Option, ...] = ()

    @property
    def option_list(self) -> tuple[Option, ...]:
        return self.choices or self.question.options

    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.option_list)

    @property
    def id(self) -> str:
        if self.person is None:
            return self.question.id
        return f"{self.question.id}_{self.person.first_name}"

    @property
    def kind(self) -> str:
        return self.question.kind

    def label(self, language: str = "fr") -> str:
        return self._format(self.question.label_self or self.question.label, language)

    def help(self, language: str = "fr") -> str:
        return self._format(self.question.help, language) if self.question.help else ""

    def options(self, language: str = "fr") -> list[tuple[str, str]]:
        if self.question.kind == COUNTRY:
            return country_options(language)
        return [
            (option.value, self._format_text(text(option.label, language)))
            for option in self.option_list
        ]

    def _format(self, label: Mapping, language: str) -> str:
        if self.person is not None and not self.person.is_demandeur:
            label = self.question.label if label is self.question.label_self else label
        return self._format_text(text(label, language))

    def _format_text(self, value: str) -> str:
        name = self.person.first_name if self.person is not None else ""
        value = value.replace("{name}", name)
        for key, param in self.params:
            value = value.replace("{" + key + "}", param)
        return value


class AnswerError(ValueError):
    """An answer that cannot be accepted; ``message`` is {fr, en}, in plain words."""

    def __init__(self, message: Mapping):
        super().__init__(message.get("en") or message.get("fr"))
        self.message = dict(message)

    def text(self, language: str = "fr") -> str:
        return text(self.message, language)


BENEFITS = (
    "SUBSIDES",
    "AVANCES",
    "ALLOCATION_LOGEMENT",
    "SUBVENTION_HM",
    "PC_AVS_AI",
    "BOURSES",
    "PC_FAM",
    "AIDE_SOCIALE",
)
PER_PERSON_BENEFITS = ("SUBSIDES", "BOURSES")
QUESTIONS_FILE = Path(__file__).resolve().parent / "questions.yaml"


def _load(path: Path = QUESTIONS_FILE) -> tuple[Question, ...]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = []
    for item in data["questions"]:
        if item["kind"] not in KINDS:
            raise QeliInputError(f"{path}: {item['id']} has an unknown kind {item['kind']!r}.")
        questions.append(
            Question(
                id=str(item["id"]),
                kind=item["kind"],
                label=dict(item["label"]),
                help=dict(item.get("help") or {}),
                label_self=dict(item["label_self"]) if item.get("label_self") else None,
                options=tuple(
                    Option(str(option["value"]), dict(option["label"]))
                    for option in item.get("options") or []
                ),
                per_person=bool(item.get("per_person")),
                minimum=item.get("min"),
                maximum=item.get("max"),
            )
        )
    return tuple(questions)


QUESTIONS: tuple[Question, ...] = _load()
QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}

_DATE_DOTTED = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
MAX_YEARS_AGO = 130


def parse_date(value) -> dt.date | None:
    """A date from DD.MM.YYYY or YYYY-MM-DD; None if it is not one."""
    if isinstance(value, dt.date):
        return value
    value = str(value).strip()
    match = _DATE_DOTTED.match(value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _split(value) -> list[str]:
    items = value if isinstance(value, list | tuple) else re.split(r"[,;]", str(value))
    return [str(item).strip() for item in items if str(item).strip()]


def _error(fr: str, en: str) -> AnswerError:
    return AnswerError({"fr": fr, "en": en})


def clean_answer(
    instance: QuestionInstance, value, today: dt.date, household: Household | None = None
):
    """The answer in its stored form, or AnswerError with a message in plain words.

    Stored forms: radio/select a value; checkbox a list of values (or ["NON"] /
    ["INCONNU"]); number and taux a number; date an ISO date or a shortcut; country a
    list of lower-case codes, or ["apatride"].
    """
    question = instance.question
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        raise _error("Choisissez ou écrivez une réponse.", "Choose or write an answer.")
    kind = question.kind
    if kind in (RADIO, SELECT):
        value = str(value).strip()
        if value not in instance.option_values():
            raise _error(
                "Choisissez une des réponses proposées.", "Choose one of the answers offered."
            )
        return value
    if kind == CHECKBOX:
        if question.id == "0101_prestations" and household is not None:
            return _clean_prestations(_split(value), household)
        items = _split(value)
        unknown = [item for item in items if item not in instance.option_values()]
        if unknown:
            raise _error(
                "Choisissez parmi les réponses proposées.", "Choose among the answers offered."
            )
        if any(item in EXCLUSIVE for item in items) and len(items) > 1:
            raise _error(
                "« Aucun » ou « Je ne sais pas » se choisit seul.",
                "“None” or “I don't know” is chosen on its own.",
            )
        return items
    if kind in (NUMBER, TAUX):
        raw = str(value).strip().replace("%", "").replace(",", ".")
        try:
            number = float(raw)
        except ValueError:
            raise _error(
                "Écrivez un nombre. Par exemple : 3.", "Write a number. For example: 3."
            ) from None
        if kind == NUMBER and number != int(number):
            raise _error(
                "Écrivez un nombre entier. Par exemple : 3.",
                "Write a whole number. For example: 3.",
            )
        if (
            question.minimum is not None
            and number < question.minimum
            or (question.maximum is not None and number > question.maximum)
        ):
            raise _error(
                f"Écrivez un nombre entre {question.minimum} et {question.maximum}.",
                f"Write a number between {question.minimum} and {question.maximum}.",
            )
        return int(number) if number == int(number) else number
    if kind == DATE:
        raw = str(value).strip()
        if raw in question.option_values() or raw == "NO_SHORTCUT":
            return raw
        date = parse_date(raw)
        if date is None:
            raise _error(
                "Écrivez une date comme ceci : 31.12.2015.",
                "Write a date like this: 31.12.2015.",
            )
        if date > today:
            raise _error(
                "Cette date est dans le futur. Écrivez une date passée.",
                "This date is in the future. Write a past date.",
            )
        if date.year < today.year - MAX_YEARS_AGO:
            raise _error(
                "Cette date est trop ancienne. Vérifiez l'année.",
                "This date is too long ago. Check the year.",
            )
        person = instance.person
        birth = (
            person.birth_date_on(today) if person is not None and household is not None else None
        )
        if birth is not None and date < birth:
            raise _error(
                "Cette date est avant la naissance. Vérifiez l'année.",
                "This date is before the birth. Check the year.",
            )
        return date.isoformat()
    if kind == COUNTRY:
        items = [item.lower() for item in _split(value)]
        if STATELESS in items:
            if len(items) > 1:
                raise _error(
                    "« Sans nationalité » se choisit seul.", "“Stateless” is chosen on its own."
                )
            return items
        unknown = [item for item in items if item not in COUNTRY_CODES]
        if unknown:
            raise _error("Choisissez un pays de la liste.", "Choose a country from the list.")
        return list(dict.fromkeys(items))
    raise _error("Cette question n'est pas connue.", "This question is not known.")


def _clean_prestations(items: list[str], household: Household) -> list[str]:
    if any(item in EXCLUSIVE for item in items):
        if len(items) > 1:
            raise _error(
                "« Aucune aide » ou « Je ne sais pas » se choisit seul.",
                "“No help” or “I don't know” is chosen on its own.",
            )
        return items
    cleaned = []
    for item in items:
        benefit, _, name = (
            item.partition("_") if item.startswith(PER_PERSON_BENEFITS) else (item, "", "")
        )
        if benefit in PER_PERSON_BENEFITS:
            person = household.by_name(name) if name else household.demandeur
            if person is None or not person.in_family:
                raise _error(
                    "Choisissez une personne de votre ménage.", "Choose a person of your household."
                )
            cleaned.append(f"{benefit}_{person.first_name}")
        elif item in BENEFITS:
            cleaned.append(item)
        else:
            raise _error("Choisissez parmi les aides proposées.", "Choose among the help offered.")
    return list(dict.fromkeys(cleaned))
