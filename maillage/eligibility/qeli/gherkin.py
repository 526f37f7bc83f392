"""A small reader of Qeli's business scenarios, written in French Gherkin.

It knows what those files use: Fonctionnalité, Contexte, Scénario, Plan du scénario
with Exemples, the step words (Etant donné que, Et que, Quand, Et, Alors, Mais), comments
and tables, and the steps of Qeli's own step definitions: the household (``je suis
"MARIE", j'ai 41 ans et je m'appelle "Ana"``, ``j'ai un "ENFANT", qui a 17 ans et il
s'appelle "Ruben"``), answers (``à la question "0401_nationalite_Ana", je réponds "fr"``,
``je coche "A,B"``, ``je réponds 3 ans``, ``je remplis:`` with a table, each optionally
``sans validation``) and expected outcomes (``la prestation "SUBSIDES" est éligible``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import QeliInputError
from .model import birth_date_for_age

STEP_WORDS = (
    "etant donné que",
    "étant donné que",
    "etant donne que",
    "étant donnée que",
    "etant donné qu'",
    "étant donné qu'",
    "etant donné",
    "étant donné",
    "soit",
    "sachant que",
    "et que",
    "et qu'",
    "quand",
    "lorsque",
    "lorsqu'",
    "alors",
    "donc",
    "et",
    "mais que",
    "mais qu'",
    "mais",
    "*",
)
SCENARIO_WORDS = ("scénario", "scenario", "exemple")
OUTLINE_WORDS = ("plan du scénario", "plan du scenario", "plan de scénario", "plan de scenario")
EXAMPLES_WORDS = ("exemples", "examples", "scénarios", "scenarios")
BACKGROUND_WORDS = ("contexte", "background")
FEATURE_WORDS = ("fonctionnalité", "fonctionnalite", "feature", "caractéristique")

_QUOTED = r'"([^"]*)"'
_ANSWER = re.compile(
    r"^(?:a|à|á)\s+la\s+question\s+" + _QUOTED + r"\s*,?\s*je\s+(?:réponds|reponds|coche)\s+"
    r"(?:" + _QUOTED + r"|(\d+)\s+ans?)\s*(sans\s+validation)?\s*$",
    re.IGNORECASE,
)
_FILL = re.compile(
    r"^(?:a|à)\s+la\s+question\s+"
    + _QUOTED
    + r"\s*,?\s*je\s+remplis\s*(?:\(sans\s+validation\))?\s*:?\s*$",
    re.IGNORECASE,
)
_APPLICANT = re.compile(
    r"^je\s+suis\s+"
    + _QUOTED
    + r"\s*,?\s*j'ai\s+(\d+)\s+ans?\s+et\s+je\s+m'appelle\s+"
    + _QUOTED
    + r"\s*$",
    re.IGNORECASE,
)
_MEMBER = re.compile(
    r"^j'?\s*ai\s+une?\s+"
    + _QUOTED
    + r"\s*,?\s*qui\s+a\s+(\d+)\s+ans?\s+et\s+(?:il|elle)\s+s'appelle\s+"
    + _QUOTED
    + r"\s*$",
    re.IGNORECASE,
)
_OUTCOME = re.compile(
    r"^la\s+prestation\s+" + _QUOTED + r"\s+est\s+(.+?)\s*$",
    re.IGNORECASE,
)


def _fold(value: str) -> str:
    """Lower case without accents, for comparing words."""
    value = unicodedata.normalize("NFKD", value.strip().lower())
    return "".join(char for char in value if not unicodedata.combining(char))


_STEP_KEYS = tuple((word, _fold(word)) for word in sorted(STEP_WORDS, key=len, reverse=True))


def outcome_word(words: str) -> str | None:
    folded = _fold(words)
    if folded.startswith(("eligible", "elligible")):
        return "eligible"
    if folded.startswith(("refusee", "refuse")):
        return "refused"
    if folded.startswith(("deja percue", "deja percu", "deja recue")):
        return "already"
    return None


@dataclass
class Scenario:
    name: str
    civil_status: str | None = None
    people: list[dict] = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    expected: dict = field(default_factory=dict)  # from the Alors lines, for tests only
    feature: str = ""
    path: str = ""
    line: int = 0

    def household_dict(self) -> dict:
        return {"civil_status": self.civil_status or "celibataire", "people": list(self.people)}


@dataclass
class _Block:
    kind: str  # background, scenario, outline
    name: str
    line: int
    steps: list[tuple[str, int, list[list[str]]]] = field(default_factory=list)
    examples: list[list[list[str]]] = field(default_factory=list)


def _strip_keyword(line: str, words) -> tuple[str | None, str]:
    """(keyword, rest) if ``line`` starts with one of ``words`` followed by ':'."""
    folded = _fold(line[:40])  # keywords are short: fold only the line's start
    for word in words:
        key = _fold(word)
        if folded.startswith(key):
            rest = line[len(word) :].lstrip() if len(line) >= len(word) else ""
            # realign on the original text: drop up to the first ':'
            if ":" in line:
                head, _, tail = line.partition(":")
                if _fold(head[:40]).strip().startswith(key):
                    return word, tail.strip()
            if not rest or rest.startswith(":"):
                return word, rest.lstrip(":").strip()
    return None, line


def _step_text(line: str) -> str | None:
    folded = _fold(line[:40])
    for word, key in _STEP_KEYS:
        if folded.startswith(key) and (
            len(folded) == len(key) or word.endswith("'") or not folded[len(key)].isalnum()
        ):
            return line[len(word) :].strip()
    return None


def _table_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_blocks(source: str) -> tuple[str, list[_Block]]:
    feature = ""
    blocks: list[_Block] = []
    current: _Block | None = None
    in_examples = False
    last_step = None
    doc_string = False
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if line.startswith('"""') or line.startswith("```"):
            doc_string = not doc_string
            continue
        if doc_string or not line or line.startswith("#") or line.startswith("@"):
            continue
        keyword, rest = _strip_keyword(line, FEATURE_WORDS)
        if keyword and ":" in line:
            feature = rest
            current = None
            continue
        keyword, rest = _strip_keyword(line, BACKGROUND_WORDS)
        if keyword and ":" in line:
            current = _Block("background", rest, number)
            blocks.append(current)
            in_examples = False
            continue
        keyword, rest = _strip_keyword(line, OUTLINE_WORDS)
        if keyword and ":" in line:
            current = _Block("outline", rest, number)
            blocks.append(current)
            in_examples = False
            continue
        keyword, rest = _strip_keyword(line, EXAMPLES_WORDS)
        if keyword and ":" in line and current is not None and current.kind == "outline":
            current.examples.append([])
            in_examples = True
            continue
        keyword, rest = _strip_keyword(line, SCENARIO_WORDS)
        if keyword and ":" in line:
            current = _Block("scenario", rest, number)
            blocks.append(current)
            in_examples = False
            continue
        if line.startswith("|"):
            if current is None:
                continue
            if in_examples:
                current.examples[-1].append(_table_row(line))
            elif last_step is not None:
                last_step[2].append(_table_row(line))
            continue
        if current is None:
            continue  # the feature's description
        step = _step_text(line)
        if step is not None:
            last_step = (step, number, [])
            current.steps.append(last_step)
            in_examples = False
    return feature, blocks


def _substitute(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"<{key}>", value)
    return text


def _apply_step(scenario: Scenario, step: str, table: list[list[str]], today: dt.date) -> None:
    step = step.replace("\u2019", "'").replace("\u00a0", " ")  # typographic apostrophes, spaces
    match = _APPLICANT.match(step)
    if match:
        status, age, name = match.groups()
        scenario.civil_status = status.strip()
        scenario.people = [{"first_name": name.strip(), "role": "demandeur", "age": int(age)}]
        return
    match = _MEMBER.match(step)
    if match:
        role, age, name = match.groups()
        scenario.people.append({"first_name": name.strip(), "role": role.strip(), "age": int(age)})
        return
    match = _ANSWER.match(step)
    if match:
        question, value, years, _ = match.groups()
        if years is not None:
            value = birth_date_for_age(int(years), today).strftime("%d.%m.%Y")
        scenario.answers[question.strip()] = value.strip()
        return
    match = _FILL.match(step)
    if match:
        for row in table:
            if len(row) >= 2:
                scenario.answers[row[0].strip()] = row[1].strip()
        return
    match = _OUTCOME.match(step)
    if match:
        benefits, words = match.groups()
        outcome = outcome_word(words)
        if outcome:
            for benefit in re.split(r"[,;]", benefits):
                if benefit.strip():
                    scenario.expected[benefit.strip()] = outcome
        return
    # Other steps (opening the form, going to the next or previous question, checking a
    # label or an error message) do not change the household or the answers.


def parse(source: str, today: dt.date, path: str = "") -> list[Scenario]:
    """The scenarios of one feature file's text."""
    feature, blocks = parse_blocks(source)
    background = [block for block in blocks if block.kind == "background"]
    scenarios: list[Scenario] = []
    for block in blocks:
        if block.kind == "background":
            continue
        rows: list[dict[str, str]] = [{}]
        if block.kind == "outline":
            rows = []
            for table in block.examples:
                if not table:
                    continue
                header = table[0]
                rows.extend(dict(zip(header, row, strict=False)) for row in table[1:])
        for values in rows:
            name = _substitute(block.name, values)
            scenario = Scenario(name=name, feature=feature, path=path, line=block.line)
            for step, _, table in [s for b in background for s in b.steps] + block.steps:
                table = [[_substitute(cell, values) for cell in row] for row in table]
                _apply_step(scenario, _substitute(step, values), table, today)
            if not scenario.people:
                raise QeliInputError(f"{path}:{block.line}: scenario {name!r} has no household.")
            scenarios.append(scenario)
    return scenarios


def parse_file(path: str | Path, today: dt.date) -> list[Scenario]:
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise QeliInputError(f"{path}: cannot be read ({error.strerror}).") from error
    return parse(source, today, str(path))
